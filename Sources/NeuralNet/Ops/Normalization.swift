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

/// Affine instance normalisation, optionally followed by ReLU, as one fused op:
/// `relu(instanceNorm(x, weight: weight, bias: bias))` (or without the ReLU) with one pass
/// forward and two backward instead of five and eight. The first-order gradient is the fused
/// kernel's; while a higher-order graph is being recorded it is built from differentiable ops.
/// - Shape: x `[N, C, H, W]`, weight and bias `[C]` → `[N, C, H, W]`
public func instanceNormAffine(_ x: Variable, weight: Variable, bias: Variable, epsilon: Float = 1e-5, relu: Bool) -> Variable {
    precondition(x.shape.count == 4, "instanceNormAffine: input must be [N, C, H, W], got \(x.shape)")
    let (y, mean, inverse) = x.value.instanceNormAffine(weight: weight.value, bias: bias.value, epsilon: epsilon, relu: relu)
    return Variable(y, inputs: [x, weight, bias]) { g in
        guard GradientMode.isEnabled else {
            let (gx, gw, gb) = g.value.instanceNormAffineBackward(
                input: x.value, output: y, weight: weight.value, mean: mean, inverseStandardDeviation: inverse, relu: relu)
            return [Variable(gx), Variable(gw), Variable(gb)]
        }
        let c = x.shape[1]
        let gated = relu ? multiply(g, byConstant: y.map { $0 > 0 ? 1 : 0 }) : g
        let xHat = instanceNormalized(x, epsilon: epsilon)
        let gHat = gated * weight.reshaped(to: [1, c, 1, 1])
        let r = inverseStandardDeviation(x, epsilon: epsilon)
        let meanG = gHat.mean(alongAxes: [2, 3], keepingDimensions: true)
        let meanGX = (gHat * xHat).mean(alongAxes: [2, 3], keepingDimensions: true)
        return [r * (gHat - meanG - xHat * meanGX),
                (gated * xHat).sum(toShape: [1, c, 1, 1]).reshaped(to: [c]),
                gated.sum(toShape: [1, c, 1, 1]).reshaped(to: [c])]
    }
}
