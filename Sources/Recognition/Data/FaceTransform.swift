import Foundation
import Imaging

/// An image-to-image step applied to faces before the recognizer sees them — a de-occluder,
/// plugged in by the caller (Recognition does not depend on Deocclusion).
public struct FaceTransform: Sendable {
    /// Stable name of the step and its parameters (a de-occluder's `identity`); the cache key.
    public var identity: String
    /// Maps a batch of faces, with their occlusion masks where known (1 = visible,
    /// 0 = occluded, nil = unknown), to as many faces of the same size, in order.
    public var apply: @Sendable (_ faces: [Image], _ masks: [Image?]) throws -> [Image]

    public init(identity: String, apply: @escaping @Sendable (_ faces: [Image], _ masks: [Image?]) throws -> [Image]) {
        self.identity = identity
        self.apply = apply
    }
}

/// Transformed faces kept on disk as 16-bit PNGs under `root/<key of identity>/<relative path>.png`,
/// so that a second run with the same transform reads them instead of recomputing them.
public struct FaceTransformCache: Sendable {
    /// Folder holding this transform's images.
    public let directory: URL
    public let transform: FaceTransform

    public init(root: URL, transform: FaceTransform) {
        self.transform = transform
        directory = root.appendingPathComponent(Self.key(for: transform.identity), isDirectory: true)
    }

    /// A file-system-safe folder name for an identity: its safe characters (at most 48) and an
    /// FNV-1a hash of the whole identity, so different identities never share a folder.
    public static func key(for identity: String) -> String {
        let safe = String(identity.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" }.prefix(48))
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in identity.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return safe + "-" + String(hash, radix: 16)
    }

    /// The transformed faces of `files`, in order, computing and storing the missing ones in
    /// batches of `batchSize`; `computed` counts the cache misses. `masks` gives each file's
    /// occlusion mask where known. Cache entries are named by each file's path relative to
    /// `root` (its full path when outside `root`).
    public func images(for files: [URL], masks: [MaskSource]? = nil, relativeTo root: URL,
                       batchSize: Int) throws -> (images: [Image], computed: Int) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data((transform.identity + "\n").utf8).write(to: directory.appendingPathComponent("identity.txt"), options: .atomic)
        let cached = files.map { cacheURL(for: Self.relativePath(of: $0, under: root)) }
        var result = [Image?](repeating: nil, count: files.count)
        var missing: [Int] = []
        for index in files.indices {
            if FileManager.default.fileExists(atPath: cached[index].path) {
                result[index] = try ImageIO.read(from: cached[index])
            } else {
                missing.append(index)
            }
        }
        for start in stride(from: 0, to: missing.count, by: max(batchSize, 1)) {
            let indices = Array(missing[start..<min(missing.count, start + max(batchSize, 1))])
            let inputs = try indices.map { try ImageIO.read(from: files[$0]) }
            let inputMasks = try zip(indices, inputs).map { index, image in try masks?[index].image(like: image) }
            let outputs = try transform.apply(inputs, inputMasks)
            for (index, image) in zip(indices, outputs) {
                try FileManager.default.createDirectory(at: cached[index].deletingLastPathComponent(), withIntermediateDirectories: true)
                try ImageIO.writePNG(image.clamped(), to: cached[index], bitDepth: 16)
                result[index] = try ImageIO.read(from: cached[index])  // as a later run will see it
            }
        }
        return (result.map { $0! }, missing.count)
    }

    static func relativePath(of file: URL, under root: URL) -> String {
        let path = file.standardizedFileURL.path
        let base = root.standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : String(path.drop { $0 == "/" })
    }

    func cacheURL(for relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath).deletingPathExtension().appendingPathExtension("png")
    }
}

/// Where a face's occlusion mask comes from when a transform asks for it.
public enum MaskSource: Sendable, Hashable {
    /// A mask file (1 = visible, 0 = occluded).
    case file(URL)
    /// A face known to be clean: everything visible.
    case allVisible
    /// Not known.
    case unknown

    func image(like face: Image) throws -> Image? {
        switch self {
        case let .file(url): return try ImageIO.read(from: url).grayscale()
        case .allVisible: return Image(width: face.width, height: face.height, channels: 1, filledWith: 1)
        case .unknown: return nil
        }
    }
}
