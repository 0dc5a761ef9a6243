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

    /// A fresh empty temporary folder for one test, inside this test process's own folder
    /// (`$TMPDIR/unveil-tests-PID`), which is removed when the process exits, so a test run
    /// leaves nothing behind even where a test does not clean up after itself.
    public static func temporaryDirectory(_ label: String = "unveil-test") throws -> URL {
        let url = processTemporaryRoot.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Created on first use; its removal is registered with `atexit` at the same time.
    private static let processTemporaryRoot: URL = {
        atexit { try? FileManager.default.removeItem(at: Fixtures.temporaryRootPath) }
        return temporaryRootPath
    }()

    private static var temporaryRootPath: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("unveil-tests-\(getpid())")
    }
}
