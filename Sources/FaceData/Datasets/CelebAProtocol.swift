import Foundation
import Imaging

/// Settings of `unveil protocol celeba`.
public struct CelebAProtocolConfig: Sendable, Codable, Equatable {
    public var root: String
    public var output: String
    public var alignment: FaceTemplate
    public var size: Int

    public init(root: String, output: String, alignment: FaceTemplate = .lightcnn, size: Int = 128) {
        self.root = root
        self.output = output
        self.alignment = alignment
        self.size = size
    }
}

/// The paper's CelebA study (Sec. IV-E): train = the training partition; gallery = one
/// image without eyeglasses of every test-partition identity that also has eyeglasses
/// images; probes = those identities' eyeglasses images (natural occlusion).
public enum CelebAProtocol {
    /// Identity selection without touching images: (train, gallery, probe) records.
    public static func select(_ celeba: CelebA) throws -> (train: [CelebA.Record], gallery: [CelebA.Record], probe: [CelebA.Record]) {
        let glasses = try celeba.attributeIndex("Eyeglasses")
        let train = celeba.records.filter { $0.partition == .train }
        var byIdentity: [Int: [CelebA.Record]] = [:]
        for record in celeba.records where record.partition == .test { byIdentity[record.identity, default: []].append(record) }
        var gallery: [CelebA.Record] = [], probe: [CelebA.Record] = []
        for identity in byIdentity.keys.sorted() {
            let records = byIdentity[identity]!
            let occluded = records.filter { $0.attributes[glasses] }
            guard let clean = records.first(where: { !$0.attributes[glasses] }), !occluded.isEmpty else { continue }
            gallery.append(clean)
            probe += occluded
        }
        let testIdentities = Set(gallery.map(\.identity))
        return (train.filter { !testIdentities.contains($0.identity) }, gallery, probe)
    }

    /// Aligns the selected images to `size`×`size`, writes them under `output/images/`
    /// with `protocol.json`, the lists and `attributes.csv` (the paper's ten attributes).
    public static func build(_ config: CelebAProtocolConfig) throws -> FaceProtocol {
        let celeba = try CelebA.load(root: URL(fileURLWithPath: config.root))
        let (train, gallery, probe) = try select(celeba)
        let glasses = try celeba.attributeIndex("Eyeglasses")
        let paperIndices = try FaceAttribute.paper.map { try celeba.attributeIndex($0.rawValue) }
        let output = URL(fileURLWithPath: config.output).standardizedFileURL
        let all = train + gallery + probe
        let results = IndexedResults.run(count: all.count) { index -> ProtocolEntry in
            let record = all[index]
            let destination = output.appendingPathComponent("images/\((record.file as NSString).deletingPathExtension).png")
            let landmarks = try AlignedWriter.write(source: celeba.imagesFolder.appendingPathComponent(record.file),
                                                    landmarks: record.landmarks, template: config.alignment,
                                                    size: config.size, to: destination)
            return ProtocolEntry(path: destination, subject: String(record.identity),
                                 occluder: record.attributes[glasses] ? "eyeglasses" : nil, landmarks: landmarks,
                                 attributes: paperIndices.map { record.attributes[$0] ? 1 : 0 })
        }
        let entries = try all.indices.map { try results.get($0) }
        let manifest = ProtocolManifest(
            name: "celeba-eyeglasses", dataset: "CelebA", imageSize: config.size,
            notes: "Train: CelebA training partition (\(train.count) images). Gallery: one image without eyeglasses of each "
                + "test-partition identity that also has eyeglasses images (\(gallery.count)). Probes: those identities' "
                + "eyeglasses images (\(probe.count)). The paper reports 162,770 / 348 / 1,053. Aligned with the "
                + "\(config.alignment.rawValue) template to \(config.size)×\(config.size).",
            attributes: FaceAttribute.paper.map(\.rawValue))
        let study = FaceProtocol(manifest: manifest, folder: output, train: Array(entries[0..<train.count]),
                                 gallery: Array(entries[train.count..<(train.count + gallery.count)]),
                                 probe: Array(entries[(train.count + gallery.count)...]))
        try study.write()
        return study
    }
}
