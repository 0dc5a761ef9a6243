import Foundation
import Imaging
import TensorCore
import Testing
import TestSupport

@Suite struct MetricsCommandTests {
    @Test func identifyWritesBothTables() throws {
        let folder = try Fixtures.temporaryDirectory()
        let file = { (name: String) in folder.appendingPathComponent(name).path }
        try NPY.write(TensorData(shape: [3, 2], scalars: [1, 0, 0, 1, -1, 0]), to: URL(fileURLWithPath: file("g.npy")))
        try CSV.write(CSVTable(header: ["path", "subject"], rows: [["g0", "a"], ["g1", "b"], ["g2", "c"]]), to: URL(fileURLWithPath: file("g.csv")))
        try NPY.write(TensorData(shape: [2, 2], scalars: [0.9, 0.1, 0.2, 0.8]), to: URL(fileURLWithPath: file("p.npy")))
        try CSV.write(CSVTable(header: ["path", "subject"], rows: [["p0", "a"], ["p1", "z"]]), to: URL(fileURLWithPath: file("p.csv")))
        let result = try runUnveil(["identify", "--gallery", file("g.npy"), "--gallery-list", file("g.csv"),
                                    "--probe", file("p.npy"), "--probe-list", file("p.csv"), "--ranks", "2", "--out", file("cmc.csv")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 without (excluded)"))
        #expect(try CSV.read(from: URL(fileURLWithPath: file("cmc.csv"))).rows.count == 2)
        #expect(try CSV.read(from: URL(fileURLWithPath: file("identification.csv"))).rows.count == 2)
    }

    @Test func identifyNamesTheBadFile() throws {
        let folder = try Fixtures.temporaryDirectory()
        let bad = folder.appendingPathComponent("g.npy")
        try Data("not numpy".utf8).write(to: bad)
        let result = try runUnveil(["identify", "--gallery", bad.path, "--gallery-list", bad.path, "--probe", bad.path,
                                    "--probe-list", bad.path, "--out", folder.appendingPathComponent("c.csv").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains(bad.path))
    }

    @Test func qualityListsUnmatchedNames() throws {
        let root = try Fixtures.temporaryDirectory()
        let reference = root.appendingPathComponent("ref"), test = root.appendingPathComponent("test")
        for folder in [reference, test] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let image = Image(width: 12, height: 12, channels: 3, filledWith: 0.5)
        try ImageIO.writePNG(image, to: reference.appendingPathComponent("a.png"))
        try ImageIO.writePNG(image, to: test.appendingPathComponent("a.png"))
        let out = root.appendingPathComponent("quality.csv")
        let ok = try runUnveil(["quality", "--reference", reference.path, "--test", test.path, "--out", out.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try CSV.read(from: out).rows == [["a.png", "inf", "1.000000"]])

        try ImageIO.writePNG(image, to: test.appendingPathComponent("b.png"))
        let bad = try runUnveil(["quality", "--reference", reference.path, "--test", test.path, "--out", out.path])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("b.png"))
    }
}
