import FaceData
import Foundation
import Imaging

/// The protocol's probes loaded once: occluded images, ground truths and masks where the
/// protocol has them, unique file names for cached outputs, occluded-area fractions.
struct ProbeSet {
    let entries: [ProtocolEntry]
    let occluded: [Image]
    /// Ground truth per probe (nil where the protocol has none).
    let groundTruth: [Image?]
    /// Ground-truth mask per probe, 1 = visible, 0 = occluded.
    let masks: [Image?]
    /// Unique PNG names (`000012_name.png`), row order = probe order.
    let fileNames: [String]
    /// Share of mask pixels below 0.5, where a mask exists.
    let occludedFractions: [Double?]

    var count: Int { entries.count }

    /// Ground-truth images for the probes that have one (others stay occluded: the clean
    /// condition scores only probes with ground truth, see `ConditionScorer`).
    var groundTruths: [Image?] { groundTruth }

    init(study: FaceProtocol) throws {
        entries = study.probe
        occluded = try entries.map { try ImageIO.read(from: $0.path) }
        groundTruth = try entries.map { try $0.groundTruth.map { try ImageIO.read(from: $0) } }
        masks = try entries.map { try $0.mask.map { try ImageIO.read(from: $0).grayscale() } }
        fileNames = entries.enumerated().map { index, entry in
            String(format: "%06d_", index) + entry.path.deletingPathExtension().lastPathComponent + ".png"
        }
        occludedFractions = masks.map { mask in
            mask.map { m in Double(m.pixels.filter { $0 < 0.5 }.count) / Double(max(1, m.pixels.count)) }
        }
    }
}

/// Recovered probe images of one de-occluder (and its predicted masks, if it made any).
struct RecoveredProbes {
    let folder: URL
    let images: [Image]
    let predictedMasks: [Image?]

    init(folder: URL, fileNames: [String]) throws {
        self.folder = folder
        images = try fileNames.map { try ImageIO.read(from: folder.appendingPathComponent($0)) }
        let maskFolder = folder.appendingPathComponent("masks")
        predictedMasks = try fileNames.map { name in
            let url = maskFolder.appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: url.path) ? try ImageIO.read(from: url).grayscale() : nil
        }
    }
}
