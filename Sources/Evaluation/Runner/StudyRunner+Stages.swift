import Deocclusion
import FaceData
import Foundation
import Imaging
import Recognition
import TensorCore

extension StudyRunner {
    /// Whether a spec is given the protocol's ground-truth masks: only `inpaint` / `inpaint:gt`,
    /// the mask-given baseline. Every other method must find the occlusion itself (PCA would
    /// otherwise quietly use the true mask).
    static func usesGroundTruthMasks(_ spec: String) -> Bool { spec == "inpaint" || spec == "inpaint:gt" }

    /// The spec to build: `oagan` without a path trains OA-GAN on paired occlusions of the
    /// training split (and the protocol's natural occlusions); `pca` without a path fits a
    /// basis on the clean training faces; `inpaint:oagan` / `inpaint:pca` fill the masks those predict.
    func resolveSpec(_ spec: String, study: FaceProtocol, protocolDigest: String, cache: ArtifactCache) throws -> String {
        switch spec {
        case "oagan":
            return "oagan:" + (try trainOAGAN(study: study, protocolDigest: protocolDigest, cache: cache).path)
        case "inpaint:oagan", "inpaint:pca":
            let inner = String(spec.dropFirst("inpaint:".count))
            return "inpaint:" + (try resolveSpec(inner, study: study, protocolDigest: protocolDigest, cache: cache))
        case "pca":
            return "pca:" + (try fitPCA(study: study, protocolDigest: protocolDigest, cache: cache).path)
        default:
            return spec
        }
    }

    /// OA-GAN `small` preset at the protocol's image size, trained for `oagan.epochs` passes.
    func trainOAGAN(study: FaceProtocol, protocolDigest: String, cache: ArtifactCache) throws -> URL {
        let pairedKey = try ArtifactKey(stage: "paired", inputs: [protocolDigest], config: config.seeds.occlusion)
        let paired = try cache.produce(pairedKey) { folder in
            log("making paired occlusions of the training split")
            _ = try PairedOcclusion.generate(OcclusionConfig(
                protocolFolder: study.folder.path, split: .train, outputFolder: folder.path, seed: config.seeds.occlusion))
        }.folder
        let settings = config.oagan
        var oaganConfig = OAGANConfig(preset: .small)
        oaganConfig.inputSize = study.manifest.imageSize
        oaganConfig.training.batchSize = settings.batchSize
        oaganConfig.training.learningRate = Float(settings.learningRate)
        let perceptual = settings.perceptualNetwork == "auto"
            ? PerceptualSpec.defaultSpec() : try PerceptualSpec(parsing: settings.perceptualNetwork)
        let pairedCount = try OcclusionManifest.load(from: paired).samples.count
        let steps = max(1, settings.epochs * ((pairedCount + settings.batchSize - 1) / settings.batchSize))
        oaganConfig.losses.maskSupervision = Float(settings.maskSupervision)
        oaganConfig.training.generatorWarmupSteps = Int((Double(steps) * settings.warmupFraction).rounded())
        oaganConfig.maskBias = settings.maskBias.map(Float.init)
        oaganConfig.losses.maskSupervisionLoss = settings.maskLoss
        oaganConfig.training.freshOcclusions = settings.freshOcclusions
        let key = try ArtifactKey(stage: "oagan", inputs: [protocolDigest, pairedKey.digest, perceptual.description,
                                                           "steps \(steps)", "seed \(settings.seed)"], config: oaganConfig)
        return try cache.produce(key) { folder in
            let recipe = settings.isPaperRecipe ? "" : String(
                format: ", not the paper's recipe: mask supervision %g (%@), %d warm-up steps, mask bias %@%@",
                settings.maskSupervision, settings.maskLoss.rawValue, oaganConfig.training.generatorWarmupSteps,
                settings.maskBias.map { "from \($0)" } ?? "off", settings.freshOcclusions ? ", fresh occlusions" : "")
            log("training OA-GAN (small preset, \(steps) steps, perceptual \(perceptual)\(recipe))")
            try OAGANTrainingJob(pairedDirectory: paired, naturalDirectory: study.folder,
                                 output: folder.appendingPathComponent("oagan.safetensors"), config: oaganConfig,
                                 steps: steps, seed: settings.seed, resume: false, perceptual: perceptual,
                                 samples: folder.appendingPathComponent("samples")).run(log: log)
        }.folder.appendingPathComponent("oagan.safetensors")
    }

