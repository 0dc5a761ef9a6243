import Foundation
import Imaging

/// Turns the image paths of `results.json` into `data:image/png;base64,…` URIs, so the page
/// needs no file beside it. PNG files are checked and embedded as they are; other formats (JPEG) are
/// decoded and re-encoded as PNG. A missing or unreadable image gives `nil` and a warning,
/// and the page shows a placeholder in its place.
struct ImageEmbedder {
    /// Folder that relative paths are resolved against (the folder of `results.json`).
    var root: URL
    private(set) var warnings: [String] = []
    private var cache: [String: String?] = [:]

    init(root: URL) {
        self.root = root
    }

    /// The data URI of the image at `path`, or `nil` (with a warning) when it cannot be read.
    mutating func dataURI(for path: String) -> String? {
        if let known = cache[path] { return known }
        let url = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)).standardizedFileURL
        let uri: String?
        guard FileManager.default.fileExists(atPath: url.path) else {
            warnings.append("image \(url.path): no such file; showing a placeholder")
            cache[path] = .some(nil)
            return nil
        }
        do {
            let data = try Data(contentsOf: url)
            let image = try ImageIO.decode(data: data, name: url.path)  // also rejects a corrupt PNG
            let png = ImageIO.format(of: data) == .png ? data : try ImageIO.encodePNG(image)
            uri = "data:image/png;base64," + png.base64EncodedString()
        } catch let error as ImageError {
            warnings.append("image \(url.path): \(error.description); showing a placeholder")
            uri = nil
        } catch {
            warnings.append("image \(url.path): missing or unreadable (\(error.localizedDescription)); showing a placeholder")
            uri = nil
        }
        cache[path] = uri
        return uri
    }
}
