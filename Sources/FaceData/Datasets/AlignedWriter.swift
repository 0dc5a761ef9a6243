import Foundation
import Imaging

/// Aligns a face image from its five landmarks and writes the crop as PNG.
enum AlignedWriter {
    /// Writes the `size`×`size` crop of `source` to `destination`; returns the landmarks
    /// in crop coordinates.
    static func write(source: URL, landmarks: [SIMD2<Double>], template: FaceTemplate, size: Int,
                      to destination: URL) throws -> [SIMD2<Double>] {
        let image: Image
        do { image = try ImageIO.read(from: source) } catch { throw FaceDataError.unreadableFile(source, reason: "\(error)") }
        let map: Imaging.AffineTransform
        do { map = try FaceAlignment.transform(landmarks: landmarks, template: template, size: size) } catch {
            throw FaceDataError.unreadableFile(source, reason: "cannot align: \(error)")
        }
        try AtomicFile.writePNG(image.rgb().warpedAffine(map, width: size, height: size), to: destination)
        return landmarks.map { map.apply($0) }
    }
}
