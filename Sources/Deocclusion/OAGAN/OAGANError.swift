import Foundation

/// Everything that can go wrong building, training or running OA-GAN.
public enum OAGANError: Error, CustomStringConvertible, LocalizedError {
    /// A configuration value is out of range or sizes do not fit together.
    case invalidConfig(String)
    /// A loss or gradient became NaN or infinite.
    case nonFiniteLoss(step: Int, term: String, value: Float)
    /// A training data folder holds no usable images.
    case emptyDataset(URL, String)
    /// A checkpoint cannot be read or lacks a field.
    case badCheckpoint(URL, String)
    /// The feature-network weights cannot be used.
    case badFeatureNetwork(URL, String)
    /// An image passed to the de-occluder has the wrong size or channel count.
    case wrongImageShape(expected: String, got: String)
    /// `--resume` was asked for but there is no checkpoint to resume from.
    case nothingToResume(URL)

    public var description: String {
        switch self {
        case let .invalidConfig(reason):
            return "invalid OA-GAN configuration: \(reason)"
        case let .nonFiniteLoss(step, term, value):
            return "training diverged at step \(step): loss term '\(term)' is \(value); "
                + "lower the learning rate or resume from an earlier checkpoint"
        case let .emptyDataset(url, reason):
            return "\(url.path): \(reason)"
        case let .badCheckpoint(url, reason):
            return "\(url.path): not a usable OA-GAN checkpoint: \(reason)"
        case let .badFeatureNetwork(url, reason):
            return "\(url.path): not a usable VGG-16 feature network: \(reason)"
        case let .wrongImageShape(expected, got):
            return "OA-GAN expects images of \(expected), got \(got)"
        case let .nothingToResume(url):
            return "\(url.path): --resume given but no checkpoint exists there; drop --resume to start afresh"
        }
    }

    public var errorDescription: String? { description }
}
