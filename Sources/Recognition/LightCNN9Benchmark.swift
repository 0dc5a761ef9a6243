import NeuralNet
import TensorCore

/// Workloads for `unveil bench lightcnn9-train` / `lightcnn9-embed`: one SGD step (recipe
/// optimizer, dropout on) or one eval-mode embedding batch, on fixed random inputs. The bench
/// command times repeated calls; the first call warms buffers.
public final class LightCNN9Benchmark {
    public let model: LightCNN9
    public let batchSize: Int
    private let optimizer: SGD
    private let images: Tensor   // [B, 1, S, S]
    private let labels: [Int]    // [B]
    private var rng: SplitMix64

    /// - Parameters: `classes` sizes fc2 (CASIA-WebFace, the published training set, has 10,575).
    public init(inputSize: Int = 128, batchSize: Int = 32, classes: Int = 10_575, seed: UInt64 = 0) throws {
        var rng = SplitMix64(seed: seed)
        model = try LightCNN9(configuration: LightCNN9Configuration(inputSize: inputSize, classes: classes), using: &rng)
        optimizer = RecognizerTrainer.makeOptimizer(model: model, configuration: .recipe(inputSize: inputSize))
        images = Tensor.randomUniform([batchSize, 1, inputSize, inputSize], lowerBound: 0, upperBound: 1, using: &rng)
        labels = (0..<batchSize).map { _ in Int(rng.next() % UInt64(classes)) }
        self.batchSize = batchSize
        self.rng = rng
    }

    /// Forward with dropout, cross-entropy, backward and SGD update on one batch; returns the loss.
    @discardableResult
    public func trainingStep() -> Float {
        RecognizerTrainer.trainingStep(model: model, optimizer: optimizer, images: images, labels: labels, using: &rng).loss
    }

    /// Embeddings of one batch (eval mode, no graph).
    /// - Shape: → `[B, 256]`
    @discardableResult
    public func embedBatch() -> Tensor {
        model.embed(images)
    }

    /// Multiply-adds of one forward pass per image (convolutions and fc1, fc2 excluded):
    /// about 977 M at 128×128.
    public var forwardMultiplyAddsPerImage: Int {
        let s = model.configuration.inputSize
        // (output channels before MFM, input channels, kernel, side of the output map)
        let convs: [(Int, Int, Int, Int)] = [
            (96, 1, 5, s), (96, 48, 1, s / 2), (192, 48, 3, s / 2), (192, 96, 1, s / 4), (384, 96, 3, s / 4),
            (384, 192, 1, s / 8), (256, 192, 3, s / 8), (256, 128, 1, s / 8), (256, 128, 3, s / 8),
        ]
        let conv = convs.reduce(0) { $0 + $1.0 * $1.1 * $1.2 * $1.2 * $1.3 * $1.3 }
        return conv + 512 * model.configuration.fc1InputFeatures
    }
}
