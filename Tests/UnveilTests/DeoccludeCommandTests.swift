import Foundation
import Testing
import TestSupport

@Suite struct DeoccludeCommandTests {
    @Test func unknownDeoccluderIsExplained() throws {
        let result = try runUnveil(["deocclude", "--deoccluder", "bogus", "--input", ".", "--out", "/tmp/x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("unknown de-occluder"))
        #expect(result.stderr.contains("command:'PROGRAM ARGS {input} {output}'"))
    }

    @Test func fitPCAExcludesDeoccluder() throws {
        let result = try runUnveil(["deocclude", "--fit-pca", "3", "--deoccluder", "none", "--input", ".", "--out", "b"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--fit-pca"))
    }

    @Test func missingInputIsNamed() throws {
        let folder = try Fixtures.temporaryDirectory()
        let nowhere = folder.appendingPathComponent("nowhere").path
        let result = try runUnveil(["deocclude", "--deoccluder", "none", "--input", nowhere,
                                    "--out", folder.appendingPathComponent("out").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains(nowhere))
    }

    @Test func externalCommandRunsEndToEnd() throws {
        let folder = try Fixtures.temporaryDirectory()
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        // A 1×1 gray PNG.
        let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==")!
        try png.write(to: input.appendingPathComponent("face.png"))
        let out = folder.appendingPathComponent("out")
        let result = try runUnveil(["deocclude", "--deoccluder", "command:cp -r {input}/. {output}",
                                    "--input", input.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("face.png").path))
        #expect(result.stdout.contains("command:cp -r {input}/. {output}: 1 images"))
    }
}
