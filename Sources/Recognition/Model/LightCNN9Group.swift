import NeuralNet

/// LightCNN "group": a 1×1 max-feature-map convolution keeping the channel count, then a
/// k×k max-feature-map convolution (keys `conv_a` and `conv`, as in the authors' `group`).
/// - Shape: `[N, inputChannels, H, W]` → `[N, outputChannels, H, W]` (stride 1, same padding)
public final class LightCNN9Group: Layer {
    public let convA: MaxFeatureMapConv2D  // key "conv_a": 1×1, inputChannels → inputChannels
    public let conv: MaxFeatureMapConv2D   // key "conv": k×k, inputChannels → outputChannels

    public init(convA: MaxFeatureMapConv2D, conv: MaxFeatureMapConv2D) {
        self.convA = convA
        self.conv = conv
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        conv(convA(x))
    }

    /// The same, each convolution in a profiler scope `KEY.conv_a` / `KEY.conv`.
    func profiled(_ x: Variable, as key: String) -> Variable {
        let a = Profiler.scope(key + ".conv_a") { convA(x) }
        return Profiler.scope(key + ".conv") { conv(a) }
    }

    public var namedParameters: [(key: String, parameter: Variable)] {
        convA.namedParameters.prefixed(by: "conv_a") + conv.namedParameters.prefixed(by: "conv")
    }
}
