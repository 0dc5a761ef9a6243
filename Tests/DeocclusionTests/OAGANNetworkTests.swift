import Foundation
import NeuralNet
import TensorCore
import TestSupport
import Testing
@testable import Deocclusion

@Suite struct OAGANNetworkTests {
    /// Parameter counts at the paper's size. The public code's G has 13.9 M and its D, with
    /// seven attributes, 44.8 M; ours match them to the parameter.
    @Test func parameterCountsAtPaperSizeMatchThePublicCode() {
        var rng = SplitMix64(seed: 1)
        var config = OAGANConfig(preset: .paper)
        config.attributes = OAGANAttributes.publicCode
        #expect(OAGANGenerator(config: config, using: &rng).parameterCount == 13_925_696)
        #expect(OAGANDiscriminator(config: config, using: &rng).parameterCount == 44_778_432)
        config.attributes = OAGANAttributes.paper
        #expect(OAGANDiscriminator(config: config, using: &rng).parameterCount == 44_803_008)
    }

    @Test func keysFollowThePublicCode() {
        var rng = SplitMix64(seed: 1)
        let config = OAGANConfig(preset: .small)
        let generatorKeys = Set(OAGANGenerator(config: config, using: &rng).namedParameters.map(\.key))
        for key in ["main.0.weight", "main.1.weight", "main.1.bias", "main.9.main.0.weight", "main.9.main.4.bias",
                    "main.18.weight", "attetion_reg.0.weight", "img_reg.0.weight", "img_reg.18.weight"] {
            #expect(generatorKeys.contains(key), "missing \(key)")
        }
        #expect(!generatorKeys.contains("main.0.bias"))
        let criticKeys = Set(OAGANDiscriminator(config: config, using: &rng).namedParameters.map(\.key))
        #expect(criticKeys == Set(["main.0.weight", "main.0.bias", "main.2.weight", "main.2.bias", "main.4.weight",
                                   "main.4.bias", "main.6.weight", "main.6.bias", "main.8.weight", "main.8.bias",
                                   "conv1.weight", "conv2.weight"]))
    }

    /// The optional mask bias (not in the paper) adds exactly `attetion_reg.0.bias`, starting at
    /// the configured value; configs written before it existed decode without it.
    @Test func maskBiasAddsOneParameterAtItsStartingValue() throws {
        var rng = SplitMix64(seed: 1)
        var config = OAGANConfig(preset: .small)
        let plain = OAGANGenerator(config: config, using: &rng)
        config.maskBias = -3
        let biased = OAGANGenerator(config: config, using: &rng)
        #expect(biased.parameterCount == plain.parameterCount + 1)
        let bias = try #require(biased.namedParameters.first { $0.key == "attetion_reg.0.bias" })
        #expect(bias.parameter.value.scalars == [-3])
        #expect(!plain.namedParameters.contains { $0.key == "attetion_reg.0.bias" })
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as! [String: Any]
        json.removeValue(forKey: "maskBias")
        let old = try JSONDecoder().decode(OAGANConfig.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(old.maskBias == nil)
        #expect(try JSONDecoder().decode(OAGANConfig.self, from: JSONEncoder().encode(config)) == config)
    }

    @Test func paperSizeShapes() {
        var rng = SplitMix64(seed: 2)
        let config = OAGANConfig(preset: .paper)
        let generator = OAGANGenerator(config: config, using: &rng)
        let discriminator = OAGANDiscriminator(config: config, using: &rng)
        let input = Variable(Tensor.randomUniform([1, 3, 128, 128], lowerBound: -1, upperBound: 1, using: &rng))
        let (output, critic) = withoutGradients { () -> (OAGANGeneratorOutput, OAGANCriticOutput) in
            let output = generator(input)
            return (output, discriminator(output.recovered))
        }
        #expect(output.mask.shape == [1, 1, 128, 128])
        #expect(output.synthesized.shape == [1, 3, 128, 128])
        #expect(output.recovered.shape == [1, 3, 128, 128])
        #expect(critic.critic.shape == [1, 1, 2, 2])
        #expect(critic.attributes?.shape == [1, 10])
        #expect(output.mask.value.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(output.synthesized.value.scalars.allSatisfy { $0 >= -1 && $0 <= 1 })
    }

    @Test func smallPresetShapes() {
        var rng = SplitMix64(seed: 2)
        let config = OAGANConfig(preset: .small)
        let generator = OAGANGenerator(config: config, using: &rng)
        let discriminator = OAGANDiscriminator(config: config, using: &rng)
        let input = Variable(Tensor.randomUniform([2, 3, 64, 64], lowerBound: -1, upperBound: 1, using: &rng))
        let output = withoutGradients { generator(input) }
        let critic = withoutGradients { discriminator(output.recovered) }
        #expect(output.mask.shape == [2, 1, 64, 64])
        #expect(output.recovered.shape == [2, 3, 64, 64])
        #expect(critic.critic.shape == [2, 1, 2, 2])
        #expect(critic.attributes?.shape == [2, 10])
    }

    /// Where M = 1 the recovered image is the input, bit for bit; where M = 0 it is x_synth.
    @Test func compositionKeepsVisiblePixelsExactly() {
        var rng = SplitMix64(seed: 4)
        let n = 2, s = 8
        let occluded = Tensor.randomUniform([n, 3, s, s], lowerBound: -1, upperBound: 1, using: &rng)
        let synthesized = Tensor.randomUniform([n, 3, s, s], lowerBound: -1, upperBound: 1, using: &rng)
        let mask = (0..<(n * s * s)).map { _ in Float(Int.random(in: 0...1, using: &rng)) }
        let recovered = OAGANGenerator.compose(
            occluded: Variable(occluded), synthesized: Variable(synthesized),
            mask: Variable(Tensor(shape: [n, 1, s, s], scalars: mask))).value.scalars
        var visibleMismatches = 0, holeMismatches = 0
        for i in 0..<n {
            for c in 0..<3 {
                for p in 0..<(s * s) {
                    let index = (i * 3 + c) * s * s + p
                    if mask[i * s * s + p] == 1 {
                        if recovered[index].bitPattern != occluded.scalars[index].bitPattern { visibleMismatches += 1 }
                    } else if recovered[index].bitPattern != synthesized.scalars[index].bitPattern {
                        holeMismatches += 1
                    }
                }
            }
        }
        #expect(visibleMismatches == 0)
        #expect(holeMismatches == 0)
    }

    @Test func generatorRecoveredIsTheComposition() {
        var rng = SplitMix64(seed: 5)
        let config = OAGANTestSupport.tinyConfig()
        let generator = OAGANGenerator(config: config, using: &rng)
        let input = Variable(Tensor.randomUniform([2, 3, 16, 16], lowerBound: -1, upperBound: 1, using: &rng))
        let output = withoutGradients { generator(input) }
        let composed = withoutGradients {
            OAGANGenerator.compose(occluded: input, synthesized: output.synthesized, mask: output.mask)
        }
        #expect(maxAbsoluteDifference(output.recovered.value.scalars, composed.value.scalars) < Tolerance.kernel)
    }
}
