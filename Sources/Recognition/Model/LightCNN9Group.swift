import NeuralNet

/// LightCNN "group": a 1×1 max-feature-map convolution keeping the channel count, then a
/// k×k max-feature-map convolution (keys `conv_a` and `conv`, as in the authors' `group`).
/// - Shape: `[N, inputChannels, H, W]` → `[N, outputChannels, H, W]` (stride 1, same padding)
public final class LightCNN9Group: Layer {
    public let convA: MaxFeatureMapConv2D  // key "conv_a": 1×1, inputChannels → inputChannels
    public let conv: MaxFeatureMapConv2D   // key "conv": k×k, inputChannels → outputChannels

    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, padding: Int,
                using rng: inout some RandomNumberGenerator) {
        convA = MaxFeatureMapConv2D(inputChannels: inputChannels, outputChannels: inputChannels,
                                    kernelSize: 1, stride: 1, padding: 0, using: &rng)
        conv = MaxFeatureMapConv2D(inputChannels: inputChannels, outputChannels: outputChannels,
                                   kernelSize: kernelSize, stride: 1, padding: padding, using: &rng)
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        conv(convA(x))
    }

    public var namedParameters: [(key: String, parameter: Variable)] {
        convA.namedParameters.prefixed(by: "conv_a") + conv.namedParameters.prefixed(by: "conv")
    }
}
