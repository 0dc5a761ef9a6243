import TensorCore

/// A first-order optimizer over parameters whose `grad` was filled by `backward()`.
public protocol Optimizer: AnyObject {
    /// Multiplies every group's learning rate (set by a `LearningRateSchedule`).
    var learningRateScale: Float { get set }
    /// All parameters, in state-dict index order.
    var parameters: [Parameter] { get }
    /// One update of every parameter that has a gradient.
    func step()
    /// Buffers by key (`"0.momentum_buffer"`, `"3.exp_avg"`, …) for exact resumption.
    func stateDict() -> [String: Tensor]
    /// Restores buffers saved by `stateDict()`.
    func loadState(_ state: [String: Tensor]) throws
}

extension Optimizer {
    /// Sets every parameter's gradient to nil (PyTorch `zero_grad(set_to_none=True)`).
    public func zeroGradients() {
        for parameter in parameters { parameter.grad = nil }
    }
}

/// Parameters sharing a learning rate and weight decay (PyTorch param groups).
public struct ParameterGroup {
    public var parameters: [Parameter]
    public var learningRate: Float
    public var weightDecay: Float

    public init(parameters: [Parameter], learningRate: Float, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }
}

/// Learning-rate multiplier as a function of the epoch (or step) index, starting at 0.
public enum LearningRateSchedule: Codable, Sendable, Hashable {
    /// Always 1.
    case constant
    /// factor^⌊epoch / every⌋ (PyTorch `StepLR`).
    case step(every: Int, factor: Float)
    /// 1 for `constantEpochs`, then down linearly: 1 − (epoch − constantEpochs + 1)/(decayEpochs + 1)
    /// (pix2pix `linear` policy).
    case linearDecay(constantEpochs: Int, decayEpochs: Int)

    public func scale(atEpoch epoch: Int) -> Float {
        switch self {
        case .constant:
            return 1
        case let .step(every, factor):
            return Float(Foundation.pow(Double(factor), Double(epoch / Swift.max(every, 1))))
        case let .linearDecay(constantEpochs, decayEpochs):
            return 1 - Float(Swift.max(0, epoch + 1 - constantEpochs)) / Float(decayEpochs + 1)
        }
    }
}

/// Looks up one optimizer buffer, checking its shape.
func stateEntry(_ state: [String: Tensor], _ key: String, shape: [Int]) throws -> Tensor {
    guard let tensor = state[key] else { throw NeuralNetError.optimizerState(key: key, reason: "missing") }
    guard tensor.shape == shape else {
        throw NeuralNetError.optimizerState(key: key, reason: "shape \(tensor.shape), parameter has \(shape)")
    }
    return tensor
}

import Foundation
