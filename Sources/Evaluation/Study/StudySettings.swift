import Deocclusion
import Foundation

/// LightCNN-9 input size and width, as named presets.
public enum RecognizerPreset: String, Codable, Sendable, CaseIterable {
    /// 64×64 inputs, reduced width: the demo and quick runs.
    case quick64
    /// 128×128 inputs, the paper's network.
    case full128
}

/// How the study trains each LightCNN-9 it needs.
public struct RecognizerSettings: Codable, Sendable, Equatable {
    public var preset: RecognizerPreset
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    public var seed: UInt64

    public init(preset: RecognizerPreset = .quick64, epochs: Int = 10, batchSize: Int = 32,
                learningRate: Double = 0.01, seed: UInt64 = 1) {
        self.preset = preset
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
    }

    /// Missing fields take the defaults of `init()`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RecognizerSettings()
        preset = try c.decodeIfPresent(RecognizerPreset.self, forKey: .preset) ?? d.preset
        epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? d.epochs
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? d.batchSize
        learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? d.learningRate
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
    }

    func validate() throws {
        try validateTraining(section: "recognizer", epochs: epochs, batchSize: batchSize, learningRate: learningRate)
    }
}

/// How the study trains OA-GAN when a de-occluder spec asks for a fresh model.
public struct OAGANSettings: Codable, Sendable, Equatable {
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    /// Feature network of OA-GAN's perceptual and style losses: `auto` (ImageNet VGG-16 from
    /// `models/vgg16.safetensors` when present, else the random-conv stand-in), `vgg16:PATH`,
    /// `random` or `random:SEED`. Training runs `epochs` passes over the paired data.
    public var perceptualNetwork: String
    public var seed: UInt64
    /// Weight of the mask supervision on paired batches (not in the paper: 0 there; see
    /// `OAGANLossWeights.maskSupervision`).
    public var maskSupervision: Double
    /// Share of the training steps spent as generator-only warm-up (not in the paper: 0
    /// there; see `OAGANTrainingSettings.generatorWarmupSteps`).
    public var warmupFraction: Double
    /// Starting value of a mask-head bias, nil = none (not in the paper; see `OAGANConfig.maskBias`).
    public var maskBias: Double?
    /// Form of the mask supervision, `l1` or `bce` (see `OAGANLossWeights.maskSupervisionLoss`).
    public var maskLoss: MaskSupervisionLoss
    /// Paste a new occluder on each paired face whenever it is drawn (not in the paper; see
    /// `OAGANTrainingSettings.freshOcclusions`).
    public var freshOcclusions: Bool

    public init(epochs: Int = 5, batchSize: Int = 16, learningRate: Double = 1e-4,
                perceptualNetwork: String = "auto", seed: UInt64 = 2, maskSupervision: Double = 0,
                warmupFraction: Double = 0, maskBias: Double? = nil, maskLoss: MaskSupervisionLoss = .l1,
                freshOcclusions: Bool = false) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.perceptualNetwork = perceptualNetwork
        self.seed = seed
        self.maskSupervision = maskSupervision
        self.warmupFraction = warmupFraction
        self.maskBias = maskBias
        self.maskLoss = maskLoss
        self.freshOcclusions = freshOcclusions
    }

    /// The paper's recipe (no mask supervision, no warm-up, no mask bias, fixed paired data).
    public var isPaperRecipe: Bool { maskSupervision == 0 && warmupFraction == 0 && maskBias == nil && !freshOcclusions }

    /// Missing fields take the defaults of `init()`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = OAGANSettings()
        epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? d.epochs
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? d.batchSize
        learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? d.learningRate
        perceptualNetwork = try c.decodeIfPresent(String.self, forKey: .perceptualNetwork) ?? d.perceptualNetwork
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        maskSupervision = try c.decodeIfPresent(Double.self, forKey: .maskSupervision) ?? d.maskSupervision
        warmupFraction = try c.decodeIfPresent(Double.self, forKey: .warmupFraction) ?? d.warmupFraction
        maskBias = try c.decodeIfPresent(Double.self, forKey: .maskBias) ?? d.maskBias
        maskLoss = try c.decodeIfPresent(MaskSupervisionLoss.self, forKey: .maskLoss) ?? d.maskLoss
        freshOcclusions = try c.decodeIfPresent(Bool.self, forKey: .freshOcclusions) ?? d.freshOcclusions
    }

    func validate() throws {
        try validateTraining(section: "oagan", epochs: epochs, batchSize: batchSize, learningRate: learningRate)
        guard maskSupervision >= 0, maskSupervision.isFinite else {
            throw StudyError.invalidConfig(field: "oagan.maskSupervision", reason: "must be ≥ 0 (got \(maskSupervision))")
        }
        guard (0..<1).contains(warmupFraction) else {
            throw StudyError.invalidConfig(field: "oagan.warmupFraction", reason: "must be in [0, 1) (got \(warmupFraction))")
        }
    }
}

