import FaceData
import Foundation
import Imaging
import TensorCore

/// Reads OA-GAN training and evaluation data.
///
/// - Paired folder: written by `unveil occlude` (`manifest.csv`, `images/`, `masks/`): the
///   occluded image, its clean source (ground truth) and mask.
/// - Natural folder: a protocol folder (`unveil synth`, `unveil protocol`): entries of the
///   split with an occluder are naturally occluded faces; entries without one are clean
///   faces, shown to the critic as real on natural batches. Its `attributes.csv` also gives
///   the attribute targets of paired samples whose ground truth it lists.
/// Images are resized (bilinear) to the config's input size and mapped to [−1, 1]; masks stay
/// in [0, 1]. Attribute targets are used only when the protocol lists every attribute of the
/// config.
public struct OAGANDataLoader: Sendable {
    public let config: OAGANConfig

    public init(config: OAGANConfig) { self.config = config }

    /// Training data: every paired sample, and the natural protocol's `split`.
    public func load(paired: URL, natural: URL?, split: ProtocolSplit = .train) throws -> OAGANTrainingData {
        let naturalProtocol = try natural.map { try FaceProtocol.load(from: $0) }
        let samples = try pairedSamples(manifestFolder: paired, attributesFrom: naturalProtocol)
        guard !samples.isEmpty else {
            throw OAGANError.emptyDataset(paired, "\(OcclusionManifest.fileName) lists no images; write paired data with `unveil occlude`")
        }
        var naturalImages: [Tensor] = []
        var clean: [Tensor] = []
        if let naturalProtocol, let natural {
            for entry in naturalProtocol.entries(split) {
                let image = try tensor(at: entry.path)
                if entry.isOccluded { naturalImages.append(image) } else { clean.append(image) }
            }
            guard !naturalImages.isEmpty else {
                throw OAGANError.emptyDataset(natural, "no \(split.fileName) entry has an occluder (natural occlusion)")
            }
        }
        return OAGANTrainingData(paired: samples, natural: naturalImages, clean: clean)
    }

    /// The samples of an `unveil occlude` folder, with attribute targets looked up by ground
    /// truth path in `attributesFrom` (any split).
    public func pairedSamples(manifestFolder: URL, attributesFrom faceProtocol: FaceProtocol? = nil) throws
        -> [OAGANTrainingData.PairedSample]
    {
        let manifest = try OcclusionManifest.load(from: manifestFolder)
        var attributes: [String: [Float]] = [:]
        if let faceProtocol, let columns = attributeColumns(faceProtocol.manifest.attributes) {
            for split in ProtocolSplit.allCases {
                for entry in faceProtocol.entries(split) {
                    if let values = entry.attributes { attributes[entry.path.standardizedFileURL.path] = columns.map { values[$0] } }
                }
            }
        }
        return try manifest.samples.map { sample in
            OAGANTrainingData.PairedSample(
                occluded: try tensor(at: sample.image), groundTruth: try tensor(at: sample.groundTruth),
                mask: try tensor(at: sample.mask, channels: 1, signed: false),
                attributes: attributes[sample.groundTruth.standardizedFileURL.path])
        }
    }

    /// Naturally occluded entries of a protocol split that carry a ground truth (synthetic
    /// natural occlusions), as paired samples for evaluation.
    public func naturalSamples(_ faceProtocol: FaceProtocol, split: ProtocolSplit) throws -> [OAGANTrainingData.PairedSample] {
        try faceProtocol.entries(split).compactMap { entry in
            guard entry.isOccluded, let truth = entry.groundTruth else { return nil }
            return OAGANTrainingData.PairedSample(
                occluded: try tensor(at: entry.path), groundTruth: try tensor(at: truth),
                mask: try entry.mask.map { try tensor(at: $0, channels: 1, signed: false) })
        }
    }

    /// Indices of the config's attributes among the protocol's, nil unless all are present.
    func attributeColumns(_ available: [String]) -> [Int]? {
        let columns = config.attributes.compactMap { available.firstIndex(of: $0) }
        return columns.count == config.attributes.count && !columns.isEmpty ? columns : nil
    }

    /// An image file as `[channels, S, S]`, in [−1, 1] (signed) or [0, 1].
    func tensor(at url: URL, channels: Int = 3, signed: Bool = true) throws -> Tensor {
        var image = try ImageIO.read(from: url)
        if channels == 3, image.channels == 1 { image = image.rgb() }
        if channels == 1, image.channels == 3 { image = image.grayscale() }
        let size = config.inputSize
        if image.width != size || image.height != size { image = image.resized(width: size, height: size) }
        return Tensor(shape: [channels, size, size], scalars: signed ? image.pixels.map { $0 * 2 - 1 } : image.pixels)
    }
}
