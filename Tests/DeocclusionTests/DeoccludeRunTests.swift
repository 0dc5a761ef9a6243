import Foundation
import Imaging
import TestSupport
import Testing
@testable import Deocclusion

/// 8-bit PNG storage of values in [0, 1]: half a level.
private let pngTolerance: Float = 0.5 / 255 + 1e-6

/// A folder `in/` with faces `a.png` and `sub/b.png` (16×12 RGB ramps) and `masks/` hiding
/// a block in each.
private func makeInputs(in folder: URL) throws -> (input: URL, masks: URL, faces: [Image]) {
    let input = folder.appendingPathComponent("in"), masks = folder.appendingPathComponent("masks")
    var faces: [Image] = []
    for (index, name) in ["a.png", "sub/b.png"].enumerated() {
        var face = Image(width: 16, height: 12, channels: 3)
        for c in 0..<3 { for y in 0..<12 { for x in 0..<16 {
            face[c, y, x] = Float(20 + 6 * x + 4 * y + 15 * c + 10 * index) / 255
        } } }
        var mask = Image(width: 16, height: 12, channels: 1, filledWith: 1)
        for y in 3..<8 { for x in 4..<11 { mask[0, y, x] = 0 } }
        for (folder, image) in [(input, face), (masks, mask)] {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try ImageIO.writePNG(image, to: url)
        }
        faces.append(face)
    }
    return (input, masks, faces)
}

@Suite struct DeoccludeRunTests {
    @Test func inpaintRunWritesEveryFaceUnderItsName() throws {
        let folder = try Fixtures.temporaryDirectory()
        let (input, masks, faces) = try makeInputs(in: folder)
        let out = folder.appendingPathComponent("out")
        let summary = try DeoccludeRun.run(DeoccludeConfig(
            deoccluder: .inpaint(.groundTruth), input: input.path, masks: masks.path, output: out.path, batchSize: 1))
        #expect(summary.images == 2 && summary.masksWritten == 0 && summary.identity == "inpaint:gt")
        for (name, face) in zip(["a.png", "sub/b.png"], faces) {
            // Ramps are harmonic, so the fill restores them up to PNG rounding.
            let recovered = try ImageIO.read(from: out.appendingPathComponent(name))
            #expect(maxAbsoluteDifference(recovered.pixels, face.pixels) < 2 * pngTolerance)
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("deocclusion.json").path))
    }

    @Test func pcaFitThenRunWritesPredictedMasks() throws {
        let folder = try Fixtures.temporaryDirectory()
        let (input, _, _) = try makeInputs(in: folder)
        let basisURL = folder.appendingPathComponent("basis/pca.safetensors")
        let basis = try DeoccludeRun.fitPCA(PCAFitConfig(input: input.path, components: 1, output: basisURL.path))
        #expect(basis.componentCount == 1 && basis.shapeDescription == "16×12×3")
        let out = folder.appendingPathComponent("out")
        let summary = try DeoccludeRun.run(DeoccludeConfig(
            deoccluder: .pca(path: basisURL.path), input: input.path, output: out.path))
        #expect(summary.masksWritten == 2)
        let mask = try ImageIO.read(from: out.appendingPathComponent("masks/sub/b.png"))
        #expect(mask.channels == 1 && mask.width == 16 && mask.height == 12)
    }

    @Test func csvListResolvesPathsAndMasks() throws {
        let folder = try Fixtures.temporaryDirectory()
        _ = try makeInputs(in: folder)
        let list = folder.appendingPathComponent("list.csv")
        try "subject,path,mask\n1,in/a.png,masks/a.png\n2,\"in/sub/b.png\",\n".write(to: list, atomically: true, encoding: .utf8)
        let items = try ImageList(input: list).items
        #expect(items.map(\.name) == ["in/a.png", "in/sub/b.png"])
        #expect(items[0].mask?.lastPathComponent == "a.png" && items[1].mask == nil)
    }

    @Test(arguments: [
        ("name\nx.png\n", "no column 'path'"),
        ("path,subject\nin/a.png\n", ":2: 1 fields"),
        ("path\nin/missing.png\n", ":2: no image"),
        ("path,subject\n ,1\n", ":2: empty path"),
    ])
    func malformedListsNameFileAndLine(_ text: String, _ words: String) throws {
        let folder = try Fixtures.temporaryDirectory()
        _ = try makeInputs(in: folder)
        let list = folder.appendingPathComponent("bad.csv")
        try text.write(to: list, atomically: true, encoding: .utf8)
        do {
            _ = try ImageList(input: list)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect("\(error)".contains(list.path) && "\(error)".contains(words), "\(error)")
        }
    }

    @Test func missingInputsAndMasksAreNamed() throws {
        let folder = try Fixtures.temporaryDirectory()
        let (input, _, _) = try makeInputs(in: folder)
        let nowhere = folder.appendingPathComponent("nowhere")
        #expect(throws: DeocclusionError.inputNotFound(path: nowhere.path)) { try ImageList(input: nowhere) }
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(throws: DeocclusionError.noImages(path: empty.path)) { try ImageList(input: empty) }
        #expect(throws: DeocclusionError.missingMask(path: empty.appendingPathComponent("a.png").path,
                                                     image: input.appendingPathComponent("a.png").path)) {
            try ImageList(input: input, masks: empty)
        }
    }

    @Test func wrongSizedMaskFileIsNamed() throws {
        let folder = try Fixtures.temporaryDirectory()
        let (input, masks, _) = try makeInputs(in: folder)
        try ImageIO.writePNG(Image(width: 5, height: 5, channels: 1), to: masks.appendingPathComponent("a.png"))
        #expect(throws: DeocclusionError.maskFileShapeMismatch(
            path: masks.appendingPathComponent("a.png").path, image: "16×12×3", mask: "5×5×1")) {
            try DeoccludeRun.run(DeoccludeConfig(deoccluder: .inpaint(.groundTruth), input: input.path,
                                                 masks: masks.path, output: folder.appendingPathComponent("o").path))
        }
    }

    @Test func groundTruthInpaintWithoutMasksFailsBeforeWriting() throws {
        let folder = try Fixtures.temporaryDirectory()
        let (input, _, _) = try makeInputs(in: folder)
        let out = folder.appendingPathComponent("out")
        #expect(throws: DeocclusionError.self) {
            try DeoccludeRun.run(DeoccludeConfig(deoccluder: .inpaint(.groundTruth), input: input.path, output: out.path))
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
