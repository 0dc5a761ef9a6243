import TensorCore

/// LightCNN max-feature-map convolution: conv to 2·outputChannels, then the element-wise
/// max of the first and second halves of the channels (one fused op, `maxFeatureMapConv2d`).
/// - Shape: `[N, inputChannels, H, W]` → `[N, outputChannels, Hout, Wout]`
public final class MaxFeatureMapConv2D: Layer {
    public let filter: Conv2D  // key "filter", as in the official weights

    public init<G: RandomNumberGenerator>(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        initialization: Initialization = .pytorchDefault, using generator: inout G
    ) {
        filter = Conv2D(inputChannels: inputChannels, outputChannels: 2 * outputChannels, kernelSize: kernelSize,
                        stride: stride, padding: padding, initialization: initialization, using: &generator)
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        maxFeatureMapConv2d(x, weight: filter.weight, bias: filter.bias, geometry: filter.geometry)
    }

    public var namedParameters: [(key: String, parameter: Parameter)] {
        filter.namedParameters.prefixed(by: "filter")
    }
}

/// LightCNN max-feature-map linear layer: linear to 2·outputFeatures, then the max of
/// the two halves.
/// - Shape: `[N, inputFeatures]` → `[N, outputFeatures]`
public final class MaxFeatureMapLinear: Layer {
    public let filter: Linear  // key "filter"

    public init<G: RandomNumberGenerator>(
        inputFeatures: Int, outputFeatures: Int,
        initialization: Initialization = .pytorchDefault, using generator: inout G
    ) {
        filter = Linear(inputFeatures: inputFeatures, outputFeatures: 2 * outputFeatures,
                        initialization: initialization, using: &generator)
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        maxFeatureMap(filter(x), along: 1)
    }

    public var namedParameters: [(key: String, parameter: Parameter)] {
        filter.namedParameters.prefixed(by: "filter")
    }
}
