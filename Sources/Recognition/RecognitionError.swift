import Foundation

/// Every failure of the recognizer subsystem, each with a message a user can act on.
public enum RecognitionError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// LightCNN-9 takes square inputs whose side is a positive multiple of 16 (four 2×2 poolings).
    case unsupportedInputSize(Int)
    /// A weights file whose tensors do not match the network; `problems` lists every offending tensor.
    case weightsMismatch(file: String, problems: [String])
    /// A weights file without the tensors that fix the architecture (`fc1.filter.weight`).
    case notLightCNN9(file: String, reason: String)
    /// An image whose size differs from the model's input size (pass `--resize` to resample).
    case imageSizeMismatch(file: String, width: Int, height: Int, expected: Int)
    /// A list CSV without a required column.
    case missingColumn(file: String, column: String)
    /// A list CSV without rows.
    case emptyList(file: String)
    /// Training needs at least two subjects and one training image.
    case tooFewSubjects(found: Int)
    /// The loss became NaN or infinite; the last good checkpoint (if any) is left in place.
    case nonFiniteLoss(epoch: Int, batch: Int, lastCheckpoint: String?)
    /// `--resume` without a checkpoint beside the output.
    case checkpointMissing(file: String)
    /// A checkpoint written by a different configuration or data than the resumed run.
    case checkpointMismatch(file: String, reason: String)
    /// A training configuration value outside its range.
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case let .unsupportedInputSize(size):
            return "LightCNN-9 input size \(size) is not supported: use a positive multiple of 16 (128 official, 64 quick preset)"
        case let .weightsMismatch(file, problems):
            return "\(file): weights do not match LightCNN-9 (\(problems.count) problem\(problems.count == 1 ? "" : "s")): "
                + problems.joined(separator: "; ")
        case let .notLightCNN9(file, reason):
            return "\(file): not a LightCNN-9 weights file: \(reason)"
        case let .imageSizeMismatch(file, width, height, expected):
            return "\(file): image is \(width)×\(height) but the recognizer takes \(expected)×\(expected) aligned faces (pass --resize to resample)"
        case let .missingColumn(file, column):
            return "\(file): the list has no '\(column)' column"
        case let .emptyList(file):
            return "\(file): the list has no rows"
        case let .tooFewSubjects(found):
            return "training needs images of at least 2 subjects, found \(found)"
        case let .nonFiniteLoss(epoch, batch, lastCheckpoint):
            let kept = lastCheckpoint.map { "; the last good checkpoint is kept at \($0)" } ?? "; no epoch had completed, so there is no checkpoint"
            return "training loss became NaN or infinite at epoch \(epoch), batch \(batch) (try a lower --lr)" + kept
        case let .checkpointMissing(file):
            return "\(file): no checkpoint to resume from (run without --resume first)"
        case let .checkpointMismatch(file, reason):
            return "\(file): cannot resume from this checkpoint: \(reason)"
        case let .invalidConfiguration(reason):
            return "invalid recognizer training configuration: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
