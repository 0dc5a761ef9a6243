import Foundation
import Testing
import TestSupport

/// `unveil synth`, `unveil protocol check`, `unveil occlude` through the built binary.
@Suite struct FaceDataCommandTests {
    @Test func synthCheckAndOcclude() throws {
        let folder = try Fixtures.temporaryDirectory(), out = try Fixtures.temporaryDirectory()
        let synth = try runUnveil(["synth", "--out", folder.path, "--identities", "4", "--images-per-identity", "3",
                                   "--size", "32", "--seed", "5"])
        #expect(synth.status == 0, "\(synth.stderr)")
        #expect(synth.stdout.contains("train 6, gallery 2"))
        let check = try runUnveil(["protocol", "check", folder.path])
        #expect(check.status == 0, "\(check.stderr)")
        let occlude = try runUnveil(["occlude", "--protocol", folder.path, "--split", "train", "--out", out.path, "--seed", "1"])
        #expect(occlude.status == 0, "\(occlude.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.csv").path))
    }

    @Test func badSynthOptionIsRejected() throws {
        let result = try runUnveil(["synth", "--out", "/tmp/x", "--size", "3"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--size"))
    }

    @Test func badSplitIsRejected() throws {
        let result = try runUnveil(["occlude", "--protocol", "/tmp/x", "--split", "test", "--out", "/tmp/y"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--split"))
    }

    @Test func brokenProtocolNamesTheFile() throws {
        let folder = try Fixtures.temporaryDirectory()
        let result = try runUnveil(["protocol", "check", folder.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("protocol.json"))
    }
}
