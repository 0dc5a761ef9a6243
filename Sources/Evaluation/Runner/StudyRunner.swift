import Deocclusion
import FaceData
import Foundation
import Imaging
import Recognition
import TensorCore

/// `unveil evaluate`: the paper's Sec. IV-E generalised to any number of de-occluders.
///
/// Stages, each cached under `workFolder` by a digest of its inputs (so an interrupted run
/// resumes and adding a de-occluder reruns only what it changes):
/// 1. de-occluders that need fitting (`oagan` without weights: paired data + OA-GAN training;
///    `pca` without a basis: eigenfaces of the clean training faces);
/// 2. LightCNN-9 on the original training images and on each de-occluder's output;
/// 3. recovered probes per de-occluder; 4. embeddings, identification, statistics, quality.
public struct StudyRunner {
    public var config: ExperimentConfig
    /// Folder the report is written to; images for the strips are copied beneath it.
    public var outputFolder: URL
    /// Root of the stage cache (default `<output>/work`).
    public var workFolder: URL
    public var log: (String) -> Void

    public init(config: ExperimentConfig, outputFolder: URL, workFolder: URL? = nil,
                log: @escaping (String) -> Void = { _ in }) {
        self.config = config
        self.outputFolder = outputFolder
        self.workFolder = workFolder ?? outputFolder.appendingPathComponent("work")
        self.log = log
    }

    /// Runs every selected condition and returns what the report shows.
    public func run() throws -> StudyResults {
        try config.validate()
        let started = ISO8601DateFormatter().string(from: Date())
        var timer = StageTimer()
        let cache = ArtifactCache(root: workFolder)
        let protocolFolder = URL(fileURLWithPath: config.protocolPath)
        let study = try FaceProtocol.load(from: protocolFolder)
        let protocolDigest = try ArtifactCache.fingerprint(
            ofFiles: ProtocolSplit.allCases.map { protocolFolder.appendingPathComponent($0.fileName) },
            relativeTo: protocolFolder)
        log("protocol \(study.manifest.name): \(study.train.count) train, \(study.gallery.count) gallery, \(study.probe.count) probe images")

        // 1. De-occluders, fitted where the spec asks for it.
        var deoccluders: [(label: String, deoccluder: any Deoccluder)] = []
        for spec in config.deoccluders {
            let resolved = try timer.measure("prepare \(spec)") {
                try resolveSpec(spec, study: study, protocolDigest: protocolDigest, cache: cache)
            }
            deoccluders.append((spec, try makeDeoccluder(try DeoccluderSpec(parsing: resolved))))
        }

        // 2. Recognizers.
        let original = try timer.measure("train LightCNN-9 (original)") {
            try trainRecognizer(study: study, transform: nil, usesGroundTruthMasks: false,
                                protocolDigest: protocolDigest, cache: cache)
        }
        var models: [String: URL] = [:]
        let wantsOwnModel = config.conditions.recovered
        for (label, deoccluder) in deoccluders where wantsOwnModel {
            models[label] = try timer.measure("train LightCNN-9 (\(label))") {
                try trainRecognizer(study: study, transform: deoccluder, usesGroundTruthMasks: Self.usesGroundTruthMasks(label),
                                    protocolDigest: protocolDigest, cache: cache)
            }
        }

        // 3. Probe images per condition.
        let probes = try ProbeSet(study: study)
        var recovered: [String: RecoveredProbes] = [:]
        for (label, deoccluder) in deoccluders {
            recovered[label] = try timer.measure("de-occlude probes (\(label))") {
                try recoverProbes(probes, with: deoccluder, usesGroundTruthMasks: Self.usesGroundTruthMasks(label),
                                  cache: cache, protocolDigest: protocolDigest)
            }
        }

        // 4. Identification per condition.
        var scorer = try ConditionScorer(study: study, probes: probes, config: config)
        let selected = config.conditions.conditions(deoccluders: config.deoccluders)
        for condition in selected {
            try timer.measure("identify \(condition)") {
                switch condition.kind {
                case .clean:
                    try scorer.score(condition, model: original, probeImages: probes.groundTruths)
                case .occluded:
                    try scorer.score(condition, model: original, probeImages: probes.occluded.map { Optional($0) })
                case .recovered:
                    let label = condition.deoccluder!
                    try scorer.score(condition, model: models[label]!, probeImages: recovered[label]!.images.map { Optional($0) })
                case .recoveredWithOriginalModel:
                    let label = condition.deoccluder!
                    try scorer.score(condition, model: original, probeImages: recovered[label]!.images.map { Optional($0) })
                }
            }
        }

        // 5. Quality, breakdowns, strips.
        let quality = try timer.measure("image quality") {
            try QualityTable.compute(probes: probes, recovered: deoccluders.map { ($0.label, recovered[$0.label]!) })
        }
        let breakdowns = try scorer.breakdowns(quality: quality)
        let strips = try timer.measure("image strips") {
            try StripWriter(outputFolder: outputFolder, probes: probes, study: study, seed: config.seeds.strips)
                .write(count: config.stripCount, deoccluders: deoccluders.map { ($0.label, recovered[$0.label]!) },
                       scorer: scorer)
        }

        var modelRows = [try StudyModel(recognizer: original, role: "LightCNN-9, original training images")]
        for (label, url) in models.sorted(by: { $0.key < $1.key }) {
            modelRows.append(try StudyModel(recognizer: url, role: "LightCNN-9, training images de-occluded by \(label)"))
        }
        let setup = StudySetup(
            protocolName: study.manifest.name, protocolPath: config.protocolPath, dataset: study.manifest.dataset,
            imageSize: study.manifest.imageSize,
            counts: StudyCounts(
                trainImages: study.train.count, trainIdentities: Set(study.train.map(\.subject)).count,
                galleryImages: study.gallery.count, probeImages: study.probe.count,
                probeIdentities: Set(study.probe.map(\.subject)).count,
                probesWithGroundTruth: study.probe.filter { $0.groundTruth != nil }.count),
            models: modelRows, perceptualNetwork: perceptualNetworkLabel(),
            config: config, versions: StudyRunner.versions(),
            blasKernel: BLASRuntime.coreName, blasThreads: BLASRuntime.threadCount,
            stageTimes: timer.stages, startedAt: started)
        return StudyResults(
            name: config.name, question: StudyRunner.question, setup: setup, conditions: scorer.conditionResults,
            comparisons: try scorer.comparisons(), identifications: scorer.identifications(),
            quality: quality.rows, breakdowns: breakdowns, strips: strips)
    }

    static let question = "How much does de-occluding the probes (and the training set) change rank-1..5 identification, and how faithful are the recovered faces?"

    static func versions() -> [NamedValue] {
        [NamedValue(name: "unveil", value: "0.1.0"),
         NamedValue(name: "OpenBLAS", value: BLASRuntime.version),
         NamedValue(name: "libpng", value: CodecVersions.png),
         NamedValue(name: "libjpeg-turbo", value: CodecVersions.jpeg)]
    }

    private func perceptualNetworkLabel() -> String {
        guard config.deoccluders.contains(where: { $0.contains("oagan") }) else { return "none (no OA-GAN in this study)" }
        let setting = config.oagan.perceptualNetwork
        guard setting == "auto" else { return setting }
        let spec = PerceptualSpec.defaultSpec()
        if case .randomConv = spec { return "\(spec) (random-conv stand-in, not ImageNet VGG-16; run make vgg16)" }
        return "\(spec) (ImageNet VGG-16)"
    }
}
