import Evaluation
import Foundation

/// Rewrites the relative image paths of results when the report folder moves.
enum ImagePaths {
    /// `results` with every relative image path, resolved against `oldRoot`, made relative to `newRoot`.
    static func rebase(_ results: StudyResults, from oldRoot: URL, to newRoot: URL) -> StudyResults {
        let old = oldRoot.standardizedFileURL.path, new = newRoot.standardizedFileURL.path
        guard old != new else { return results }
        func move(_ path: String) -> String {
            path.hasPrefix("/") ? path : relativePath(of: URL(fileURLWithPath: old).appendingPathComponent(path).standardizedFileURL.path, from: new)
        }
        var copy = results
        copy.strips = results.strips.map { strip in
            var s = strip
            s.occluded = move(strip.occluded)
            s.predictedMask = strip.predictedMask.map(move)
            s.groundTruth = strip.groundTruth.map(move)
            s.galleryMate = strip.galleryMate.map(move)
            s.recovered = strip.recovered.map { r in
                var moved = r
                moved.image = move(r.image)
                return moved
            }
            return s
        }
        return copy
    }

    /// `target` (absolute) relative to the folder `base` (absolute): `/a/b/x.png` from `/a/c` → `../b/x.png`.
    static func relativePath(of target: String, from base: String) -> String {
        let t = target.split(separator: "/"), b = base.split(separator: "/")
        var common = 0
        while common < min(t.count, b.count), t[common] == b[common] { common += 1 }
        let ups = Array(repeating: "..", count: b.count - common)
        return (ups + t[common...].map(String.init)).joined(separator: "/")
    }
}
