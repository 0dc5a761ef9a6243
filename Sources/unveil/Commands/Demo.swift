import ArgumentParser
import Deocclusion
import Evaluation
import FaceData
import Foundation

/// `unveil demo`: the whole study on built-in synthetic identities, small presets.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The whole study on built-in synthetic identities.",
        discussion: """
            Generates synthetic identities (64×64, with natural occlusions and their ground truth), \
            trains OA-GAN (small preset) and LightCNN-9 (64×64 quick preset) on the original and on \
            each de-occluder's output (OA-GAN, inpainting of OA-GAN's mask, PCA), scores every \
            condition and writes the report. Small presets, not the paper's configuration.
            """)

    @Option(help: "Report folder.")
    var out = "reports/demo"

    @Flag(help: "A smaller study (fewer identities and epochs) that finishes in about 3 minutes.")
    var quick = false

    @Option(help: "Seed of the synthetic identities.")
    var seed: UInt64 = 0

    func run() throws {
        let out = URL(fileURLWithPath: self.out)
        let work = out.appendingPathComponent("work")
        let preset = DemoPreset(quick: quick)
        let data = work.appendingPathComponent("synthetic-\(preset.identities)x\(preset.imagesPerIdentity)-seed\(seed)")
        if !FileManager.default.fileExists(atPath: data.appendingPathComponent("protocol.json").path) {
            StudyCommand.log("generating \(preset.identities) synthetic identities × \(preset.imagesPerIdentity) images")
            _ = try SyntheticFaces.generate(
                SyntheticConfig(identities: preset.identities, imagesPerIdentity: preset.imagesPerIdentity,
                                size: 64, seed: seed),
                into: data)
        }
        let config = ExperimentConfig(
            name: quick ? "demo-quick" : "demo", protocolPath: data.path, deoccluders: ["oagan", "inpaint:oagan", "pca"],
            recognizer: RecognizerSettings(preset: .quick64, epochs: preset.recognizerEpochs, batchSize: 32,
                                           learningRate: 0.004, seed: seed),  // 0.01 diverged at epoch 10 here
            // OA-GAN's CPU recipe (docs/oagan.md; not the paper's, and the report says so): with the
            // paper's recipe a run this short leaves the mask at 0.5 over every occluder.
            oagan: OAGANSettings(epochs: preset.oaganEpochs, batchSize: 8, learningRate: 1e-3, seed: seed &+ 1,
                                 maskSupervision: 30, warmupFraction: 0.75, maskBias: -3, maskLoss: .crossEntropy,
                                 freshOcclusions: true),
            conditions: ConditionSelection(clean: true, occluded: true, recovered: true, recoveredWithOriginalModel: true),
            bootstrapSamples: 1000, stripCount: 6)
        try StudyCommand.run(config: config, out: out, work: work)
    }
}

/// Sizes of the demo; `quick` targets ≤ 3 minutes and the full demo ≤ 15 on 2 cores.
struct DemoPreset {
    var identities: Int
    var imagesPerIdentity: Int
    var recognizerEpochs: Int
    var oaganEpochs: Int

    init(quick: Bool) {
        if quick {
            (identities, imagesPerIdentity, recognizerEpochs, oaganEpochs) = (40, 10, 4, 1)
        } else {
            (identities, imagesPerIdentity, recognizerEpochs, oaganEpochs) = (80, 12, 14, 12)
        }
    }
}
