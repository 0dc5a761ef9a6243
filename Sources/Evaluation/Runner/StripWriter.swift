import FaceData
import Foundation
import Imaging
import TensorCore

/// Copies the images of a seeded sample of probes under `<output>/images/` and describes
/// them as report strips: occluded → predicted mask → each recovered → ground truth → mate.
struct StripWriter {
    let outputFolder: URL
    let probes: ProbeSet
    let study: FaceProtocol
    let seed: UInt64

    func write(count: Int, deoccluders: [(label: String, probes: RecoveredProbes)],
               scorer: ConditionScorer) throws -> [ImageStrip] {
        guard count > 0, probes.count > 0 else { return [] }
        var generator = SplitMix64(seed: seed)
        var indices = Array(probes.entries.indices)
        indices.shuffle(using: &generator)
        let chosen = indices.prefix(count).sorted()
        let folder = outputFolder.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let occludedRanks = scorer.ranks[ConditionID(kind: .occluded)]
        return try chosen.map { i in
            let base = probes.fileNames[i].replacingOccurrences(of: ".png", with: "")
            func save(_ image: Image, _ suffix: String) throws -> String {
                let name = "\(base)_\(suffix).png"
                try ImageIO.writePNG(image, to: folder.appendingPathComponent(name))
                return "images/" + name
            }
            let entry = probes.entries[i]
            var recovered: [RecoveredImage] = []
            var predictedMask: String?
            for (n, (label, result)) in deoccluders.enumerated() {
                let rank = scorer.ranks[.recovered(label)]?[i] ?? scorer.ranks[.recoveredWithOriginalModel(label)]?[i]
                recovered.append(RecoveredImage(deoccluder: label, image: try save(result.images[i], "recovered\(n)"),
                                                rankAfter: rank ?? 0))
                if predictedMask == nil, let mask = result.predictedMasks[i] { predictedMask = try save(mask, "mask\(n)") }
            }
            let mate = study.gallery.first { $0.subject == entry.subject }
            return ImageStrip(
                probe: entry.path.lastPathComponent, subject: entry.subject, occluder: entry.occluder ?? "",
                occluded: try save(probes.occluded[i], "occluded"), predictedMask: predictedMask, recovered: recovered,
                groundTruth: try probes.groundTruth[i].map { try save($0, "truth") },
                galleryMate: try mate.map { try save(try ImageIO.read(from: $0.path), "mate") },
                rankBefore: occludedRanks?[i] ?? 0)
        }
    }
}

extension StudyModel {
    /// Describes a trained recognizer file (parameters counted from the file).
    init(recognizer url: URL, role: String) throws {
        let file = try SafeTensors.read(from: url)
        let parameters = file.tensors.values.reduce(0) { $0 + $1.scalars.count }
        let epochs = (file.metadata["history"]?.data(using: .utf8))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [Any] }?.count ?? 0
        let size = file.metadata["input_size"] ?? "?"
        self.init(role: role, architecture: "LightCNN-9, \(size)×\(size) gray", parameters: parameters, epochs: epochs,
                  checkpoint: url.path)
    }
}
