/// Everything that defines an OA-GAN model and its training run (Cai et al., TIFS 2020).
///
/// Echoed as JSON into every checkpoint's `__metadata__` so a checkpoint always says how it
/// was made. Two presets: `paper` (the paper's networks at 128×128, width 64) and `small`
/// (64×64 input, width 16, a shallower critic and a cheaper perceptual network, for CPU runs).
public struct OAGANConfig: Codable, Sendable, Equatable {
    /// Named starting points; every field can be changed afterwards.
    public enum Preset: String, Codable, Sendable, CaseIterable {
        /// The paper's networks: 128×128 input, width 64, six residual blocks, six critic convs.
        case paper
        /// CPU-sized: 64×64 input, width 16, six residual blocks, five critic convs.
        case small
    }

    /// Which preset these values started from (informational).
    public var preset: Preset
    /// Height and width of the (square) input image; a multiple of 2^`discriminatorLayers`.
    public var inputSize: Int
    /// Channels after the generator's first 7×7 convolution (paper: 64).
    public var generatorWidth: Int
    /// Residual blocks in the occlusion-aware module (paper and public code: 6).
    public var residualBlocks: Int
    /// Channels after the critic's first 4×4/2 convolution (paper: 64).
    public var discriminatorWidth: Int
    /// Stride-2 convolutions in the critic trunk, channels doubling after the first (paper: 6).
    public var discriminatorLayers: Int
    /// Negative slope of the critic's LeakyReLU (public code: 0.01).
    public var leakySlope: Float
    /// Attribute names predicted by the critic's auxiliary head (may be empty: no head).
    public var attributes: [String]
    /// Loss weights and their normalisations.
    public var losses: OAGANLossWeights
    /// Perceptual / style feature network settings.
    public var perceptual: PerceptualSettings
    /// Optimiser, schedule and bookkeeping of the alternating trainer.
    public var training: OAGANTrainingSettings
    /// The mask head's 7×7 convolution gets a bias starting at this value; nil = no bias, as
    /// in the paper (no convolution there has one). **Not in the paper.** Without a bias the
    /// mask logit is a bias-free convolution of ReLU features, so wherever those features are
    /// all zero the mask is exactly 0.5, and short runs get stuck there over occluders: the
    /// network marks occluders by silencing features, which cannot take M below 0.5
    /// (docs/oagan.md). A negative start (−3: M = 0.05 where features are silent) makes
    /// silenced features mean "occluded". Adds the key `attetion_reg.0.bias`.
    public var maskBias: Float?

    /// A preset's values.
    public init(preset: Preset) {
        self.preset = preset
        self.losses = OAGANLossWeights()
        self.attributes = OAGANAttributes.paper
        self.leakySlope = 0.01
        self.residualBlocks = 6
        switch preset {
        case .paper:
            inputSize = 128
            generatorWidth = 64
            discriminatorWidth = 64
            discriminatorLayers = 6
            perceptual = PerceptualSettings(poolingStages: 3, downsampling: 1)
            training = OAGANTrainingSettings(batchSize: 8, criticStepsPerGeneratorStep: 5, stepsPerRatio: 2000)
        case .small:
            inputSize = 64
            generatorWidth = 16
            discriminatorWidth = 16
            discriminatorLayers = 5
            perceptual = PerceptualSettings(poolingStages: 2, downsampling: 2)
            training = OAGANTrainingSettings(batchSize: 8, criticStepsPerGeneratorStep: 2, stepsPerRatio: 100)
        }
    }

    enum CodingKeys: String, CodingKey {
        case preset, inputSize, generatorWidth, residualBlocks, discriminatorWidth, discriminatorLayers, leakySlope
        case attributes, losses, perceptual, training, maskBias
    }

    /// Decodes; `maskBias` may be absent (older checkpoints: no bias).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        preset = try c.decode(Preset.self, forKey: .preset)
        inputSize = try c.decode(Int.self, forKey: .inputSize)
        generatorWidth = try c.decode(Int.self, forKey: .generatorWidth)
        residualBlocks = try c.decode(Int.self, forKey: .residualBlocks)
        discriminatorWidth = try c.decode(Int.self, forKey: .discriminatorWidth)
        discriminatorLayers = try c.decode(Int.self, forKey: .discriminatorLayers)
        leakySlope = try c.decode(Float.self, forKey: .leakySlope)
        attributes = try c.decode([String].self, forKey: .attributes)
        losses = try c.decode(OAGANLossWeights.self, forKey: .losses)
        perceptual = try c.decode(PerceptualSettings.self, forKey: .perceptual)
        training = try c.decode(OAGANTrainingSettings.self, forKey: .training)
        maskBias = try c.decodeIfPresent(Float.self, forKey: .maskBias)
    }

    /// Spatial size of the critic's last feature map (2 at the paper's size).
    public var discriminatorFinalSize: Int { inputSize >> discriminatorLayers }

    /// Checks the sizes fit together; throws an error naming the offending field.
    public func validate() throws {
        func fail(_ reason: String) -> OAGANError { .invalidConfig(reason) }
        guard generatorWidth > 0, discriminatorWidth > 0 else {
            throw fail("generatorWidth and discriminatorWidth must be positive")
        }
        guard residualBlocks >= 0 else { throw fail("residualBlocks must be ≥ 0") }
        guard discriminatorLayers >= 1 else { throw fail("discriminatorLayers must be ≥ 1") }
        // The completion module downsamples three times; the critic discriminatorLayers times.
        guard inputSize % 8 == 0, inputSize % (1 << discriminatorLayers) == 0, discriminatorFinalSize >= 1 else {
            throw fail("inputSize \(inputSize) must be a multiple of 8 and of 2^discriminatorLayers = \(1 << discriminatorLayers)")
        }
        guard (1...3).contains(perceptual.poolingStages) else {
            throw fail("perceptual.poolingStages must be 1, 2 or 3 (VGG-16 pool1…pool3)")
        }
        guard perceptual.downsampling >= 1, inputSize % (perceptual.downsampling << perceptual.poolingStages) == 0 else {
            throw fail("inputSize \(inputSize) must be divisible by perceptual.downsampling · 2^poolingStages")
        }
        try training.validate()
    }
}

/// Attribute lists of the critic's auxiliary head (CelebA attribute names).
public enum OAGANAttributes {
    /// The ten attributes of the paper (Sec. III-B).
    public static let paper = [
        "5_o_Clock_Shadow", "Goatee", "Heavy_Makeup", "Male", "Mustache",
        "No_Beard", "Pale_Skin", "Sideburns", "Wearing_Lipstick", "Young",
    ]
    /// The seven attributes of the authors' public code (CelebA columns 0, 16, 22, 24, 30, 20, 39).
    public static let publicCode = [
        "5_o_Clock_Shadow", "Goatee", "Mustache", "No_Beard", "Sideburns", "Male", "Young",
    ]
}
