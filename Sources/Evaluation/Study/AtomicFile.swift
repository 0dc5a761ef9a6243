import Foundation
import Imaging

/// Writes the study's files so that a reader never sees a half-written one, through
/// `ImageIO.writeAtomically` (temporary file in the same folder, then rename), creating
/// the parent folder first and reporting failures as `StudyError`.
public enum AtomicFile {
    /// Writes `data` to `url`, creating the parent folder if needed.
    public static func write(_ data: Data, to url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try ImageIO.writeAtomically(data, to: url)
        } catch let error as ImageError {
            throw StudyError.writeFailed(file: url.path, reason: Self.reason(of: error))
        } catch {
            throw StudyError.writeFailed(file: url.path, reason: error.localizedDescription)
        }
    }

    /// Writes `text` as UTF-8 to `url`.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    private static func reason(of error: ImageError) -> String {
        if case let .writeFailed(_, reason) = error { return reason }
        return error.description
    }
}
