import Foundation

/// Failures of the neural-network layer: state dicts, optimizer state, checkpoints.
public enum NeuralNetError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// A state dict does not fit the model's parameters.
    case stateMismatch(StateMismatch)
    /// Optimizer state lacks an entry or has one of the wrong shape.
    case optimizerState(key: String, reason: String)

    public var description: String {
        switch self {
        case let .stateMismatch(mismatch):
            return "state dict does not match the model: \(mismatch)"
        case let .optimizerState(key, reason):
            return "optimizer state '\(key)': \(reason)"
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
