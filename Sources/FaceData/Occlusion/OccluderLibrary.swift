import Foundation
import Imaging

/// The occluders to draw from: the procedural families (each with `variantsPerFamily`
/// variants) and any user RGBA PNGs.
///
/// User PNGs are read from a folder; a PNG inside a sub-folder named after a family
/// (`sunglasses/aviator.png`) is placed like that family, any other as an `object`.
public struct OccluderLibrary: Sendable {
    /// Procedural families in use (empty to use user PNGs only).
    public var families: [OccluderFamily]
    /// Variants per procedural family.
    public var variantsPerFamily: Int
    /// Occluders loaded from PNG files.
    public var userOccluders: [Occluder]

    public init(families: [OccluderFamily] = OccluderFamily.procedural, variantsPerFamily: Int = 64,
                userOccluders: [Occluder] = []) {
        self.families = families
        self.variantsPerFamily = variantsPerFamily
        self.userOccluders = userOccluders
    }

    /// Number of distinct occluders.
    public var count: Int { families.count * variantsPerFamily + userOccluders.count }

    /// Occluder number `index` in `0..<count` (procedural ones first, family by family).
    public func occluder(at index: Int) -> Occluder {
        let procedural = families.count * variantsPerFamily
        if index < procedural {
            return ProceduralOccluders.make(families[index / variantsPerFamily], variant: index % variantsPerFamily)
        }
        return userOccluders[index - procedural]
    }

    /// Reads every `*.png` beneath `folder` (sorted by path, so the order is reproducible).
    /// - Throws: `FaceDataError.noImages` for a folder without PNGs, `FaceDataError.unreadableFile`
    ///   for a PNG without an alpha channel or one that does not decode.
    public static func userOccluders(in folder: URL) throws -> [Occluder] {
        guard FileManager.default.fileExists(atPath: folder.path) else { throw FaceDataError.missingFile(folder) }
        let files = (FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension.lowercased() == "png" }
            .sorted { $0.path < $1.path }
        guard !files.isEmpty else { throw FaceDataError.noImages(folder) }
        return try files.map { file in
            let decoded: (image: Image, alpha: [Float]?)
            do { decoded = try ImageIO.readWithAlpha(from: file) } catch {
                throw FaceDataError.unreadableFile(file, reason: "\(error)")
            }
            guard let alpha = decoded.alpha else {
                throw FaceDataError.unreadableFile(file, reason: "the PNG has no alpha channel; occluders need RGBA (or gray+alpha)")
            }
            let family = OccluderFamily(rawValue: file.deletingLastPathComponent().lastPathComponent) ?? .object
            let relativeWidth: Double
            switch family {
            case .eyeglasses, .sunglasses: relativeWidth = 2.2
            case .respirator, .surgicalMask: relativeWidth = 2.2
            case .scarf, .hatBrim: relativeWidth = 3.0
            case .hand, .cup, .phone, .object: relativeWidth = 1.4
            }
            return Occluder(family: family, variant: file.lastPathComponent, image: decoded.image.rgb(), alpha: alpha,
                            relativeWidth: relativeWidth)
        }
    }
}
