import Foundation
import Imaging
import TensorCore
import Testing
import TestSupport
@testable import Evaluation

@Suite struct QualityRunTests {
    /// A 16×16 gray ramp with `offset` added to the top-left 4×4 block, in 8-bit steps.
    private func image(offset: Int) -> Image {
        Image(width: 16, height: 16, channels: 1, pixels: (0..<256).map { i in
            let (y, x) = (i / 16, i % 16)
            return Float(i + (y < 4 && x < 4 ? offset : 0)) / 255
        })
    }

    private func mask(occludingTopLeft size: Int) -> Image {
        Image(width: 16, height: 16, channels: 1, pixels: (0..<256).map { ($0 / 16 < size && $0 % 16 < size) ? 0 : 1 })
    }

    private func folders() throws -> (root: URL, reference: URL, test: URL, masks: URL, predicted: URL) {
        let root = try Fixtures.temporaryDirectory()
        let names = ["reference", "test", "masks", "predicted"].map { root.appendingPathComponent($0) }
        for folder in names { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        for name in ["a.png", "b.png"] {
            try ImageIO.writePNG(image(offset: 0), to: names[0].appendingPathComponent(name))
            try ImageIO.writePNG(image(offset: name == "a.png" ? 0 : 8), to: names[1].appendingPathComponent(name))
            try ImageIO.writePNG(mask(occludingTopLeft: 4), to: names[2].appendingPathComponent(name))
            try ImageIO.writePNG(mask(occludingTopLeft: 8), to: names[3].appendingPathComponent(name))
        }
        return (root, names[0], names[1], names[2], names[3])
    }

    @Test func writesOneRowPerPairWithMaskedColumns() throws {
        let f = try folders()
        let out = f.root.appendingPathComponent("quality.csv")
        let records = try QualityRun.run(QualityConfig(reference: f.reference, test: f.test, masks: f.masks, predictedMasks: f.predicted, output: out))
        #expect(records.map(\.image) == ["a.png", "b.png"])
        let table = try CSV.read(from: out)
        #expect(table.header == ["image", "psnr", "ssim", "psnr_occluded", "ssim_occluded", "psnr_visible", "ssim_visible", "mask_iou"])
        #expect(table.rows[0][1] == "inf")
        #expect(table.rows[0][2] == "1.000000")
        // b.png: 16 of 256 pixels off by 8 → MSE 4, PSNR 10·log10(255²/4); occluded: MSE 64; visible: exact.
        #expect(abs(try table.numericColumn(named: "psnr")[1] - 10 * log10(255.0 * 255 / 4)) < 1e-4)
        #expect(abs(try table.numericColumn(named: "psnr_occluded")[1] - 10 * log10(255.0 * 255 / 64)) < 1e-4)
        #expect(try table.column(named: "psnr_visible")[1] == "inf")
        #expect(try table.column(named: "mask_iou") == ["0.250000", "0.250000"])  // 4×4 inside 8×8
    }

    @Test func namesOnOneSideOnlyAreListed() throws {
        let f = try folders()
        try ImageIO.writePNG(image(offset: 0), to: f.test.appendingPathComponent("extra.png"))
        try FileManager.default.removeItem(at: f.test.appendingPathComponent("a.png"))
        let config = QualityConfig(reference: f.reference, test: f.test, output: f.root.appendingPathComponent("q.csv"))
        #expect(throws: EvaluationError.unmatchedImages(referenceFolder: f.reference.path, testFolder: f.test.path,
                                                        onlyInReference: ["a.png"], onlyInTest: ["extra.png"])) {
            try QualityRun.run(config)
        }
    }

    @Test func missingMasksAreListed() throws {
        let f = try folders()
        try FileManager.default.removeItem(at: f.masks.appendingPathComponent("b.png"))
        let config = QualityConfig(reference: f.reference, test: f.test, masks: f.masks, output: f.root.appendingPathComponent("q.csv"))
        #expect(throws: EvaluationError.missingMasks(folder: f.masks.path, names: ["b.png"])) { try QualityRun.run(config) }
    }

    @Test func emptyOrMissingFolders() throws {
        let root = try Fixtures.temporaryDirectory()
        #expect(throws: EvaluationError.noImages(folder: root.path)) { try QualityRun.imageNames(in: root) }
        let missing = root.appendingPathComponent("nope")
        #expect(throws: EvaluationError.folderNotFound(path: missing.path)) { try QualityRun.imageNames(in: missing) }
    }

    @Test func predictedMasksNeedGroundTruth() throws {
        let f = try folders()
        let config = QualityConfig(reference: f.reference, test: f.test, predictedMasks: f.predicted, output: f.root.appendingPathComponent("q.csv"))
        #expect(throws: EvaluationError.self) { try QualityRun.run(config) }
    }
}
