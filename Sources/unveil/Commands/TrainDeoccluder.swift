import ArgumentParser
import Deocclusion
import Foundation

/// `unveil train-deoccluder`: OA-GAN alternating semi-supervised training.
struct TrainDeoccluder: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "OA-GAN alternating training.",
        discussion: """
            Trains OA-GAN on paired data (from `unveil occlude`) alternated with naturally \
            occluded faces, 10:1 paired:natural at first, lowered to 1:1. Writes a safetensors \
            checkpoint (config in its metadata) every --checkpoint-every steps and at the end, \
            and sample sheets (input / mask / recovered / ground truth) beside it.
            """)

    @Option(help: "Folder of paired data written by `unveil occlude`.")
    var paired: String

    @Option(help: "Folder of naturally occluded faces (omit to train on paired data only).")
    var natural: String?

    @Option(help: "Checkpoint file to write (.safetensors).")
    var out: String

    @Option(help: "Network size: paper (128×128, width 64) or small (64×64, width 16).")
    var preset: OAGANConfig.Preset = .small

    @Option(help: "Total training steps (one batch each).")
    var steps: Int = 2000

    @Option(help: "Random seed of initialisation and batch sampling.")
    var seed: UInt64 = 1

    @Flag(help: "Continue the run saved at --out.")
    var resume = false

    @Option(help: "Perceptual feature network: vgg16:PATH or random[:SEED] (default: models/vgg16.safetensors if present, else random).")
    var perceptual: String?

    @Option(help: "Images per batch (default: the preset's).")
    var batchSize: Int?

    @Option(help: "Critic steps per generator step (default: the preset's; the public code uses 5).")
    var criticSteps: Int?

    @Option(help: "Folder for sample sheets (default: next to --out).")
    var samples: String?

    @Option(help: "Held-out `unveil occlude` folder evaluated after training (mask IoU, PSNR).")
    var evalPaired: String?

    @Option(help: "Weight of mean|M − M_gt| on paired batches (not in the paper, which uses 0).")
    var maskSupervision: Float = 0

    @Option(help: "Form of the mask supervision: l1 (mean|M − M_gt|) or bce (cross-entropy of the mask logits).")
    var maskLoss: MaskSupervisionLoss = .l1

    @Option(help: "Channels after the generator's first convolution (default: the preset's, 64 paper / 16 small).")
    var generatorWidth: Int?

    @Option(help: "Adam learning rate of both networks (the paper's: 1e-4).")
    var learningRate: Float?

    @Option(help: "Generator-only steps on paired batches before adversarial training (not in the paper, which uses 0).")
    var warmupSteps: Int = 0

    @Flag(help: "Paste a new occluder on each paired face whenever it is drawn, instead of the paired folder's fixed one (not in the paper).")
    var freshOcclusions = false

    @Option(parsing: .unconditional,
            help: "Give the mask head's convolution a bias starting at this value, e.g. -3 (not in the paper; without it the mask cannot go below 0.5 where the features are all zero).")
    var maskBias: Float?

    func validate() throws {
        guard steps > 0 else { throw ValidationError("--steps must be positive") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be ≥ 1") }
        if let criticSteps, criticSteps < 1 { throw ValidationError("--critic-steps must be ≥ 1") }
        guard maskSupervision >= 0 else { throw ValidationError("--mask-supervision must be ≥ 0") }
        if let learningRate, !(learningRate > 0) { throw ValidationError("--learning-rate must be positive") }
        if let generatorWidth, generatorWidth < 1 { throw ValidationError("--generator-width must be ≥ 1") }
        guard warmupSteps >= 0 else { throw ValidationError("--warmup-steps must be ≥ 0") }
        if let perceptual { _ = try PerceptualSpec(parsing: perceptual) }
    }

    func run() throws {
        var config = OAGANConfig(preset: preset)
        if let batchSize { config.training.batchSize = batchSize }
        if let criticSteps { config.training.criticStepsPerGeneratorStep = criticSteps }
        config.losses.maskSupervision = maskSupervision
        config.losses.maskSupervisionLoss = maskLoss
        if let generatorWidth { config.generatorWidth = generatorWidth }
        if let learningRate { config.training.learningRate = learningRate }
        config.training.generatorWarmupSteps = warmupSteps
        config.training.freshOcclusions = freshOcclusions
        config.maskBias = maskBias
        var job = OAGANTrainingJob(
            pairedDirectory: URL(fileURLWithPath: paired),
            naturalDirectory: natural.map { URL(fileURLWithPath: $0) },
            output: URL(fileURLWithPath: out), config: config, steps: steps, seed: seed, resume: resume,
            perceptual: try perceptual.map(PerceptualSpec.init(parsing:)) ?? .defaultSpec(),
            samples: samples.map { URL(fileURLWithPath: $0) })
        job.evaluationPaired = evalPaired.map { URL(fileURLWithPath: $0) }
        try job.run { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }
}

extension OAGANConfig.Preset: ExpressibleByArgument {}
extension MaskSupervisionLoss: ExpressibleByArgument {}
