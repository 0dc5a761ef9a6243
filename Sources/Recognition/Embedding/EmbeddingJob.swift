import Foundation
import TensorCore

/// Embeds the faces of a list file and writes them as `.npy`: what `unveil embed` calls.
public struct EmbeddingJob: Sendable {
    /// LightCNN-9 weights (safetensors).
    public var recognizer: URL
    /// CSV with a header and at least a `path` column.
    public var list: URL
    /// Output `.npy`: float32 `[N, 256]`, row i = list row i.
    public var output: URL
    /// Folder the list's paths are relative to; default the list's folder.
    public var root: URL?
    public var batchSize: Int
    /// Resample faces of another size instead of refusing them.
    public var resize: Bool

    public init(recognizer: URL, list: URL, output: URL, root: URL? = nil, batchSize: Int = 32, resize: Bool = false) {
        self.recognizer = recognizer
        self.list = list
        self.output = output
        self.root = root
        self.batchSize = batchSize
        self.resize = resize
    }

    /// Runs the job; returns the number of faces embedded.
    @discardableResult
    public func run() throws -> Int {
        let files = try imageFiles()
        let embedder = FaceEmbedder(model: try LightCNN9.load(from: recognizer), resize: resize)
        let embeddings = try embedder.embed(files: files, batchSize: batchSize)
        try NPY.write(embeddings.tensorData, to: output)
        return files.count
    }

    /// The list's `path` column resolved against `root` (absolute paths kept).
    public func imageFiles() throws -> [URL] {
        let table = try CSV.read(from: list)
        guard table.hasColumn("path") else { throw RecognitionError.missingColumn(file: list.path, column: "path") }
        let paths = try table.column(named: "path")
        guard !paths.isEmpty else { throw RecognitionError.emptyList(file: list.path) }
        let base = root ?? list.deletingLastPathComponent()
        return paths.map { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : base.appendingPathComponent($0) }
    }
}
