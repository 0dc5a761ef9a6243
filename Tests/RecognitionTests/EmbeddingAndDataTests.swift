import FaceData
import Foundation
import Imaging
import Testing
import TensorCore
import TestSupport
@testable import Recognition

/// 16-bit PNG round trip of values in [0, 1]: at most half a step of 1/65535.
private let pngTolerance: Float = 1e-4

/// Writes `count` random gray (or RGB) faces of side `size` into `folder`; returns their names.
private func writeFaces(_ count: Int, size: Int, channels: Int = 1, into folder: URL, seed: UInt64) throws -> [String] {
    var rng = SplitMix64(seed: seed)
    return try (0..<count).map { index in
        let name = "face\(index).png"
        let pixels = (0..<(channels * size * size)).map { _ in Float.random(in: 0...1, using: &rng) }
        try ImageIO.writePNG(Image(width: size, height: size, channels: channels, pixels: pixels),
                             to: folder.appendingPathComponent(name), bitDepth: 16)
        return name
    }
}

private func writeModel(inputSize: Int, to url: URL) throws -> LightCNN9 {
    var rng = SplitMix64(seed: 21)
    let model = try LightCNN9(configuration: LightCNN9Configuration(inputSize: inputSize, classes: 3), using: &rng)
    try model.saveWeights(to: url)
    return model
}

@Test func embedJobWritesOneRowPerListRowInOrder() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let model = try writeModel(inputSize: 16, to: folder.appendingPathComponent("r.safetensors"))
    let names = try writeFaces(3, size: 16, channels: 3, into: folder, seed: 1)
    let list = folder.appendingPathComponent("list.csv")
    try Data(("path,subject\n" + names.reversed().map { "\($0),x\n" }.joined()).utf8).write(to: list)
    let output = folder.appendingPathComponent("e.npy")
    let count = try EmbeddingJob(recognizer: folder.appendingPathComponent("r.safetensors"), list: list,
                                 output: output, batchSize: 2).run()
    #expect(count == 3)

    let written = try NPY.read(from: output)
    #expect(written.shape == [3, 256])
    let embedder = FaceEmbedder(model: model)
    let files = names.reversed().map { folder.appendingPathComponent($0) }
    let direct = try embedder.embed(files: files, batchSize: 3)
    #expect(maxAbsoluteDifference(written.scalars, direct.scalars) < Tolerance.kernel)
    // row 0 is the list's first row (face2), embedded from its gray conversion
    let gray = try ImageIO.read(from: files[0]).grayscale()
    let single = model.embed(Tensor(shape: [1, 1, 16, 16], scalars: gray.pixels))
    #expect(maxAbsoluteDifference(Array(written.scalars[0..<256]), single.scalars) < Tolerance.kernel)
}

@Test func embedRefusesOtherSizesUnlessResizing() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let weights = folder.appendingPathComponent("r.safetensors")
    _ = try writeModel(inputSize: 16, to: weights)
    let names = try writeFaces(1, size: 32, into: folder, seed: 2)
    let list = folder.appendingPathComponent("list.csv")
    try Data("path\n\(names[0])\n".utf8).write(to: list)
    let output = folder.appendingPathComponent("e.npy")
    let file = folder.appendingPathComponent(names[0]).path
    #expect(throws: RecognitionError.imageSizeMismatch(file: file, width: 32, height: 32, expected: 16)) {
        try EmbeddingJob(recognizer: weights, list: list, output: output).run()
    }
    try EmbeddingJob(recognizer: weights, list: list, output: output, resize: true).run()
    #expect(try NPY.read(from: output).shape == [1, 256])
}

@Test func embedListNeedsAPathColumnAndRows() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let list = folder.appendingPathComponent("list.csv")
    try Data("file,subject\na.png,1\n".utf8).write(to: list)
    let job = EmbeddingJob(recognizer: folder.appendingPathComponent("r.safetensors"), list: list,
                           output: folder.appendingPathComponent("e.npy"))
    #expect(throws: RecognitionError.missingColumn(file: list.path, column: "path")) { try job.imageFiles() }
    try Data("path\n".utf8).write(to: list)
    #expect(throws: RecognitionError.emptyList(file: list.path)) { try job.imageFiles() }
}

@Test func transformCacheComputesEachImageOnce() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let names = try writeFaces(3, size: 8, into: folder, seed: 3)
    let files = names.map { folder.appendingPathComponent($0) }
    let invert = FaceTransform(identity: "invert:v1") { images, _ in
        images.map { Image(width: $0.width, height: $0.height, channels: $0.channels, pixels: $0.pixels.map { 1 - $0 }) }
    }
    let cache = FaceTransformCache(root: folder.appendingPathComponent("cache"), transform: invert)
    let first = try cache.images(for: files, relativeTo: folder, batchSize: 2)
    #expect(first.computed == 3)
    let second = try cache.images(for: files, relativeTo: folder, batchSize: 2)
    #expect(second.computed == 0)
    let original = try ImageIO.read(from: files[1])
    #expect(maxAbsoluteDifference(second.images[1].pixels, original.pixels.map { 1 - $0 }) < pngTolerance)

    let other = FaceTransformCache(root: folder.appendingPathComponent("cache"), transform: FaceTransform(identity: "invert:v2") { faces, _ in faces })
    #expect(other.directory != cache.directory)
    #expect(FaceTransformCache.key(for: "oagan:/a b/c") .allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) })
}

@Test func trainingJobLoadsProtocolTrainingList() throws {
    let folder = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let names = try writeFaces(4, size: 32, into: folder, seed: 4)
    let entries = names.enumerated().map { ProtocolEntry(path: folder.appendingPathComponent($1), subject: "p\($0 % 2)") }
    let faceProtocol = FaceProtocol(manifest: ProtocolManifest(name: "t", dataset: "test", imageSize: 32, notes: ""),
                                    folder: folder, train: entries, gallery: [], probe: [])
    try faceProtocol.write()
    let loaded = try FaceProtocol.load(from: folder)
    let faces = try RecognizerTrainingJob.loadFaces(loaded.train, root: loaded.imageRoot, inputSize: 16)
    #expect(faces.count == 4 && faces.size == 16)
    #expect(faces.subjects == ["p0", "p1"])
    #expect(faces.labels == [0, 1, 0, 1])

    var configuration = RecognizerTrainingConfiguration.recipe(inputSize: 16)
    configuration.epochs = 1
    configuration.batchSize = 4
    configuration.validationFraction = 0
    let output = folder.appendingPathComponent("out/r.safetensors")
    try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
    let result = try RecognizerTrainingJob(protocolFolder: folder, output: output, configuration: configuration)
        .run(transform: FaceTransform(identity: "identity") { faces, masks in
            #expect(masks.allSatisfy { $0?.pixels.allSatisfy { $0 >= 1 } == true })  // clean entries: all visible
            return faces
        })
    #expect(result.history.count == 1)
    #expect(FileManager.default.fileExists(atPath: output.deletingLastPathComponent().appendingPathComponent("cache").path))
    let trained = try LightCNN9.load(from: output)
    #expect(trained.configuration == LightCNN9Configuration(inputSize: 16, classes: 2))
}
