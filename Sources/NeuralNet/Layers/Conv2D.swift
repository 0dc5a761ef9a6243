import TensorCore

/// 2-D convolution with square kernels (PyTorch `nn.Conv2d`).
/// - Shape: `[N, inputChannels, H, W]` → `[N, outputChannels, Hout, Wout]`
public final class Conv2D: Layer {
    public let weight: Parameter  // (O, C, K, K)
    public let bias: Parameter?   // (O)
    public let geometry: ConvGeometry

    public init<G: RandomNumberGenerator>(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        bias hasBias: Bool = true, initialization: Initialization = .pytorchDefault, using generator: inout G
    ) {
        geometry = ConvGeometry(kernel: kernelSize, stride: stride, padding: padding)
        let (w, b) = initialization.parameters(
            weightShape: [outputChannels, inputChannels, kernelSize, kernelSize],
            biasShape: hasBias ? [outputChannels] : nil,
            fanIn: inputChannels * kernelSize * kernelSize, using: &generator)
        weight = Parameter(w, requiresGrad: true)
        bias = b.map { Parameter($0, requiresGrad: true) }
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        conv2d(x, weight: weight, bias: bias, geometry: geometry)
    }

    public var namedParameters: [(key: String, parameter: Parameter)] {
        weightAndBias(weight, bias)
    }
}
