import Foundation
import Imaging
import NeuralNet
import TensorCore

/// Where a training run writes and how it reports.
public struct OAGANRunOptions {
    /// Total steps to reach (a resumed run continues up to this count).
    public var steps: Int
    /// The checkpoint file (rewritten atomically every `checkpointEvery` steps and at the end).
    public var checkpoint: URL
    /// Folder for sample sheets `samples-<step>.png` (nil: none).
    public var samples: URL?
    /// Receives one progress line per `logEvery` steps and a final line.
    public var log: (String) -> Void

    public init(steps: Int, checkpoint: URL, samples: URL?, log: @escaping (String) -> Void) {
        self.steps = steps
        self.checkpoint = checkpoint
        self.samples = samples
        self.log = log
    }
}

extension OAGANTrainer {
    /// Trains until `options.steps`, logging every loss term, writing sample sheets and
    /// checkpoints. Stops with `OAGANError.nonFiniteLoss` (after no checkpoint of the bad
    /// state) if a loss becomes NaN or infinite.
    public func run(_ options: OAGANRunOptions) throws {
        let settings = config.training
        options.log("OA-GAN \(config.preset) preset, \(config.inputSize)×\(config.inputSize), "
            + "G \(generator.parameterCount) params, D \(discriminator.parameterCount) params, "
            + "feature network \(featureNetwork.identity), \(data.paired.count) paired / "
            + "\(data.natural.count) natural / \(data.clean.count) clean images, steps \(step)..<\(options.steps)")
        let start = Date()
        let firstStep = step
        while step < options.steps {
            let losses = try trainStep()
            let done = step
            if done % settings.logEvery == 0 || done == options.steps {
                let elapsed = Date().timeIntervalSince(start)
                let rate = Double(done - firstStep) / max(elapsed, 1e-9)
                let eta = Double(options.steps - done) / max(rate, 1e-9)
                let phase = isWarmingUp(at: losses.step) ? "warm-up"
                    : "\(losses.kind.rawValue) r=\(config.training.schedule.ratio(at: adversarialStep(losses.step)))"
                options.log(String(format: "step %d/%d %@ %@ | %.2f it/s ETA %@",
                                   done, options.steps, phase, losses.summary, rate, Self.clock(eta)))
            }
            if let folder = options.samples, settings.sampleEvery > 0, done % settings.sampleEvery == 0 || done == options.steps {
                try writeSampleSheet(to: folder.appendingPathComponent(String(format: "samples-%06d.png", done)))
            }
            if settings.checkpointEvery > 0, done % settings.checkpointEvery == 0, done != options.steps {
                try OAGANCheckpoint.save(self, to: options.checkpoint)
            }
        }
        try OAGANCheckpoint.save(self, to: options.checkpoint)
        options.log("saved \(options.checkpoint.path) at step \(step) (feature network: \(featureNetwork.identity))")
    }

    /// A sheet of the first four paired and first two natural training images.
    public func writeSampleSheet(to url: URL) throws {
        let paired = data.paired.prefix(4)
        let natural = data.natural.prefix(2)
        let image = OAGANSampleSheet.render(
            generator: generator,
            inputs: paired.map(\.occluded) + natural,
            groundTruths: paired.map { Optional($0.groundTruth) } + natural.map { _ in nil })
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try ImageIO.writePNG(image, to: url)
    }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%02d:%02d", s / 60, s % 60)
    }
}
