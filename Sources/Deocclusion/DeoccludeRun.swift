import Foundation
import Imaging

/// Settings of one `unveil deocclude` run.
public struct DeoccludeConfig: Codable, Sendable, Equatable {
    public var deoccluder: DeoccluderSpec
    /// Folder of faces or a `.csv` list (see ``ImageList``).
    public var input: String
    /// Where a list's relative paths start; `nil` = the list's folder.
    public var root: String?
    /// Folder of ground-truth masks named like the faces (PNG, white = visible).
    public var masks: String?
    /// Output folder: recovered faces under their relative names (`.png`), masks in `masks/`.
    public var output: String
    /// Faces handed to the de-occluder at once (an external program starts once per batch).
    public var batchSize: Int
    public var options: DeoccluderOptions

    public init(deoccluder: DeoccluderSpec, input: String, root: String? = nil, masks: String? = nil,
                output: String, batchSize: Int = 64, options: DeoccluderOptions = DeoccluderOptions()) {
        self.deoccluder = deoccluder
        self.input = input
        self.root = root
        self.masks = masks
        self.output = output
        self.batchSize = batchSize
        self.options = options
    }
}

/// What a run did; also written to `<output>/deocclusion.json` with the config.
public struct DeoccludeSummary: Codable, Sendable, Equatable {
    public var identity: String
    public var images: Int
    public var masksWritten: Int
    public var seconds: Double
}

/// Settings of a PCA basis fit (`unveil deocclude --fit-pca K`).
public struct PCAFitConfig: Codable, Sendable, Equatable {
    /// Folder or list of clean, aligned training faces of one size.
    public var input: String
    public var root: String?
    public var components: Int
    /// The basis file to write (safetensors).
    public var output: String

    public init(input: String, root: String? = nil, components: Int, output: String) {
        self.input = input
        self.root = root
        self.components = components
        self.output = output
    }
}

/// The library side of `unveil deocclude`.
public enum DeoccludeRun {
    /// De-occludes every listed face and writes the results.
    /// - Parameter progress: called after each batch with (faces done, faces in all).
    public static func run(_ config: DeoccludeConfig,
                           progress: (Int, Int) -> Void = { _, _ in }) throws -> DeoccludeSummary {
        let start = Date()
        let list = try ImageList(input: URL(fileURLWithPath: config.input), root: config.root.map(URL.init(fileURLWithPath:)),
                                 masks: config.masks.map(URL.init(fileURLWithPath:)))
        if config.deoccluder == .inpaint(.groundTruth), let bare = list.items.first(where: { $0.mask == nil }) {
            throw DeocclusionError.maskRequired(deoccluder: "inpaint:gt (no mask for \(bare.image.path))")
        }
        let deoccluder = try makeDeoccluder(config.deoccluder, options: config.options)
        let output = URL(fileURLWithPath: config.output)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        var masksWritten = 0
        let batchSize = max(config.batchSize, 1)
        for first in stride(from: 0, to: list.items.count, by: batchSize) {
            let items = Array(list.items[first ..< min(first + batchSize, list.items.count)])
            let faces = try items.map { try ImageIO.read(from: $0.image) }
            let masks = try zip(items, faces).map { item, face in try item.mask.map { try readMask($0, for: face) } }
            let results = try deoccluder.deocclude(faces, masks: masks.contains { $0 != nil } ? masks : nil)
            for (item, result) in zip(items, results) {
                try write(result.recovered, to: output.appendingPathComponent(item.outputName))
                if let mask = result.predictedMask {
                    try write(mask, to: output.appendingPathComponent("masks").appendingPathComponent(item.outputName))
                    masksWritten += 1
                }
            }
            progress(first + items.count, list.items.count)
        }
        let summary = DeoccludeSummary(identity: deoccluder.identity, images: list.items.count,
                                       masksWritten: masksWritten, seconds: Date().timeIntervalSince(start))
        try writeRecord(config: config, summary: summary, to: output.appendingPathComponent("deocclusion.json"))
        return summary
    }

    /// Fits a PCA basis to the listed faces and writes it.
    public static func fitPCA(_ config: PCAFitConfig) throws -> PCABasis {
        let list = try ImageList(input: URL(fileURLWithPath: config.input), root: config.root.map(URL.init(fileURLWithPath:)))
        let faces = try list.items.map { try ImageIO.read(from: $0.image) }
        let basis = try PCABasis.fit(faces: faces, components: config.components)
        let url = URL(fileURLWithPath: config.output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try basis.write(to: url)
        return basis
    }

    /// A mask file as one channel (RGB masks are converted to gray), checked against its face.
    private static func readMask(_ url: URL, for face: Image) throws -> Image {
        var mask = try ImageIO.read(from: url)
        if mask.channels == 3 { mask = mask.grayscale() }
        guard mask.width == face.width, mask.height == face.height else {
            throw DeocclusionError.maskFileShapeMismatch(path: url.path, image: shapeText(face), mask: shapeText(mask))
        }
        return mask
    }

    private static func write(_ image: Image, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try ImageIO.writePNG(image, to: url)
    }

    private struct Record: Codable {
        var config: DeoccludeConfig
        var summary: DeoccludeSummary
    }

    private static func writeRecord(config: DeoccludeConfig, summary: DeoccludeSummary, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try ImageIO.writeAtomically(try encoder.encode(Record(config: config, summary: summary)), to: url)
    }
}
