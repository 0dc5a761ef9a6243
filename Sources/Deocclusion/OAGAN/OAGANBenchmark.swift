import Foundation
import NeuralNet
import TensorCore

/// Throughput of OA-GAN on random inputs, for `unveil bench oagan-generator|oagan-train`.
public enum OAGANBenchmark {
    /// What one benchmark measured.
    public struct Result: Sendable, Codable {
        public var name: String
        public var preset: OAGANConfig.Preset
        public var inputSize: Int
        public var batchSize: Int
        public var iterations: Int
        public var seconds: Double
        /// Images per second (generator) or training steps per second (train).
        public var throughput: Double
        public var unit: String
    }

    /// Generator inference (no gradients) on `batchSize` random images, `iterations` times
    /// after one warm-up batch.
    public static func generator(preset: OAGANConfig.Preset, inputSize: Int? = nil, batchSize: Int = 8,
                                 iterations: Int = 3, seed: UInt64 = 1) throws -> Result {
        var config = OAGANConfig(preset: preset)
        if let inputSize { config.inputSize = inputSize }
        try config.validate()
        var rng = SplitMix64(seed: seed)
        let generator = OAGANGenerator(config: config, using: &rng)
        let input = Variable(Tensor.randomUniform([batchSize, 3, config.inputSize, config.inputSize],
                                                  lowerBound: -1, upperBound: 1, using: &rng))
        _ = withoutGradients { generator(input).recovered.value }
        let start = Date()
        for _ in 0..<iterations { _ = withoutGradients { generator(input).recovered.value } }
        let seconds = Date().timeIntervalSince(start)
        return Result(name: "oagan-generator", preset: preset, inputSize: config.inputSize, batchSize: batchSize,
                      iterations: iterations, seconds: seconds,
                      throughput: Double(iterations * batchSize) / seconds, unit: "images/s")
    }

    /// Full training steps (critic + generator every step, paired batches, the random-conv
    /// stand-in or `perceptual`) on random data, after one warm-up step.
    public static func training(preset: OAGANConfig.Preset, inputSize: Int? = nil, batchSize: Int = 8,
                                iterations: Int = 3, perceptual: PerceptualSpec = .randomConv(seed: 1),
                                seed: UInt64 = 1) throws -> Result {
        var config = OAGANConfig(preset: preset)
        if let inputSize { config.inputSize = inputSize }
        config.training.batchSize = batchSize
        config.training.criticStepsPerGeneratorStep = 1
        var rng = SplitMix64(seed: seed)
        let size = config.inputSize
        let samples = (0..<batchSize).map { _ in
            OAGANTrainingData.PairedSample(
                occluded: Tensor.randomUniform([3, size, size], lowerBound: -1, upperBound: 1, using: &rng),
                groundTruth: Tensor.randomUniform([3, size, size], lowerBound: -1, upperBound: 1, using: &rng),
                attributes: config.attributes.map { _ in Float(Int.random(in: 0...1, using: &rng)) })
        }
        let trainer = try OAGANTrainer(
            config: config, data: OAGANTrainingData(paired: samples, natural: []),
            featureNetwork: try perceptual.makeNetwork(settings: config.perceptual), seed: seed)
        try trainer.trainStep()
        let start = Date()
        for _ in 0..<iterations { try trainer.trainStep() }
        let seconds = Date().timeIntervalSince(start)
        return Result(name: "oagan-train", preset: preset, inputSize: size, batchSize: batchSize,
                      iterations: iterations, seconds: seconds,
                      throughput: Double(iterations) / seconds, unit: "steps/s")
    }
}
