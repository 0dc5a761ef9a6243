/// Hyper-parameters of LightCNN-9 training; defaults are the public recipe (shared/lightcnn9.md):
/// SGD lr 0.01, momentum 0.9, weight decay 1e-4 (none on biases), biases 2× lr, fc2 weights
/// 10× and fc2 biases 20× lr, batch 128, lr × 0.457305 every 10 epochs, 80 epochs, dropout 0.5,
/// random crop (±S/16) and horizontal flip, shuffling every epoch. Initialisation follows the
/// authors' Caffe release rather than PyTorch's default (see `LightCNN9Initialization`).
public struct RecognizerTrainingConfiguration: Codable, Sendable, Hashable {
    /// Input side S (128 official, 64 quick preset); training images are resampled to it.
    public var inputSize: Int = 128
    public var epochs: Int = 80
    public var batchSize: Int = 128
    public var learningRate: Float = 0.01
    public var momentum: Float = 0.9
    public var weightDecay: Float = 1e-4
    /// Multiplier applied to every group's learning rate each `decayEveryEpochs` epochs.
    public var learningRateDecay: Float = 0.457305
    public var decayEveryEpochs: Int = 10
    public var dropoutProbability: Float = 0.5
    /// Weights N(0, 1/fan_in) by default (the variance of the authors' Caffe `xavier`);
    /// see `LightCNN9Initialization` for why not PyTorch's default.
    public var initialization: LightCNN9Initialization = .fanIn
    public var augmentation: Augmentation = .recipe(inputSize: 128)
    /// Share of each subject's images held out to measure validation accuracy per epoch.
    public var validationFraction: Double = 0.1
    /// Seeds initialisation, the validation split, shuffling, augmentation and dropout.
    public var seed: UInt64 = 0

    public init() {}

    /// The recipe at another input size (augmentation padding scaled to S/16).
    public static func recipe(inputSize: Int) -> Self {
        var configuration = Self()
        configuration.inputSize = inputSize
        configuration.augmentation = .recipe(inputSize: inputSize)
        return configuration
    }

    /// Learning-rate multiplier of the step schedule during `epoch` (0-based).
    public func learningRateFactor(epoch: Int) -> Float {
        var factor: Float = 1
        for _ in 0..<(epoch / decayEveryEpochs) { factor *= learningRateDecay }
        return factor
    }

    public func validate() throws {
        try LightCNN9Configuration(inputSize: inputSize).validate()
        func require(_ condition: Bool, _ reason: String) throws {
            if !condition { throw RecognitionError.invalidConfiguration(reason) }
        }
        try require(epochs >= 1, "epochs must be at least 1, got \(epochs)")
        try require(batchSize >= 1, "batch size must be at least 1, got \(batchSize)")
        let largest = LightCNN9.largestBatch(inputSize: inputSize)
        try require(batchSize <= largest, "batch size must be at most \(largest) at \(inputSize)×\(inputSize), got \(batchSize)")
        try require(learningRate > 0 && learningRate.isFinite, "learning rate must be positive, got \(learningRate)")
        try require(decayEveryEpochs >= 1, "decay interval must be at least 1 epoch, got \(decayEveryEpochs)")
        try require((0..<1).contains(dropoutProbability), "dropout must be in [0, 1), got \(dropoutProbability)")
        try require((0..<1).contains(validationFraction), "validation fraction must be in [0, 1), got \(validationFraction)")
        try require(augmentation.padding >= 0 && augmentation.padding < inputSize, "augmentation padding \(augmentation.padding) out of range")
    }

    /// The same run except for the number of epochs (which a resumed run may extend).
    func matchesForResume(_ other: Self) -> Bool {
        var a = self, b = other
        a.epochs = 0
        b.epochs = 0
        return a == b
    }
}
