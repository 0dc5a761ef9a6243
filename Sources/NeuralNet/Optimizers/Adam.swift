import Foundation
import TensorCore

/// Adam exactly as `torch.optim.Adam` (Kingma & Ba 2015, with bias correction; L2 weight
/// decay added to the gradient; no AMSGrad):
/// m ← m + (1−β₁)(g − m); v ← β₂v + (1−β₂)g²; p ← p − (lr/(1−β₁ᵗ)) · m / (√v/√(1−β₂ᵗ) + ε).
public final class Adam: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let betas: (Float, Float)
    public let epsilon: Float
    public let weightDecay: Float
    public var learningRateScale: Float = 1
    private var steps: [Int]
    private var firstMoments: [Tensor?]
    private var secondMoments: [Tensor?]

    public init(parameters: [Parameter], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999),
                epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.betas = betas
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        steps = Array(repeating: 0, count: parameters.count)
        firstMoments = Array(repeating: nil, count: parameters.count)
        secondMoments = Array(repeating: nil, count: parameters.count)
    }

    public func step() {
        let (beta1, beta2) = betas
        let rate = Double(learningRate * learningRateScale)
        for (index, parameter) in parameters.enumerated() {
            guard var grad = parameter.grad?.value else { continue }
            if weightDecay != 0 { grad.addScaled(parameter.value, alpha: weightDecay) }
            steps[index] += 1
            var m = firstMoments[index] ?? Tensor(zeros: parameter.shape)
            var v = secondMoments[index] ?? Tensor(zeros: parameter.shape)
            firstMoments[index] = nil
            secondMoments[index] = nil
            let t = Double(steps[index])
            let stepSize = Float(rate / (1 - Foundation.pow(Double(beta1), t)))
            let correction2 = Float((1 - Foundation.pow(Double(beta2), t)).squareRoot())
            let eps = epsilon
            grad.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        parameter.value.withUnsafeMutableBufferPointer { p in
                            for i in 0..<g.count {
                                m[i] += (g[i] - m[i]) * (1 - beta1)
                                v[i] = v[i] * beta2 + (1 - beta2) * g[i] * g[i]
                                let denominator = v[i].squareRoot() / correction2 + eps
                                p[i] -= stepSize * (m[i] / denominator)
                            }
                        }
                    }
                }
            }
            firstMoments[index] = m
            secondMoments[index] = v
        }
    }

    public func stateDict() -> [String: Tensor] {
        var state: [String: Tensor] = [:]
        for index in parameters.indices {
            guard let m = firstMoments[index], let v = secondMoments[index] else { continue }
            state["\(index).step"] = Tensor(Float(steps[index]))
            state["\(index).exp_avg"] = m
            state["\(index).exp_avg_sq"] = v
        }
        return state
    }

    public func loadState(_ state: [String: Tensor]) throws {
        var newSteps = Array(repeating: 0, count: parameters.count)
        var newFirst: [Tensor?] = Array(repeating: nil, count: parameters.count)
        var newSecond: [Tensor?] = Array(repeating: nil, count: parameters.count)
        for (index, parameter) in parameters.enumerated() where state["\(index).step"] != nil {
            newSteps[index] = Int(try stateEntry(state, "\(index).step", shape: []).scalar)
            newFirst[index] = try stateEntry(state, "\(index).exp_avg", shape: parameter.shape)
            newSecond[index] = try stateEntry(state, "\(index).exp_avg_sq", shape: parameter.shape)
        }
        steps = newSteps
        firstMoments = newFirst
        secondMoments = newSecond
    }
}
