import ArgumentParser
import Foundation
import Recognition

/// `unveil embed`: N×256 float32 embeddings of a list of aligned faces.
struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "N×256 float32 embeddings of a list of aligned faces.")

    @Option(help: "LightCNN-9 weights (safetensors, official names, with or without module./fc2).")
    var recognizer: String

    @Option(help: "CSV with a header and a 'path' column.")
    var list: String

    @Option(help: "Output .npy (float32, row i = list row i).")
    var out: String

    @Option(help: "Folder the list's paths are relative to (default: the list's folder).")
    var root: String?

    @Option(help: "Images per forward pass.")
    var batchSize: Int = 32

    @Flag(help: "Resample faces of another size to the recognizer's input instead of refusing them.")
    var resize = false

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let job = EmbeddingJob(recognizer: URL(fileURLWithPath: recognizer), list: URL(fileURLWithPath: list),
                               output: URL(fileURLWithPath: out), root: root.map { URL(fileURLWithPath: $0) },
                               batchSize: batchSize, resize: resize)
        let count = try job.run()
        FileHandle.standardError.write(Data("embedded \(count) faces → \(out)\n".utf8))
    }
}
