import FaceData
import Foundation
import Imaging
import TensorCore

/// Reads OA-GAN training and evaluation data from protocol folders (`protocol.json`,
/// `train.csv`, `gallery.csv`, `probe.csv`, optional `attributes.csv`).
///
/// - Paired folder (`unveil occlude`): every entry of the split with a ground truth is a
///   paired sample (occluded image, ground truth, mask if listed).
/// - Natural folder (`unveil synth`): entries with an occluder are naturally occluded faces;
///   entries without one are clean faces, shown to the critic as real on natural batches.
/// Images are resized (bilinear) to the config's input size and mapped to [−1, 1]; attribute
/// targets are taken when the protocol lists every attribute of the config.
public struct OAGANDataLoader: Sendable {
    public let config: OAGANConfig

    public init(config: OAGANConfig) { self.config = config }

    /// Training data from the `train` splits.
    public func load(paired: URL, natural: URL?, split: ProtocolSplit = .train) throws -> OAGANTrainingData {
        let pairedProtocol = try FaceProtocol.load(from: paired)
        let samples = try pairedSamples(pairedProtocol, split: split)
        guard !samples.isEmpty else {
            throw OAGANError.emptyDataset(paired, "no \(split.fileName) entry has a ground_truth column value; "
                + "write paired data with `unveil occlude`")
        }
        var naturalImages: [Tensor] = []
        var clean: [Tensor] = []
        if let natural {
            let naturalProtocol = try FaceProtocol.load(from: natural)
            for entry in naturalProtocol.entries(split) {
                let image = try tensor(at: entry.path)
                if entry.isOccluded { naturalImages.append(image) } else { clean.append(image) }
            }
            guard !naturalImages.isEmpty else {
                throw OAGANError.emptyDataset(natural, "no \(split.fileName) entry has an occluder")
            }
        }
        return OAGANTrainingData(paired: samples, natural: naturalImages, clean: clean)
    }

    /// Paired samples (with ground truth) of one split of a protocol.
    public func pairedSamples(_ faceProtocol: FaceProtocol, split: ProtocolSplit) throws -> [OAGANTrainingData.PairedSample] {
        let columns = attributeColumns(faceProtocol.manifest.attributes)
        return try faceProtocol.entries(split).compactMap { entry in
            guard let truth = entry.groundTruth else { return nil }
            let attributes: [Float]? = columns.flatMap { columns in entry.attributes.map { values in columns.map { values[$0] } } }
            return OAGANTrainingData.PairedSample(
                occluded: try tensor(at: entry.path), groundTruth: try tensor(at: truth),
                mask: try entry.mask.map { try tensor(at: $0, channels: 1, signed: false) },
                attributes: attributes)
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
