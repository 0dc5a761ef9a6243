import TensorCore

/// Fully connected layer (PyTorch `nn.Linear`).
/// - Shape: `[N, inputFeatures]` → `[N, outputFeatures]`
public final class Linear: Layer {
    public let weight: Parameter  // (outputFeatures, inputFeatures)
    public let bias: Parameter?   // (outputFeatures)

    public init<G: RandomNumberGenerator>(
        inputFeatures: Int, outputFeatures: Int, bias hasBias: Bool = true,
        initialization: Initialization = .pytorchDefault, using generator: inout G
    ) {
        let (w, b) = initialization.parameters(
            weightShape: [outputFeatures, inputFeatures], biasShape: hasBias ? [outputFeatures] : nil,
            fanIn: inputFeatures, using: &generator)
        weight = Parameter(w, requiresGrad: true)
        bias = b.map { Parameter($0, requiresGrad: true) }
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        linear(x, weight: weight, bias: bias)
    }

    public var namedParameters: [(key: String, parameter: Parameter)] {
        weightAndBias(weight, bias)
    }
}
