import TensorCore

/// Instance normalisation layer (PyTorch `nn.InstanceNorm2d`, no running statistics);
/// with `affine`, a per-channel `weight` (ones) and `bias` (zeros).
/// - Shape: `[N, channels, H, W]` → same
public final class InstanceNorm2D: Layer {
    public let weight: Parameter?  // (C)
    public let bias: Parameter?    // (C)
    public let epsilon: Float

    public init(channels: Int, affine: Bool = true, epsilon: Float = 1e-5) {
        weight = affine ? Parameter(Tensor(shape: [channels], repeating: 1), requiresGrad: true) : nil
        bias = affine ? Parameter(Tensor(zeros: [channels]), requiresGrad: true) : nil
        self.epsilon = epsilon
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        guard let weight, let bias else { return instanceNorm(x, epsilon: epsilon) }
        return instanceNormAffine(x, weight: weight, bias: bias, epsilon: epsilon, relu: false)
    }

    /// `relu(self(x))`, fused into one op when affine.
    public func withReLU(_ x: Variable) -> Variable {
        guard let weight, let bias else { return relu(instanceNorm(x, epsilon: epsilon)) }
        return instanceNormAffine(x, weight: weight, bias: bias, epsilon: epsilon, relu: true)
    }

    public var namedParameters: [(key: String, parameter: Parameter)] {
        guard let weight, let bias else { return [] }
        return [(key: "weight", parameter: weight), (key: "bias", parameter: bias)]
    }
}
