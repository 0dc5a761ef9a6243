import Foundation
import Testing
import TestSupport

@Test func reportCommandReRendersTheFixture() throws {
    let out = try Fixtures.temporaryDirectory("unveil-report-cli")
    let result = try runUnveil(["report", "--from", Fixtures.url("reports/results.json").path, "--out", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("index.html"))
    #expect(result.stderr.contains("warning: image"))  // the fixture's one missing image
    for name in ["index.html", "cmc.csv", "quality.csv", "identification.csv", "summary.csv", "results.json"] {
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name) missing")
    }
}

@Test func reportCommandGivesOneLineForMalformedResults() throws {
    let folder = try Fixtures.temporaryDirectory()
    let bad = folder.appendingPathComponent("results.json")
    try Data(#"{"formatVersion": 1, "name": "x", "question": 7}"#.utf8).write(to: bad)
    let result = try runUnveil(["report", "--from", bad.path, "--out", folder.appendingPathComponent("out").path])
    #expect(result.status != 0)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(result.stderr)")
    #expect(result.stderr.contains(bad.path) && result.stderr.contains("question"))
}
