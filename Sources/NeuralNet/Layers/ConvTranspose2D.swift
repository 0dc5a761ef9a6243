import TensorCore

/// 2-D transposed convolution (PyTorch `nn.ConvTranspose2d`, no output padding); the
/// weight is `[inputChannels, outputChannels, K, K]` as in PyTorch, and PyTorch computes
/// its fan-in from axis 1 (outputChannels · K²).
/// - Shape: `[N, inputChannels, H, W]` → `[N, outputChannels, (H−1)·s − 2p + K, …]`
public final class ConvTranspose2D: Layer {
    public let weight: Parameter  // (C_in, C_out, K, K)
    public let bias: Parameter?   // (C_out)
    public let geometry: ConvGeometry

    public init<G: RandomNumberGenerator>(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        bias hasBias: Bool = true, initialization: Initialization = .pytorchDefault, using generator: inout G
    ) {
        geometry = ConvGeometry(kernel: kernelSize, stride: stride, padding: padding)
        let (w, b) = initialization.parameters(
            weightShape: [inputChannels, outputChannels, kernelSize, kernelSize],
            biasShape: hasBias ? [outputChannels] : nil,
            fanIn: outputChannels * kernelSize * kernelSize, using: &generator)
        weight = Parameter(w, requiresGrad: true)
        bias = b.map { Parameter($0, requiresGrad: true) }
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        convTranspose2d(x, weight: weight, bias: bias, geometry: geometry)
    }

    public var namedParameters: [(key: String, parameter: Parameter)] {
        weightAndBias(weight, bias)
    }
}
