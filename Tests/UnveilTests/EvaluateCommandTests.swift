import Foundation
import Testing
import TestSupport

@Test func evaluateWithAMissingConfigNamesTheFile() throws {
    let result = try runUnveil(["evaluate", "--config", "/nonexistent/experiment.json", "--out", "/tmp/unveil-never"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("/nonexistent/experiment.json"), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "one-line error expected: \(result.stderr)")
}

@Test func evaluateWithAnInvalidConfigNamesTheField() throws {
    let folder = try Fixtures.temporaryDirectory("evaluate-cli")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = folder.appendingPathComponent("experiment.json")
    try Data(#"{"protocolPath": "p", "deoccluders": ["inpaint", "inpaint"]}"#.utf8).write(to: config)
    let result = try runUnveil(["evaluate", "--config", config.path, "--out", folder.appendingPathComponent("out").path])
    #expect(result.status != 0)
    #expect(result.stderr.contains("deoccluders"), "\(result.stderr)")
}
