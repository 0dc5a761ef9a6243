import TensorCore

/// Instance normalisation (PyTorch `instance_norm`, Ulyanov et al. 2016): each sample and
/// channel normalised over H×W with the biased variance, then scaled and shifted per
/// channel when `weight`/`bias` are given. Composed of differentiable ops, so it has
/// exact higher derivatives.
/// - Shape: x `[N, C, H, W]`, weight and bias `[C]` → `[N, C, H, W]`
public func instanceNorm(_ x: Variable, weight: Variable? = nil, bias: Variable? = nil, epsilon: Float = 1e-5) -> Variable {
    precondition(x.shape.count == 4, "instanceNorm: input must be [N, C, H, W], got \(x.shape)")
    let centered = x - x.mean(alongAxes: [2, 3], keepingDimensions: true)
    let variance = square(centered).mean(alongAxes: [2, 3], keepingDimensions: true)
    var y = centered / sqrt(variance + epsilon)
    let c = x.shape[1]
    if let weight { y = y * weight.reshaped(to: [1, c, 1, 1]) }
    if let bias { y = y + bias.reshaped(to: [1, c, 1, 1]) }
    return y
}
