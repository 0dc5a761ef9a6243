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

    /// One profiled layer: its official key, forward multiply-adds per image, and whether the
    /// training step computes its input gradient (every layer but the first convolution).
    public struct Layer: Sendable {
        public var name: String
        public var multiplyAddsPerImage: Int
        public var needsInputGradient: Bool
    }

    /// The layers with work, in order (pooling and dropout have none); fc2 only with classes.
    public var layers: [Layer] {
        let s = model.configuration.inputSize
        // (key, output channels before MFM, input channels, kernel, side of the output map)
        let convs: [(String, Int, Int, Int, Int)] = [
            ("features.0", 96, 1, 5, s), ("features.2.conv_a", 96, 48, 1, s / 2), ("features.2.conv", 192, 48, 3, s / 2),
            ("features.4.conv_a", 192, 96, 1, s / 4), ("features.4.conv", 384, 96, 3, s / 4),
            ("features.6.conv_a", 384, 192, 1, s / 8), ("features.6.conv", 256, 192, 3, s / 8),
            ("features.7.conv_a", 256, 128, 1, s / 8), ("features.7.conv", 256, 128, 3, s / 8),
        ]
        var layers = convs.map { name, o, c, k, side in
            Layer(name: name, multiplyAddsPerImage: o * c * k * k * side * side, needsInputGradient: name != "features.0")
        }
        layers.append(Layer(name: "fc1", multiplyAddsPerImage: 512 * model.configuration.fc1InputFeatures, needsInputGradient: true))
        if let classes = model.configuration.classes {
            layers.append(Layer(name: "fc2", multiplyAddsPerImage: 256 * classes, needsInputGradient: true))
        }
        return layers
    }

    /// Multiply-adds of one forward pass per image (convolutions and fc1, fc2 excluded):
    /// about 977 M at 128×128.
    public var forwardMultiplyAddsPerImage: Int {
        layers.filter { $0.name != "fc2" }.map(\.multiplyAddsPerImage).reduce(0, +)
    }

    /// Floating-point operations of one layer's backward pass per image: the weight gradient,
    /// plus the input gradient where needed (2 per multiply-add each).
    public static func backwardFlopsPerImage(_ layer: Layer) -> Double {
        2 * Double(layer.multiplyAddsPerImage) * (layer.needsInputGradient ? 2 : 1)
    }

    /// Floating-point operations of one training step per image (forward and backward, fc2 included).
    public var trainingFlopsPerImage: Double {
        layers.map { 2 * Double($0.multiplyAddsPerImage) + Self.backwardFlopsPerImage($0) }.reduce(0, +)
    }

    /// Floating-point operations of one embedding per image (fc2 excluded).
    public var embeddingFlopsPerImage: Double { 2 * Double(forwardMultiplyAddsPerImage) }
}
