import ArgumentParser
import Deocclusion
import Foundation
import Recognition

/// `unveil train-recognizer`: LightCNN-9 on a protocol's training list, original or de-occluded.
struct TrainRecognizer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train LightCNN-9 on original or de-occluded training images.",
        discussion: """
            Defaults follow the public recipe (SGD 0.9, weight decay 1e-4 except biases, biases 2× lr, \
            fc2 10×/20× lr, lr × 0.457305 every 10 epochs, random crop + flip). A checkpoint is written \
            beside --out after every epoch; --resume continues it exactly.
            """)

    @Option(name: .customLong("protocol"), help: "Protocol folder (protocol.json, train.csv, …).")
    var protocolFolder: String

    @Option(help: "De-occluder applied to every training image first (none, oagan:PATH, inpaint, …).")
    var deoccluder: DeoccluderSpec?

    @Option(help: "Where de-occluded training images are cached (default: cache/ beside --out).")
    var cache: String?

    @Option(help: "Weights file to write (safetensors, official LightCNN-9 names).")
    var out: String

    @Option(help: "Epochs in total (a resumed run may raise it).")
    var epochs: Int = 80

    @Option(help: "Images per SGD step.")
    var batchSize: Int = 128

    @Option(help: "Base learning rate (conv and fc1 weights).")
    var lr: Float = 0.01

    @Option(help: "Epochs between learning-rate decays (× 0.457305).")
    var lrStep: Int = 10

    @Option(help: "Input side: 128 is the published network, 64 the quick CPU preset.")
    var inputSize: Int = 128

    @Option(help: "Share of each subject's training images held out for validation accuracy.")
    var validationFraction: Double = 0.1

    @Option(help: "Seed of initialisation, split, shuffling, augmentation and dropout.")
    var seed: UInt64 = 0

    @Flag(help: "Continue from the checkpoint beside --out.")
    var resume = false

    func validate() throws {
        guard inputSize > 0, inputSize % 16 == 0 else {
            throw ValidationError("--input-size must be a positive multiple of 16 (128 official, 64 quick preset)")
        }
        guard epochs >= 1, batchSize >= 1, lrStep >= 1 else {
            throw ValidationError("--epochs, --batch-size and --lr-step must be at least 1")
        }
        guard lr > 0 else { throw ValidationError("--lr must be positive") }
        guard (0..<1).contains(validationFraction) else { throw ValidationError("--validation-fraction must be in [0, 1)") }
    }

    func run() throws {
        var configuration = RecognizerTrainingConfiguration.recipe(inputSize: inputSize)
        configuration.epochs = epochs
        configuration.batchSize = batchSize
        configuration.learningRate = lr
        configuration.decayEveryEpochs = lrStep
        configuration.validationFraction = validationFraction
        configuration.seed = seed
        let job = RecognizerTrainingJob(
            protocolFolder: URL(fileURLWithPath: protocolFolder), output: URL(fileURLWithPath: out),
            configuration: configuration, resume: resume, cacheRoot: cache.map { URL(fileURLWithPath: $0) })
        let transform = try deoccluder.map { spec -> FaceTransform in
            let deoccluder = try makeDeoccluder(spec)
            return FaceTransform(identity: deoccluder.identity) { faces, masks in
                try deoccluder.deocclude(faces, masks: masks).map(\.recovered)
            }
        }
        let printer = TrainingProgressPrinter()
        let result = try job.run(transform: transform, progress: printer.report)
        print(result.output.path)
    }
}
