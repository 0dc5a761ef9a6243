import Foundation

/// Failures of the neural-network layer: state dicts, optimizer state, checkpoints.
public enum NeuralNetError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// A state dict does not fit the model's parameters.
    case stateMismatch(StateMismatch)
    /// Optimizer state lacks an entry or has one of the wrong shape.
    case optimizerState(key: String, reason: String)
    /// A checkpoint's `__metadata__` lacks a field.
    case checkpointMetadataMissing(path: String, key: String)
    /// A checkpoint's metadata field cannot be read.
    case checkpointMetadataInvalid(path: String, key: String, value: String)
    /// A checkpoint holds a tensor outside `model.` and `optimizer.`.
    case checkpointUnexpectedTensor(path: String, name: String)

    public var description: String {
        switch self {
        case let .stateMismatch(mismatch):
            return "state dict does not match the model: \(mismatch)"
        case let .optimizerState(key, reason):
            return "optimizer state '\(key)': \(reason)"
        case let .checkpointMetadataMissing(path, key):
            return "\(path): not an unveil checkpoint: metadata field '\(key)' is missing"
        case let .checkpointMetadataInvalid(path, key, value):
            return "\(path): checkpoint metadata '\(key)' has the unreadable value '\(value)'"
        case let .checkpointUnexpectedTensor(path, name):
            return "\(path): checkpoint tensor '\(name)' is neither 'model.…' nor 'optimizer.…'"
        }
    }

    public var errorDescription: String? { description }
}

/// Failures during training.
public enum TrainingError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The loss became NaN or infinite.
    case nonFiniteLoss(step: Int, value: Float)

    public var description: String {
        switch self {
        case let .nonFiniteLoss(step, value):
            return "loss is \(value) at step \(step); lower the learning rate or check the input data"
        }
    }

    public var errorDescription: String? { description }
}

/// Returns the loss value, or throws `TrainingError.nonFiniteLoss` naming the step.
public func checkedLoss(_ loss: Variable, step: Int) throws -> Float {
    let value = loss.value.scalars.reduce(0, +)
    guard value.isFinite else { throw TrainingError.nonFiniteLoss(step: step, value: value) }
    return value
}
