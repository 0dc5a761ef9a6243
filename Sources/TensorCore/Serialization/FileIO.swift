import Foundation

/// Whole-file reads and atomic writes with errors that name the file.
///
/// Writes never leave a half-written file behind: the bytes go to a temporary file
/// in the same folder, which is then renamed over the destination.
public enum FileIO {
    /// Writes `data` to `url` atomically (temporary file in the same folder, then rename).
    public static func writeAtomically(_ data: Data, to url: URL) throws(FileIOError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw .writeFailed(path: url.path, reason: error.localizedDescription)
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .writeFailed(path: url.path, reason: reason)
        }
    }

    /// Reads the whole file.
    public static func read(from url: URL) throws(FileIOError) -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw .fileNotFound(path: url.path)
        }
        if isFolder.boolValue { throw .isFolder(path: url.path) }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .readFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}

/// A file could not be read or written.
public enum FileIOError: Error, CustomStringConvertible, LocalizedError, Equatable {
    case fileNotFound(path: String)
    case isFolder(path: String)
    case readFailed(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .fileNotFound(path): return "\(path): no such file"
        case let .isFolder(path): return "\(path): is a folder, a file was expected"
        case let .readFailed(path, reason): return "\(path): cannot read: \(reason)"
        case let .writeFailed(path, reason): return "\(path): cannot write: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