/// Which probe/model combinations the study scores.
public struct ConditionSelection: Codable, Sendable, Equatable {
    /// Un-occluded probes with the original-trained model, where ground truth exists (upper bound).
    public var clean: Bool
    /// Occluded probes with the original-trained model (the baseline every recovery is compared with).
    public var occluded: Bool
    /// Per de-occluder: recovered probes with the model trained on that de-occluder's output.
    public var recovered: Bool
    /// Per de-occluder: recovered probes with the original-trained model (separates the two effects).
    public var recoveredWithOriginalModel: Bool

    public init(clean: Bool = true, occluded: Bool = true, recovered: Bool = true,
                recoveredWithOriginalModel: Bool = false) {
        self.clean = clean
        self.occluded = occluded
        self.recovered = recovered
        self.recoveredWithOriginalModel = recoveredWithOriginalModel
    }

    /// Missing switches take the defaults of `init()`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ConditionSelection()
        clean = try c.decodeIfPresent(Bool.self, forKey: .clean) ?? d.clean
        occluded = try c.decodeIfPresent(Bool.self, forKey: .occluded) ?? d.occluded
        recovered = try c.decodeIfPresent(Bool.self, forKey: .recovered) ?? d.recovered
        recoveredWithOriginalModel = try c.decodeIfPresent(Bool.self, forKey: .recoveredWithOriginalModel) ?? d.recoveredWithOriginalModel
    }

    /// The conditions these switches select for `deoccluders`, in report order.
    public func conditions(deoccluders: [String]) -> [ConditionID] {
        var result: [ConditionID] = []
        if clean { result.append(.clean) }
        if occluded { result.append(.occluded) }
        for spec in deoccluders {
            if recovered { result.append(.recovered(spec)) }
            if recoveredWithOriginalModel { result.append(.recoveredWithOriginalModel(spec)) }
        }
        return result
    }
}

/// Seeds of the study's random choices besides model training.
public struct StudySeeds: Codable, Sendable, Equatable {
    /// Occlusion synthesis (which occluder, where).
    public var occlusion: UInt64
    /// Bootstrap resampling.
    public var bootstrap: UInt64
    /// Which probes are shown as image strips.
    public var strips: UInt64

    public init(occlusion: UInt64 = 3, bootstrap: UInt64 = 4, strips: UInt64 = 5) {
        self.occlusion = occlusion
        self.bootstrap = bootstrap
        self.strips = strips
    }

    /// Missing seeds take the defaults of `init()`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = StudySeeds()
        occlusion = try c.decodeIfPresent(UInt64.self, forKey: .occlusion) ?? d.occlusion
        bootstrap = try c.decodeIfPresent(UInt64.self, forKey: .bootstrap) ?? d.bootstrap
        strips = try c.decodeIfPresent(UInt64.self, forKey: .strips) ?? d.strips
    }
}

/// Range checks shared by the training settings; errors name `section.field`.
private func validateTraining(section: String, epochs: Int, batchSize: Int, learningRate: Double) throws {
    guard epochs >= 1 else { throw StudyError.invalidConfig(field: "\(section).epochs", reason: "must be at least 1 (got \(epochs))") }
    guard batchSize >= 1 else { throw StudyError.invalidConfig(field: "\(section).batchSize", reason: "must be at least 1 (got \(batchSize))") }
    guard learningRate > 0, learningRate.isFinite else {
        throw StudyError.invalidConfig(field: "\(section).learningRate", reason: "must be a positive number (got \(learningRate))")
    }
}
