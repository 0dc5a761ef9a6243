import TensorCore

/// Stochastic gradient descent exactly as `torch.optim.SGD` (no dampening, no Nesterov):
/// d = g + λ·p; b = d on the first step, else μ·b + d; p ← p − lr·b.
public final class SGD: Optimizer {
    public var parameterGroups: [ParameterGroup]
    public let momentum: Float
    public var learningRateScale: Float = 1
    private var momentumBuffers: [Tensor?]

    public init(parameterGroups: [ParameterGroup], momentum: Float = 0) {
        self.parameterGroups = parameterGroups
        self.momentum = momentum
        momentumBuffers = Array(repeating: nil, count: parameterGroups.map(\.parameters.count).reduce(0, +))
    }

    public var parameters: [Parameter] { parameterGroups.flatMap(\.parameters) }

    public func step() {
        withoutGradients {
            var index = 0
            for group in parameterGroups {
                let rate = group.learningRate * learningRateScale
                for parameter in group.parameters {
                    defer { index += 1 }
                    guard let grad = parameter.grad?.value else { continue }
                    var direction = grad
                    if group.weightDecay != 0 { direction.addScaled(parameter.value, alpha: group.weightDecay) }
                    if momentum != 0 {
                        if var buffer = momentumBuffers[index] {
                            momentumBuffers[index] = nil
                            buffer.scale(by: momentum)
                            buffer.addScaled(direction)
                            direction = buffer
                        }
                        momentumBuffers[index] = direction
                    }
                    parameter.value.addScaled(direction, alpha: -rate)
                }
            }
        }
    }

    public func stateDict() -> [String: Tensor] {
        var state: [String: Tensor] = [:]
        for (index, buffer) in momentumBuffers.enumerated() {
            if let buffer { state["\(index).momentum_buffer"] = buffer }
        }
        return state
    }

    public func loadState(_ state: [String: Tensor]) throws {
        let params = parameters
        var buffers: [Tensor?] = Array(repeating: nil, count: params.count)
        for (index, parameter) in params.enumerated() where state["\(index).momentum_buffer"] != nil {
            buffers[index] = try stateEntry(state, "\(index).momentum_buffer", shape: parameter.shape)
        }
        momentumBuffers = buffers
    }
}
