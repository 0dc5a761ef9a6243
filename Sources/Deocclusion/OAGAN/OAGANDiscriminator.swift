import NeuralNet

/// The critic's two outputs.
public struct OAGANCriticOutput {
    /// Wasserstein critic map (higher = more real). Shape `[N, 1, F, F]`, F = S / 2^layers.
    public let critic: Variable
    /// Predicted attributes, or nil when the config lists none. Shape `[N, A]`.
    public let attributes: Variable?
}

/// OA-GAN discriminator (paper Table II, public code `discriminator_wgan_cls.py`): a trunk
/// of stride-2 4×4 convolutions with bias and LeakyReLU(0.01), channels doubling after the
/// first (64 → 2048 at the paper's size, 128 → 2×2); a critic head conv 3×3/1 pad 1 and an
/// attribute head conv F×F (both without bias). No normalisation (WGAN-GP forbids batch
/// statistics in the critic). PyTorch's default initialisation, as the public code never
/// re-initialises D. Keys: `main.0.weight`, `main.0.bias`, `main.2…`, `conv1.weight`, `conv2.weight`.
/// - Shape: `[N, 3, S, S]` → critic `[N, 1, F, F]`, attributes `[N, A]`
public final class OAGANDiscriminator: Layer {
    public let config: OAGANConfig
    let main: OAGANSequential
    let criticHead: Conv2D
    let attributeHead: Conv2D?

    public init(config: OAGANConfig, using rng: inout some RandomNumberGenerator) {
        self.config = config
        var stages: [OAGANStage] = []
        var inputChannels = 3
        var channels = config.discriminatorWidth
        for _ in 0..<config.discriminatorLayers {
            stages.append(.conv(Conv2D(inputChannels: inputChannels, outputChannels: channels, kernelSize: 4,
                                       stride: 2, padding: 1, bias: true, initialization: .pytorchDefault, using: &rng)))
            stages.append(.leakyReLU(config.leakySlope))
            inputChannels = channels
            channels *= 2
        }
        main = OAGANSequential(stages, scope: "D.main")
        criticHead = Conv2D(inputChannels: inputChannels, outputChannels: 1, kernelSize: 3, stride: 1, padding: 1,
                            bias: false, initialization: .pytorchDefault, using: &rng)
        if config.attributes.isEmpty {
            attributeHead = nil
        } else {
            attributeHead = Conv2D(inputChannels: inputChannels, outputChannels: config.attributes.count,
                                   kernelSize: config.discriminatorFinalSize, stride: 1, padding: 0,
                                   bias: false, initialization: .pytorchDefault, using: &rng)
        }
    }

    /// - Shape: `[N, 3, S, S]` → see `OAGANCriticOutput`
    public func callAsFunction(_ images: Variable) -> OAGANCriticOutput {
        let trunk = main(images)                                   // [N, C_last, F, F]
        let attributes = attributeHead.map { head in
            head(trunk).reshaped(to: [images.shape[0], config.attributes.count])
        }
        return OAGANCriticOutput(critic: criticHead(trunk), attributes: attributes)
    }

    public var namedParameters: [(key: String, parameter: Variable)] {
        main.namedParameters.prefixed(by: "main")
            + criticHead.namedParameters.prefixed(by: "conv1")
            + (attributeHead?.namedParameters.prefixed(by: "conv2") ?? [])
    }
}
