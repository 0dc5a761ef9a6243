/// How a study was set up and run: what the report's "Set-up" section shows.
public struct StudySetup: Codable, Sendable, Equatable {
    /// Protocol name from `protocol.json`.
    public var protocolName: String
    public var protocolPath: String
    /// Dataset the protocol draws from (`synthetic`, `celeba`, a folder).
    public var dataset: String
    /// Side of the aligned face images, in pixels.
    public var imageSize: Int
    public var counts: StudyCounts
    /// Every model the study trained or loaded.
    public var models: [StudyModel]
    /// Network of OA-GAN's perceptual loss.
    public var perceptualNetwork: String
    /// The configuration the study ran with (seeds, presets, conditions).
    public var config: ExperimentConfig
    /// Software versions (`unveil`, Swift, OpenBLAS, libpng, …), in display order.
    public var versions: [NamedValue]
    /// OpenBLAS kernel (core type) the run used, and its thread count.
    public var blasKernel: String
    public var blasThreads: Int
    /// Wall time of each stage, in run order.
    public var stageTimes: [StageTime]
    /// ISO 8601 time the study started.
    public var startedAt: String

    public init(protocolName: String, protocolPath: String, dataset: String, imageSize: Int,
                counts: StudyCounts, models: [StudyModel], perceptualNetwork: String,
                config: ExperimentConfig, versions: [NamedValue], blasKernel: String, blasThreads: Int,
                stageTimes: [StageTime], startedAt: String) {
        self.protocolName = protocolName
        self.protocolPath = protocolPath
        self.dataset = dataset
        self.imageSize = imageSize
        self.counts = counts
        self.models = models
        self.perceptualNetwork = perceptualNetwork
        self.config = config
        self.versions = versions
        self.blasKernel = blasKernel
        self.blasThreads = blasThreads
        self.stageTimes = stageTimes
        self.startedAt = startedAt
    }
}

/// Image and identity counts of the protocol's splits.
public struct StudyCounts: Codable, Sendable, Equatable {
    public var trainImages: Int
    public var trainIdentities: Int
    public var galleryImages: Int
    public var probeImages: Int
    public var probeIdentities: Int
    /// Probes with a ground-truth (un-occluded) image, which the clean condition and image quality use.
    public var probesWithGroundTruth: Int

    public init(trainImages: Int, trainIdentities: Int, galleryImages: Int, probeImages: Int,
                probeIdentities: Int, probesWithGroundTruth: Int) {
        self.trainImages = trainImages
        self.trainIdentities = trainIdentities
        self.galleryImages = galleryImages
        self.probeImages = probeImages
        self.probeIdentities = probeIdentities
        self.probesWithGroundTruth = probesWithGroundTruth
    }
}

/// One model the study used.
public struct StudyModel: Codable, Sendable, Equatable {
    /// What it is for: "recognizer (original)", "recognizer (oagan)", "de-occluder".
    public var role: String
    /// Architecture and preset: "LightCNN-9 quick64", "OA-GAN".
    public var architecture: String
    public var parameters: Int
    public var epochs: Int
    /// Checkpoint path, relative to the report folder when inside it.
    public var checkpoint: String

    public init(role: String, architecture: String, parameters: Int, epochs: Int, checkpoint: String) {
        self.role = role
        self.architecture = architecture
        self.parameters = parameters
        self.epochs = epochs
        self.checkpoint = checkpoint
    }
}

/// A name and a value, for ordered lists such as software versions.
public struct NamedValue: Codable, Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
