import Foundation

/// One line of the training curve.
public struct EpochRecord: Codable, Sendable, Hashable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Base learning rate during the epoch (conv/fc1 weights; other groups are multiples).
    public var learningRate: Float
    /// Mean cross-entropy over the epoch's training images (with augmentation and dropout).
    public var trainingLoss: Double
    /// Share of training images whose argmax logit was their subject (during training).
    public var trainingAccuracy: Double
    /// Share of held-out validation images classified correctly (eval mode); nil without any.
    public var validationAccuracy: Double?
    /// Training throughput (forward, backward and update) over the epoch.
    public var imagesPerSecond: Double
    /// Wall time of the epoch including validation and checkpointing.
    public var seconds: Double
}

/// Progress of a training run, reported to a callback.
public enum TrainingProgress: Sendable {
    /// After each batch; `secondsLeft` estimates the rest of the run.
    case batch(epoch: Int, epochs: Int, batch: Int, batches: Int, loss: Double, accuracy: Double,
               imagesPerSecond: Double, secondsLeft: Double)
    /// After each epoch (checkpoint written).
    case epoch(EpochRecord, epochs: Int)
}

/// Renders progress on standard error: a redrawn bar when it is a terminal, otherwise one
/// line per epoch (so logs stay readable).
public final class TrainingProgressPrinter: @unchecked Sendable {
    private let isTerminal: Bool
    private var lastDraw = ContinuousClock.now

    public init(isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.isTerminal = isTerminal
    }

    public func report(_ progress: TrainingProgress) {
        switch progress {
        case let .batch(epoch, epochs, batch, batches, loss, accuracy, imagesPerSecond, secondsLeft):
            guard isTerminal, batch == batches || ContinuousClock.now - lastDraw > .milliseconds(200) else { return }
            lastDraw = ContinuousClock.now
            let width = 24
            let filled = width * batch / max(batches, 1)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            write("\r\u{1B}[2Kepoch \(epoch)/\(epochs) [\(bar)] \(batch)/\(batches) loss \(format(loss, 4)) "
                  + "acc \(format(100 * accuracy, 1))% \(format(imagesPerSecond, 1)) img/s ETA \(Self.duration(secondsLeft))")
        case let .epoch(record, epochs):
            let validation = record.validationAccuracy.map { " val acc \(format(100 * $0, 1))%" } ?? ""
            write((isTerminal ? "\r\u{1B}[2K" : "") + "epoch \(record.epoch)/\(epochs) loss \(format(record.trainingLoss, 4)) "
                  + "acc \(format(100 * record.trainingAccuracy, 1))%\(validation) lr \(record.learningRate) "
                  + "\(format(record.imagesPerSecond, 1)) img/s \(format(record.seconds, 1)) s\n")
        }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    private func format(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%02d:%02d", m, s)
    }
}
