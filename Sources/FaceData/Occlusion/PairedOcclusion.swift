import Foundation
import Imaging

/// Writes paired training data: every clean image of a protocol split with a pasted
/// occluder, its mask and a manifest row (`unveil occlude`).
public enum PairedOcclusion {
    /// Occludes the clean entries of `config.split` (entries that already wear an
    /// occlusion are skipped: they have no clean source) and returns the manifest.
    /// Output names follow the source paths under the protocol's image root.
    /// - Throws: `FaceDataError` for a bad protocol, occluder folder or unwritable output.
    public static func generate(_ config: OcclusionConfig) throws -> OcclusionManifest {
        let study = try FaceProtocol.load(from: URL(fileURLWithPath: config.protocolFolder))
        var library = OccluderLibrary(variantsPerFamily: max(config.variantsPerFamily, 1))
        if let folder = config.occludersFolder {
            library.userOccluders = try OccluderLibrary.userOccluders(in: URL(fileURLWithPath: folder))
            if config.userOccludersOnly { library.families = [] }
        } else if config.userOccludersOnly {
            throw FaceDataError.invalidConfiguration("user occluders only, but no occluder folder was given")
        }
        let synthesizer = OcclusionSynthesizer(library: library)
        let output = URL(fileURLWithPath: config.outputFolder).standardizedFileURL
        let sources = study.entries(config.split).filter { !$0.isOccluded }
        guard !sources.isEmpty else { throw FaceDataError.noImages(study.folder.appendingPathComponent(config.split.fileName)) }
        let root = study.imageRoot
        let results = IndexedResults.run(count: sources.count) { index in
            let source = sources[index]
            let face: Image
            do { face = try ImageIO.read(from: source.path) } catch {
                throw FaceDataError.unreadableFile(source.path, reason: "\(error)")
            }
            var random = FaceRandom(seed: config.seed, stream: UInt64(index))
            let occluded = synthesizer.occlude(face, landmarks: source.landmarks, using: &random)
            let relative = outputName(for: source.path, root: root, index: index)
            let imageURL = output.appendingPathComponent("images/\(relative)")
            let maskURL = output.appendingPathComponent("masks/\(relative)")
            try AtomicFile.writePNG(occluded.image, to: imageURL)
            try AtomicFile.writePNG(occluded.mask, to: maskURL)
            return PairedSample(image: imageURL, subject: source.subject, groundTruth: source.path, mask: maskURL,
                                family: occluded.family, variant: occluded.variant, placement: occluded.placement,
                                occludedFraction: occluded.occludedFraction)
        }
        let manifest = OcclusionManifest(folder: output, samples: try (0..<sources.count).map { try results.get($0) })
        try manifest.write()
        return manifest
    }

    /// `images/a/b.jpg` under the image root → `a/b.png`; a path outside the root → `<index>_<name>.png`.
    static func outputName(for source: URL, root: URL, index: Int) -> String {
        var name = (FaceProtocol.relative(source, to: root) as NSString).deletingPathExtension + ".png"
        if name.hasPrefix("/") { return "\(index)_" + source.deletingPathExtension().lastPathComponent + ".png" }
        if name.hasPrefix("images/") { name.removeFirst("images/".count) }
        return name
    }
}
