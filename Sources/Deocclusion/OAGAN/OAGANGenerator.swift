import NeuralNet
import TensorCore

/// The generator's three outputs for a batch of occluded faces.
public struct OAGANGeneratorOutput {
    /// Predicted mask M in [0, 1], 1 = visible, 0 = occluded. Shape `[N, 1, H, W]`.
    public let mask: Variable
    /// The mask head's output before the sigmoid (M = sigmoid(maskLogits)). Shape `[N, 1, H, W]`.
    public let maskLogits: Variable
    /// The completion module's face x_synth in [−1, 1]. Shape `[N, 3, H, W]`.
    public let synthesized: Variable
    /// x_final = M ⊙ x + (1 − M) ⊙ x_synth: visible pixels kept, occluded ones synthesised.
    /// Shape `[N, 3, H, W]`.
    public let recovered: Variable
}

/// OA-GAN generator (paper Table I, public code `generator_wgan.py`).
///
/// Occlusion-aware module ("main"): conv 7×7 → 2 × down (4×4/2) → residual blocks →
/// 2 × up (deconv 4×4/2) giving *Feat*; mask head ("attetion_reg", the public code's
/// spelling) conv 7×7 → sigmoid. Face completion module ("img_reg"), fed M ⊙ *Feat*:
/// 3 × down, 3 × up, conv 7×7 → tanh. Convolutions have no bias, InstanceNorm is affine,
/// weights start from N(0, 0.02); images are in [−1, 1]. Parameter keys equal the public
/// code's, so its checkpoints load unchanged (with `config.maskBias`, not in the paper, the
/// mask head also has `attetion_reg.0.bias`, starting at that value).
/// - Shape: `[N, 3, S, S]` → mask `[N, 1, S, S]`, images `[N, 3, S, S]` (S = config.inputSize)
public final class OAGANGenerator: Layer {
    public let config: OAGANConfig
    let main: OAGANSequential
    let maskHead: Conv2D
    let completion: OAGANSequential

    public init(config: OAGANConfig, using rng: inout some RandomNumberGenerator) {
        self.config = config
        let width = config.generatorWidth
        var stages = convNormReLU(3, width, kernelSize: 7, stride: 1, padding: 3, using: &rng)
        var channels = width
        for _ in 0..<2 {
            stages += convNormReLU(channels, channels * 2, kernelSize: 4, stride: 2, padding: 1, using: &rng)
            channels *= 2
        }
        for _ in 0..<config.residualBlocks {
            stages.append(.residual(OAGANResidualBlock(channels: channels, using: &rng)))
        }
        for _ in 0..<2 {
            stages += deconvNormReLU(channels, channels / 2, using: &rng)
            channels /= 2
        }
        main = OAGANSequential(stages, scope: "main")
        let head = Conv2D(inputChannels: channels, outputChannels: 1, kernelSize: 7, stride: 1, padding: 3,
                          bias: config.maskBias != nil, initialization: .normal(standardDeviation: 0.02), using: &rng)
        if let start = config.maskBias { head.bias!.value = Tensor(shape: [1], scalars: [start]) }
        maskHead = head
        var completionStages: [OAGANStage] = []
        for _ in 0..<3 {
            completionStages += convNormReLU(channels, channels * 2, kernelSize: 4, stride: 2, padding: 1, using: &rng)
            channels *= 2
        }
        for _ in 0..<3 {
            completionStages += deconvNormReLU(channels, channels / 2, using: &rng)
            channels /= 2
        }
        completionStages.append(.conv(Conv2D(
            inputChannels: channels, outputChannels: 3, kernelSize: 7, stride: 1, padding: 3,
            bias: false, initialization: .normal(standardDeviation: 0.02), using: &rng)))
        completionStages.append(.tanh)
        completion = OAGANSequential(completionStages, scope: "img_reg")
    }

    /// Runs both modules and composes the recovered face.
    /// - Shape: `[N, 3, S, S]` → see `OAGANGeneratorOutput`
    public func callAsFunction(_ occluded: Variable) -> OAGANGeneratorOutput {
        let features = main(occluded)                      // [N, width, S, S]
        let logits = Profiler.scope("attetion_reg.0 conv7×7") { maskHead(features) }  // [N, 1, S, S]
        let mask = sigmoid(logits)
        let synthesized = completion(mask * features)      // [N, 3, S, S]
        return OAGANGeneratorOutput(
            mask: mask, maskLogits: logits, synthesized: synthesized,
            recovered: OAGANGenerator.compose(occluded: occluded, synthesized: synthesized, mask: mask))
    }

    /// x_final = M ⊙ x + (1 − M) ⊙ x_synth (paper Sec. III-A).
    /// - Shape: images `[N, 3, H, W]`, mask `[N, 1, H, W]` → `[N, 3, H, W]`
    public static func compose(occluded: Variable, synthesized: Variable, mask: Variable) -> Variable {
        mask * occluded + (1 - mask) * synthesized
    }

    public var namedParameters: [(key: String, parameter: Variable)] {
        main.namedParameters.prefixed(by: "main")
            + maskHead.namedParameters.prefixed(by: "attetion_reg.0")
            + completion.namedParameters.prefixed(by: "img_reg")
    }
}
