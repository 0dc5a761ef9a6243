import TensorCore

/// Instance normalisation (PyTorch `instance_norm`, Ulyanov et al. 2016): each sample and
/// channel normalised over H×W with the biased variance, then scaled and shifted per
/// channel when `weight`/`bias` are given.
/// - Shape: x `[N, C, H, W]`, weight and bias `[C]` → `[N, C, H, W]`
public func instanceNorm(_ x: Variable, weight: Variable? = nil, bias: Variable? = nil, epsilon: Float = 1e-5) -> Variable {
    precondition(x.shape.count == 4, "instanceNorm: input must be [N, C, H, W], got \(x.shape)")
    var y = instanceNormalized(x, epsilon: epsilon)
    let c = x.shape[1]
    if let weight { y = y * weight.reshaped(to: [1, c, 1, 1]) }
    if let bias { y = y + bias.reshaped(to: [1, c, 1, 1]) }
    return y
}

/// x̂ = (x − μ) · r per sample and channel, r = 1/√(var + ε). The first-order gradient is
/// one fused kernel; when a graph is being recorded (double backward) the same rule is
/// built from differentiable ops: r ⊙ (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)).
/// - Shape: `[N, C, H, W]` → `[N, C, H, W]`
func instanceNormalized(_ x: Variable, epsilon: Float) -> Variable {
    let (normalized, inverse) = x.value.instanceNormalized(epsilon: epsilon)
    return Variable(normalized, inputs: [x]) { g in
        guard GradientMode.isEnabled else {
            return [Variable(g.value.instanceNormBackward(normalized: normalized, inverseStandardDeviation: inverse))]
        }
        let xHat = instanceNormalized(x, epsilon: epsilon)
        let r = inverseStandardDeviation(x, epsilon: epsilon)
        let meanG = g.mean(alongAxes: [2, 3], keepingDimensions: true)
        let meanGX = (g * xHat).mean(alongAxes: [2, 3], keepingDimensions: true)
        return [r * (g - meanG - xHat * meanGX)]
    }
}

/// r = 1/√(var + ε) per sample and channel; dr/dx = −r² · x̂ / (H·W).
/// - Shape: `[N, C, H, W]` → `[N, C, 1, 1]`
func inverseStandardDeviation(_ x: Variable, epsilon: Float) -> Variable {
    let size = Float(x.shape[2] * x.shape[3])
    return Variable(x.value.instanceNormalized(epsilon: epsilon).inverseStandardDeviation, inputs: [x]) { g in
        let r = inverseStandardDeviation(x, epsilon: epsilon)
        return [-(g * r * r) * instanceNormalized(x, epsilon: epsilon) / size]
    }
}
