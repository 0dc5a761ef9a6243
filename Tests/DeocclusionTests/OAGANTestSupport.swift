import NeuralNet
import TensorCore
@testable import Deocclusion

/// Tiny configurations and data for fast OA-GAN tests.
enum OAGANTestSupport {
    /// 16×16 input, width 4, one residual block, a two-layer critic (4×4 map), three attributes.
    static func tinyConfig(attributes: Int = 3) -> OAGANConfig {
        var config = OAGANConfig(preset: .small)
        config.inputSize = 16
        config.generatorWidth = 4
        config.residualBlocks = 1
        config.discriminatorWidth = 4
        config.discriminatorLayers = 2
        config.attributes = Array(OAGANAttributes.paper.prefix(attributes))
        config.perceptual = PerceptualSettings(poolingStages: 2, downsampling: 1)
        config.training.batchSize = 2
        config.training.criticStepsPerGeneratorStep = 1
        config.training.stepsPerRatio = 2
        return config
    }

    /// Random paired and natural images in [−1, 1] with a square "occluder" pasted in.
    static func tinyData(config: OAGANConfig, pairs: Int = 4, seed: UInt64 = 3) -> OAGANTrainingData {
        var rng = SplitMix64(seed: seed)
        let s = config.inputSize
        func image() -> Tensor { Tensor.randomUniform([3, s, s], lowerBound: -1, upperBound: 1, using: &rng) }
        let paired = (0..<pairs).map { _ -> OAGANTrainingData.PairedSample in
            let truth = image()
            var occluded = truth.scalars
            var mask = [Float](repeating: 1, count: s * s)
            for y in (s / 4)..<(s / 2) {
                for x in (s / 4)..<(3 * s / 4) {
                    mask[y * s + x] = 0
                    for c in 0..<3 { occluded[c * s * s + y * s + x] = 0.8 }
                }
            }
            return .init(occluded: Tensor(shape: [3, s, s], scalars: occluded), groundTruth: truth,
                         mask: Tensor(shape: [1, s, s], scalars: mask),
                         attributes: config.attributes.map { _ in Float(Int.random(in: 0...1, using: &rng)) })
        }
        return OAGANTrainingData(paired: paired, natural: (0..<3).map { _ in image() }, clean: (0..<2).map { _ in image() })
    }

    /// All parameter values of a layer, concatenated in key order.
    static func flatParameters(_ layer: some Layer) -> [Float] {
        layer.namedParameters.flatMap(\.parameter.value.scalars)
    }
}
