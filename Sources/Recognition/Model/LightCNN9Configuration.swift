/// Architecture choices of a LightCNN-9 instance (shared/lightcnn9.md).
public struct LightCNN9Configuration: Codable, Sendable, Hashable {
    /// Side of the square grayscale input: 128 as published; 64 is the labelled quick preset.
    public var inputSize: Int
    /// Training identities (rows of `fc2`); `nil` builds the embedding network alone.
    public var classes: Int?
    /// Dropout between fc1 and fc2 during training (0.5 in the PyTorch release).
    public var dropoutProbability: Float
    /// How fresh weights are drawn (irrelevant when weights are loaded).
    public var initialization: LightCNN9Initialization

    public init(inputSize: Int = 128, classes: Int? = nil, dropoutProbability: Float = 0.5,
                initialization: LightCNN9Initialization = .fanIn) {
        self.inputSize = inputSize
        self.classes = classes
        self.dropoutProbability = dropoutProbability
        self.initialization = initialization
    }

    /// The published network: 128×128 input, fc1 8192 → 512.
    public static func official(classes: Int? = nil) -> Self { Self(inputSize: 128, classes: classes) }

    /// Quick CPU preset, not the published network: 64×64 input, fc1 2048 → 512.
    public static func quick(classes: Int? = nil) -> Self { Self(inputSize: 64, classes: classes) }

    /// Length of the embedding (the fc1 max-feature-map output).
    public static let embeddingFeatures = 256

    /// Inputs of fc1: the 128 × (S/16) × (S/16) map before it, flattened in C, H, W order.
    public var fc1InputFeatures: Int { 128 * (inputSize / 16) * (inputSize / 16) }

    /// A label for logs and reports, e.g. "LightCNN-9 128×128 (official)".
    public var label: String {
        let kind = inputSize == 128 ? "official" : inputSize == 64 ? "quick preset" : "custom size"
        return "LightCNN-9 \(inputSize)×\(inputSize) (\(kind))"
    }

    /// Throws `RecognitionError.unsupportedInputSize` unless the side is a positive multiple of 16.
    public func validate() throws {
        guard inputSize > 0, inputSize % 16 == 0 else { throw RecognitionError.unsupportedInputSize(inputSize) }
        if let classes, classes < 1 {
            throw RecognitionError.invalidConfiguration("classes must be at least 1, got \(classes)")
        }
    }
}
