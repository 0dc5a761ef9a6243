import Foundation

/// Locates test fixtures under `Tests/Fixtures/` of the source checkout.
public enum Fixtures {
    /// Repository root, derived from this file's path (`Sources/TestSupport/Fixtures.swift`).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures/<relativePath>`.
    public static func url(_ relativePath: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relativePath)
    }

    /// A fresh empty temporary folder for one test.
    public static func temporaryDirectory(_ label: String = "unveil-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
