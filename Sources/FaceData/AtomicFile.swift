import Foundation
import Imaging

/// Atomic writes (Imaging's temporary-file-and-rename) into folders created on demand.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        try createFolder(url.deletingLastPathComponent())
        try ImageIO.writeAtomically(data, to: url)
    }

    static func writePNG(_ image: Image, to url: URL) throws {
        try createFolder(url.deletingLastPathComponent())
        try ImageIO.writePNG(image, to: url)
    }

    static func createFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw FaceDataError.unwritableFile(url, reason: error.localizedDescription)
        }
    }
}
