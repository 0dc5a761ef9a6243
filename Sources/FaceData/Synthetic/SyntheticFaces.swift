import Foundation
import Imaging

/// Generates a synthetic face study: identities, images with natural occlusions and
/// their ground truth, and the protocol lists (see docs/face-data.md, "Synthetic study").
///
/// Layout under the output folder: `images/<subject>/<k>.png`, `ground_truth/<subject>/<k>.png`
/// and `masks/<subject>/<k>.png` for occluded images, `protocol.json`, `train.csv`,
/// `gallery.csv`, `probe.csv`, `attributes.csv`.
public enum SyntheticFaces {
    /// The identity traits of identity `index` for `seed`.
    public static func traits(identity index: Int, seed: UInt64) -> IdentityTraits {
        var random = FaceRandom(seed: seed, stream: UInt64(index))
        return IdentityTraits.sample(using: &random)
    }

    /// Renders image `image` of identity `identity` exactly as `generate` does.
    /// Image 0 is always clean (the gallery image); image 1 always wears a natural occlusion.
    public static func render(identity: Int, image: Int, config: SyntheticConfig) -> RenderedFace {
        let traits = traits(identity: identity, seed: config.seed)
        var random = FaceRandom(seed: config.seed, stream: UInt64(identity), UInt64(image) + 1)
        let variation = ImageVariation.sample(strength: config.variationStrength, using: &random)
        let draw = random.unit()
        let occluded = image == 1 || (image > 1 && Double(draw) < config.naturalOcclusionRate)
        let kind = NaturalOcclusion.Kind.allCases[random.index(NaturalOcclusion.Kind.allCases.count)]
        let occlusion = occluded ? NaturalOcclusion.sample(kind, using: &random) : nil
        return FaceRenderer(size: config.size).render(traits, variation, occlusion: occlusion, noiseSeed: random.next())
    }

    /// Subject label of identity `index`.
    public static func subject(_ index: Int) -> String { String(format: "id%05d", index) }

    /// Renders and writes the whole study into `folder` and returns its protocol.
    /// - Throws: `FaceDataError` for a bad configuration or an unwritable folder.
    public static func generate(_ config: SyntheticConfig, into folder: URL) throws -> FaceProtocol {
        try config.validate()
        let root = folder.standardizedFileURL
        let results = IndexedResults.run(count: config.identities) { identity in
            try writeIdentity(identity, config: config, root: root)
        }
        var train: [ProtocolEntry] = [], gallery: [ProtocolEntry] = [], probe: [ProtocolEntry] = []
        for identity in 0..<config.identities {
            let entries = try results.get(identity)
            if identity < config.trainIdentities {
                train += entries
            } else {
                gallery.append(entries[0])
                probe += entries.filter(\.isOccluded)
            }
        }
        let manifest = ProtocolManifest(
            name: "synthetic", dataset: "unveil-synthetic", imageSize: config.size,
            notes: "Synthetic identities (seed \(config.seed)): \(config.trainIdentities) training identities with all "
                + "their images; \(config.identities - config.trainIdentities) test identities, each with one clean "
                + "gallery image (image 0) and every naturally occluded image as a probe (ground truth and mask given). "
                + "Upper bound: match the probes' ground_truth images.",
            attributes: FaceAttribute.paper.map(\.rawValue))
        let study = FaceProtocol(manifest: manifest, folder: root, train: train, gallery: gallery, probe: probe)
        try study.write()
        return study
    }

    private static func writeIdentity(_ identity: Int, config: SyntheticConfig, root: URL) throws -> [ProtocolEntry] {
        let subject = subject(identity)
        let attributes = traits(identity: identity, seed: config.seed).attributes.vector()
        var entries: [ProtocolEntry] = []
        for image in 0..<config.imagesPerIdentity {
            let face = render(identity: identity, image: image, config: config)
            let name = "\(subject)/\(image).png"
            let path = root.appendingPathComponent("images/\(name)")
            try AtomicFile.writePNG(face.image, to: path)
            var entry = ProtocolEntry(path: path, subject: subject,
                                      landmarks: face.landmarks.map { SIMD2(Double($0.x), Double($0.y)) },
                                      attributes: attributes)
            if let groundTruth = face.groundTruth, let mask = face.mask {
                entry.groundTruth = root.appendingPathComponent("ground_truth/\(name)")
                entry.mask = root.appendingPathComponent("masks/\(name)")
                try AtomicFile.writePNG(groundTruth, to: entry.groundTruth!)
                try AtomicFile.writePNG(mask, to: entry.mask!)
                entry.occluder = face.occlusion?.kind.rawValue
            }
            entries.append(entry)
        }
        return entries
    }
}
