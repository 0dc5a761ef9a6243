import Foundation

/// What `unveil evaluate` runs: the paper's Sec. IV-E generalised to any number of
/// de-occluders. Read from `experiment.json`; every field but `protocolPath` and
/// `deoccluders` has a default, so a minimal file is
/// `{"protocolPath": "protocols/synthetic", "deoccluders": ["oagan:models/oagan.safetensors"]}`.
public struct ExperimentConfig: Codable, Sendable, Equatable {
    /// Report name (`reports/<name>/`).
    public var name: String
    /// Protocol folder (`protocol.json`, `train.csv`, `gallery.csv`, `probe.csv`).
    public var protocolPath: String
    /// De-occluders to compare, as spec strings (`oagan:PATH`, `inpaint`, `pca:PATH`, `command:'…'`).
    public var deoccluders: [String]
    /// LightCNN-9 training settings, shared by every recognizer the study trains.
    public var recognizer: RecognizerSettings
    /// OA-GAN training settings, used when a de-occluder is `oagan` without a checkpoint.
    public var oagan: OAGANSettings
    /// Which conditions to run.
    public var conditions: ConditionSelection
    /// Paired bootstrap resamples for the rank-1 difference and the rate intervals.
    public var bootstrapSamples: Int
    /// Seeds of every random choice in the study.
    public var seeds: StudySeeds
    /// Probes shown as image strips in the report.
    public var stripCount: Int
    /// Upper edges of the occluded-area bins (fractions of the face, ascending, last is 1).
    public var areaBins: [Double]

    public init(
        name: String = "study", protocolPath: String, deoccluders: [String],
        recognizer: RecognizerSettings = .init(), oagan: OAGANSettings = .init(),
        conditions: ConditionSelection = .init(), bootstrapSamples: Int = 1000,
        seeds: StudySeeds = .init(), stripCount: Int = 6, areaBins: [Double] = [0.1, 0.2, 0.3, 1.0]
    ) {
        self.name = name
        self.protocolPath = protocolPath
        self.deoccluders = deoccluders
        self.recognizer = recognizer
        self.oagan = oagan
        self.conditions = conditions
        self.bootstrapSamples = bootstrapSamples
        self.seeds = seeds
        self.stripCount = stripCount
        self.areaBins = areaBins
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ExperimentConfig(protocolPath: "", deoccluders: [])
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? defaults.name
        protocolPath = try c.decode(String.self, forKey: .protocolPath)
        deoccluders = try c.decode([String].self, forKey: .deoccluders)
        recognizer = try c.decodeIfPresent(RecognizerSettings.self, forKey: .recognizer) ?? defaults.recognizer
        oagan = try c.decodeIfPresent(OAGANSettings.self, forKey: .oagan) ?? defaults.oagan
        conditions = try c.decodeIfPresent(ConditionSelection.self, forKey: .conditions) ?? defaults.conditions
        bootstrapSamples = try c.decodeIfPresent(Int.self, forKey: .bootstrapSamples) ?? defaults.bootstrapSamples
        seeds = try c.decodeIfPresent(StudySeeds.self, forKey: .seeds) ?? defaults.seeds
        stripCount = try c.decodeIfPresent(Int.self, forKey: .stripCount) ?? defaults.stripCount
        areaBins = try c.decodeIfPresent([Double].self, forKey: .areaBins) ?? defaults.areaBins
    }

    /// Reads and validates `experiment.json`.
    public static func load(from url: URL) throws -> ExperimentConfig {
        let config = try JSONFile.read(ExperimentConfig.self, from: url)
        try config.validate()
        return config
    }

    /// Checks ranges and cross-field consistency; throws `StudyError.invalidConfig`.
    public func validate() throws {
        func fail(_ field: String, _ reason: String) -> StudyError { .invalidConfig(field: field, reason: reason) }
        guard !name.isEmpty, !name.contains("/") else { throw fail("name", "must be a non-empty folder name without '/' (got '\(name)')") }
        guard !protocolPath.isEmpty else { throw fail("protocolPath", "must name a protocol folder") }
        guard Set(deoccluders).count == deoccluders.count else { throw fail("deoccluders", "lists a de-occluder twice: \(deoccluders)") }
        if let empty = deoccluders.firstIndex(where: \.isEmpty) { throw fail("deoccluders[\(empty)]", "is empty; use a spec such as 'oagan:PATH' or 'inpaint'") }
        if deoccluders.isEmpty && (conditions.recovered || conditions.recoveredWithOriginalModel) {
            throw fail("deoccluders", "is empty but recovered conditions are selected; add a de-occluder or turn them off")
        }
        guard conditions.occluded || conditions.clean || !deoccluders.isEmpty else { throw fail("conditions", "select no condition to run") }
        guard bootstrapSamples >= 100 else { throw fail("bootstrapSamples", "must be at least 100 (got \(bootstrapSamples))") }
        guard stripCount >= 0 else { throw fail("stripCount", "must be 0 or more (got \(stripCount))") }
        guard !areaBins.isEmpty, zip(areaBins, areaBins.dropFirst()).allSatisfy({ $0 < $1 }),
              areaBins.allSatisfy({ $0 > 0 && $0 <= 1 }) else {
            throw fail("areaBins", "must be ascending fractions in (0, 1] (got \(areaBins))")
        }
        try recognizer.validate()
        try oagan.validate()
    }
}
