import Foundation

/// Everything that can go wrong reading, writing or aligning images. Each message
/// names the file (or the offending argument) and says what to do.
public enum ImageError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// No file at the path.
    case fileNotFound(path: String)
    /// The file exists but could not be read (permissions, a folder, an I/O error).
    case readFailed(path: String, reason: String)
    /// The file has zero bytes.
    case emptyFile(path: String)
    /// The bytes start with neither the PNG nor the JPEG signature.
    case unsupportedFormat(path: String)
    /// libpng rejected the data.
    case corruptPNG(path: String, reason: String)
    /// libjpeg rejected the data.
    case corruptJPEG(path: String, reason: String)
    /// The data ends before the image does.
    case truncated(path: String)
    /// A valid file in a layout Unveil does not decode (e.g. CMYK JPEG).
    case unsupportedLayout(path: String, reason: String)
    /// Dimensions above the decoder's safety cap (`UNVEIL_MAX_SAMPLES`).
    case tooLarge(path: String)
    /// Encoding or writing the file failed.
    case writeFailed(path: String, reason: String)
    /// PNG bit depth other than 8 or 16 was requested.
    case unsupportedBitDepth(Int)
    /// An alpha plane whose length is not width·height.
    case alphaSizeMismatch(expected: Int, actual: Int)
    /// Images of different sizes where equal sizes are required.
    case sizeMismatch(String)
    /// Source and destination landmark lists differ in length, or are too short.
    case landmarkCount(expected: Int, actual: Int)
    /// Landmarks all at one point (or otherwise unusable) for estimating a transform.
    case degenerateLandmarks(String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such image file"
        case .readFailed(let path, let reason):
            return "\(path): cannot read image file (\(reason))"
        case .emptyFile(let path):
            return "\(path): image file is empty (0 bytes)"
        case .unsupportedFormat(let path):
            return "\(path): not a PNG or JPEG file (unknown signature); convert it to PNG"
        case .corruptPNG(let path, let reason):
            return "\(path): corrupt PNG (\(reason)); re-export or re-download the file"
        case .corruptJPEG(let path, let reason):
            return "\(path): corrupt JPEG (\(reason)); re-export or re-download the file"
        case .truncated(let path):
            return "\(path): image file is truncated (data ends before the image does); re-download it"
        case .unsupportedLayout(let path, let reason):
            return "\(path): unsupported image layout (\(reason)); convert it to an RGB or gray PNG"
        case .tooLarge(let path):
            return "\(path): image too large to decode (over \(ImageIO.maximumSamples) samples)"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write image (\(reason))"
        case .unsupportedBitDepth(let depth):
            return "PNG bit depth \(depth) is not supported for writing (use 8 or 16)"
        case .alphaSizeMismatch(let expected, let actual):
            return "alpha plane has \(actual) values, expected width·height = \(expected)"
        case .sizeMismatch(let detail):
            return "image sizes differ: \(detail)"
        case .landmarkCount(let expected, let actual):
            return "expected \(expected) landmarks, got \(actual)"
        case .degenerateLandmarks(let detail):
            return "cannot estimate a transform from these landmarks: \(detail)"
        }
    }

    public var errorDescription: String? { description }
}
