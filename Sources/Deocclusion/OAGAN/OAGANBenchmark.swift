import Foundation
import NeuralNet
import TensorCore

/// Throughput of OA-GAN on random inputs, for `unveil bench oagan-generator|oagan-train`.
public enum OAGANBenchmark {
    /// The preset a benchmark input size stands for: 64 → small, otherwise the paper's networks
    /// at that size.
    public static func config(inputSize: Int) throws -> OAGANConfig {
        var config = OAGANConfig(preset: inputSize <= 64 ? .small : .paper)
        config.inputSize = inputSize
        try config.validate()
        return config
    }

    /// A measurement and its per-scope profile (scopes `main.3 norm`, `img_reg.0 conv4×4/2`, …,
    /// `D.main.0 conv4×4/2`; forward multiply-adds as counted by the ops).
    public struct Measurement: Sendable {
        public var result: Benchmark.Result
        public var layers: [Profiler.Entry]
        /// sgemm GFLOP/s measured between the profiled runs.
        public var sgemmGFLOPS: Double
    }

    /// Generator inference (no gradients) on `batchSize` random faces per run.
    public static func generator(inputSize: Int, batchSize: Int, bench: Benchmark, seed: UInt64 = 1) throws -> Measurement {
        let config = try config(inputSize: inputSize)
        var rng = SplitMix64(seed: seed)
        let generator = OAGANGenerator(config: config, using: &rng)
        let input = Variable(Tensor.randomUniform([batchSize, 3, inputSize, inputSize], lowerBound: -1, upperBound: 1, using: &rng))
        let flops = 2 * generatorMultiplyAdds(config) * Double(batchSize)
        let step = { _ = withoutGradients { generator(input).recovered.value } }
        let result = bench.measure("oagan-generator (\(config.preset))", flops: flops, images: batchSize, step)
        let (layers, rate) = bench.profile(runs: 3, step)
        return Measurement(result: result, layers: layers, sgemmGFLOPS: rate)
    }

    /// Training steps on random paired data with the critic and the generator updated every
    /// step and the random-conv stand-in (or `perceptual`) as feature network. FLOPs count
    /// the generator (one no-grad forward for the critic step, forward and backward for its
    /// own step) and the critic's forward passes; the penalty's double backward and the
    /// feature network are left out, so GFLOP/s is a lower bound.
    public static func training(inputSize: Int, batchSize: Int, bench: Benchmark,
                                perceptual: PerceptualSpec = .randomConv(seed: 1), seed: UInt64 = 1) throws -> Measurement {
        var config = try config(inputSize: inputSize)
        config.training.batchSize = batchSize
        config.training.criticStepsPerGeneratorStep = 1
        var rng = SplitMix64(seed: seed)
        let samples = (0..<batchSize).map { _ in
            OAGANTrainingData.PairedSample(
                occluded: Tensor.randomUniform([3, inputSize, inputSize], lowerBound: -1, upperBound: 1, using: &rng),
                groundTruth: Tensor.randomUniform([3, inputSize, inputSize], lowerBound: -1, upperBound: 1, using: &rng),
                attributes: config.attributes.map { _ in Float(Int.random(in: 0...1, using: &rng)) })
        }
        let trainer = try OAGANTrainer(
            config: config, data: OAGANTrainingData(paired: samples, natural: []),
            featureNetwork: try perceptual.makeNetwork(settings: config.perceptual), seed: seed)
        let flops = 2 * (4 * generatorMultiplyAdds(config) + 3 * discriminatorMultiplyAdds(config)) * Double(batchSize)
        var failure: Error?
        let step = { do { try trainer.trainStep() } catch { failure = error } }
        let result = bench.measure("oagan-train (\(config.preset))", flops: flops, images: batchSize, step)
        let (layers, rate) = bench.profile(runs: 3, step)
        if let failure { throw failure }
        return Measurement(result: result, layers: layers, sgemmGFLOPS: rate)
    }

    /// Multiply-adds of one generator forward pass on one image.
    public static func generatorMultiplyAdds(_ config: OAGANConfig) -> Double {
        var total = 0.0
        var size = config.inputSize
        var channels = config.generatorWidth
        func conv(_ c: Int, _ o: Int, _ k: Int, outputSize: Int) { total += Double(outputSize * outputSize * o * c * k * k) }
        conv(3, channels, 7, outputSize: size)
        for _ in 0..<2 { size /= 2; conv(channels, channels * 2, 4, outputSize: size); channels *= 2 }
        for _ in 0..<(2 * config.residualBlocks) { conv(channels, channels, 3, outputSize: size) }
        // A transposed conv costs as much as the conv it is the adjoint of.
        for _ in 0..<2 { conv(channels / 2, channels, 4, outputSize: size); size *= 2; channels /= 2 }
        conv(channels, 1, 7, outputSize: size)
        for _ in 0..<3 { size /= 2; conv(channels, channels * 2, 4, outputSize: size); channels *= 2 }
        for _ in 0..<3 { conv(channels / 2, channels, 4, outputSize: size); size *= 2; channels /= 2 }
        conv(channels, 3, 7, outputSize: size)
        return total
    }

    /// Multiply-adds of one critic forward pass on one image.
    public static func discriminatorMultiplyAdds(_ config: OAGANConfig) -> Double {
        var total = 0.0
        var size = config.inputSize
        var input = 3
        var channels = config.discriminatorWidth
        for _ in 0..<config.discriminatorLayers {
            size /= 2
            total += Double(size * size * channels * input * 16)
            input = channels
            channels *= 2
        }
        total += Double(size * size * input * 9)
        total += Double(input * config.attributes.count * size * size)
        return total
    }
}
