import Foundation

/// Writes files so that a reader never sees a half-written one: the bytes go to a temporary
/// file in the same folder, which is then renamed over the destination (rename is atomic
/// within one file system).
public enum AtomicFile {
    /// Writes `data` to `url`, creating the parent folder if needed.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw StudyError.writeFailed(file: url.path, reason: error.localizedDescription)
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw StudyError.writeFailed(file: url.path, reason: reason)
        }
    }

    /// Writes `text` as UTF-8 to `url`.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}