    /// Eigenfaces of the clean training images (up to 60 components).
    func fitPCA(study: FaceProtocol, protocolDigest: String, cache: ArtifactCache) throws -> URL {
        let clean = study.train.filter { !$0.isOccluded }
        let components = min(60, max(1, clean.count - 1))
        let key = try ArtifactKey(stage: "pca", inputs: [protocolDigest], config: components)
        return try cache.produce(key) { folder in
            log("fitting a \(components)-component PCA basis on \(clean.count) clean training faces")
            let faces = try clean.map { try ImageIO.read(from: $0.path) }
            try PCABasis.fit(faces: faces, components: components).write(to: folder.appendingPathComponent("pca.safetensors"))
        }.folder.appendingPathComponent("pca.safetensors")
    }

    /// LightCNN-9 on the training list, through `deoccluder` when given; cached by the
    /// protocol, the settings and the de-occluder's identity.
    func trainRecognizer(study: FaceProtocol, transform deoccluder: (any Deoccluder)?, usesGroundTruthMasks: Bool,
                         protocolDigest: String, cache: ArtifactCache) throws -> URL {
        let settings = config.recognizer
        var training = RecognizerTrainingConfiguration.recipe(inputSize: settings.preset == .quick64 ? 64 : 128)
        training.epochs = settings.epochs
        training.batchSize = settings.batchSize
        training.learningRate = Float(settings.learningRate)
        training.decayEveryEpochs = max(1, settings.epochs * 2 / 3)  // one decay late in a short run
        training.seed = settings.seed
        let identity = deoccluder?.identity ?? "original"
        let key = try ArtifactKey(stage: "recognizer", inputs: [protocolDigest, identity], config: training)
        return try cache.produce(key) { folder in
            log("training LightCNN-9 (\(settings.preset.rawValue), \(settings.epochs) epochs) on \(identity == "original" ? "original" : "de-occluded (\(identity))") images")
            let transform = deoccluder.map { d in
                FaceTransform(identity: d.identity) { images, masks in
                    try d.deocclude(images, masks: usesGroundTruthMasks ? masks : nil).map(\.recovered)
                }
            }
            _ = try RecognizerTrainingJob(
                protocolFolder: study.folder, output: folder.appendingPathComponent("lightcnn9.safetensors"),
                configuration: training, cacheRoot: workFolder.appendingPathComponent("transformed")
            ).run(transform: transform, progress: TrainingProgressPrinter().report)
        }.folder.appendingPathComponent("lightcnn9.safetensors")
    }

    /// Recovered probe images (and predicted masks), cached as PNGs by de-occluder identity.
    func recoverProbes(_ probes: ProbeSet, with deoccluder: any Deoccluder, usesGroundTruthMasks: Bool,
                       cache: ArtifactCache, protocolDigest: String) throws -> RecoveredProbes {
        let key = try ArtifactKey(stage: "recovered", inputs: [protocolDigest, deoccluder.identity])
        let folder = try cache.produce(key) { folder in
            log("de-occluding \(probes.count) probes with \(deoccluder.identity)")
            let maskFolder = folder.appendingPathComponent("masks")
            try FileManager.default.createDirectory(at: maskFolder, withIntermediateDirectories: true)
            let batch = 32
            for start in stride(from: 0, to: probes.count, by: batch) {
                let range = start..<min(probes.count, start + batch)
                let results = try deoccluder.deocclude(Array(probes.occluded[range]),
                                                       masks: usesGroundTruthMasks ? range.map { probes.masks[$0] } : nil)
                for (offset, result) in results.enumerated() {
                    let name = probes.fileNames[range.lowerBound + offset]
                    try ImageIO.writePNG(result.recovered, to: folder.appendingPathComponent(name), bitDepth: 16)
                    if let mask = result.predictedMask {
                        try ImageIO.writePNG(mask, to: maskFolder.appendingPathComponent(name))
                    }
                }
            }
        }.folder
        return try RecoveredProbes(folder: folder, fileNames: probes.fileNames)
    }
}
