/// Optimiser, alternating-batch schedule and bookkeeping of `OAGANTrainer`.
public struct OAGANTrainingSettings: Codable, Sendable, Equatable {
    /// Images per batch (paired and natural batches alike; public code: 48).
    public var batchSize: Int
    /// Adam learning rate of both networks (paper: 1e-4).
    public var learningRate: Float = 1e-4
    /// Adam β1 (paper: 0.5).
    public var beta1: Float = 0.5
    /// Adam β2 (paper: 0.999).
    public var beta2: Float = 0.999
    /// The generator is updated once every this many critic steps (public code: 5).
    public var criticStepsPerGeneratorStep: Int
    /// Paired-to-natural batch ratio at the start (paper: 10:1).
    public var startRatio: Int = 10
    /// Paired-to-natural batch ratio at the end (paper: 1:1).
    public var endRatio: Int = 1
    /// Steps spent at each ratio before it drops by one.
    public var stepsPerRatio: Int
    /// Steps between progress lines.
    public var logEvery: Int = 10
    /// Steps between sample sheets (0 = never).
    public var sampleEvery: Int = 200
    /// Steps between checkpoints (0 = only at the end).
    public var checkpointEvery: Int = 200
    /// Generator-only steps before adversarial training starts. **Not in the paper** (0
    /// there): each such step draws a paired batch and updates only the generator, with
    /// Eq. 8 minus its adversarial and attribute terms; the critic is neither used nor
    /// updated. A CPU-budget measure: the generator gets one update per step instead of one
    /// per `criticStepsPerGeneratorStep`, and no gradient penalty is paid (see docs/oagan.md).
    public var generatorWarmupSteps: Int = 0
    /// Paste a new occluder on each paired sample's clean face whenever it is drawn, instead
    /// of using the fixed occluded image of the paired folder. **Not in the paper** (a fixed
    /// paired set there). Small paired sets are learnt by heart otherwise: on 1,322 pairs the
    /// mask IoU was 0.68 on the training pairs and 0.49 on held-out faces (docs/oagan.md).
    public var freshOcclusions: Bool = false

    public init(batchSize: Int, criticStepsPerGeneratorStep: Int, stepsPerRatio: Int) {
        self.batchSize = batchSize
        self.criticStepsPerGeneratorStep = criticStepsPerGeneratorStep
        self.stepsPerRatio = stepsPerRatio
    }

    /// Decodes, taking defaults for fields absent from older checkpoints' configs.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        criticStepsPerGeneratorStep = try c.decode(Int.self, forKey: .criticStepsPerGeneratorStep)
        stepsPerRatio = try c.decode(Int.self, forKey: .stepsPerRatio)
        learningRate = try c.decodeIfPresent(Float.self, forKey: .learningRate) ?? learningRate
        beta1 = try c.decodeIfPresent(Float.self, forKey: .beta1) ?? beta1
        beta2 = try c.decodeIfPresent(Float.self, forKey: .beta2) ?? beta2
        startRatio = try c.decodeIfPresent(Int.self, forKey: .startRatio) ?? startRatio
        endRatio = try c.decodeIfPresent(Int.self, forKey: .endRatio) ?? endRatio
        logEvery = try c.decodeIfPresent(Int.self, forKey: .logEvery) ?? logEvery
        sampleEvery = try c.decodeIfPresent(Int.self, forKey: .sampleEvery) ?? sampleEvery
        checkpointEvery = try c.decodeIfPresent(Int.self, forKey: .checkpointEvery) ?? checkpointEvery
        generatorWarmupSteps = try c.decodeIfPresent(Int.self, forKey: .generatorWarmupSteps) ?? generatorWarmupSteps
        freshOcclusions = try c.decodeIfPresent(Bool.self, forKey: .freshOcclusions) ?? freshOcclusions
    }

    /// The paired/natural schedule these settings describe.
    public var schedule: AlternatingBatchSchedule {
        AlternatingBatchSchedule(startRatio: startRatio, endRatio: endRatio, stepsPerRatio: stepsPerRatio)
    }

    func validate() throws {
        guard batchSize >= 1 else { throw OAGANError.invalidConfig("training.batchSize must be ≥ 1") }
        guard criticStepsPerGeneratorStep >= 1 else {
            throw OAGANError.invalidConfig("training.criticStepsPerGeneratorStep must be ≥ 1")
        }
        guard learningRate > 0, (0..<1).contains(beta1), (0..<1).contains(beta2) else {
            throw OAGANError.invalidConfig("training: learningRate must be > 0 and betas in [0, 1)")
        }
        guard startRatio >= endRatio, endRatio >= 0, stepsPerRatio >= 1 else {
            throw OAGANError.invalidConfig("training: need startRatio ≥ endRatio ≥ 0 and stepsPerRatio ≥ 1")
        }
        guard generatorWarmupSteps >= 0 else {
            throw OAGANError.invalidConfig("training.generatorWarmupSteps must be ≥ 0")
        }
        guard logEvery >= 1, sampleEvery >= 0, checkpointEvery >= 0 else {
            throw OAGANError.invalidConfig("training: logEvery must be ≥ 1, sampleEvery and checkpointEvery ≥ 0")
        }
    }
}
