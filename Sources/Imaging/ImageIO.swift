import CImageCodecs
import Foundation
import TensorCore

/// Reading and writing PNG and JPEG files through libpng and libjpeg-turbo.
///
/// Formats are recognised by their signature, never by the file extension. Every
/// library error (corrupt, truncated or non-image data) becomes an `ImageError`
/// naming the file; the libraries never abort or exit the process.
public enum ImageIO {
    /// Largest number of samples (width·height·channels) a decode allocates.
    public static let maximumSamples = Int(UNVEIL_MAX_SAMPLES)

    /// The file formats `ImageIO` understands.
    public enum Format: String, Sendable, Codable, CaseIterable {
        case png, jpeg
    }

    // MARK: Reading

    /// Reads a PNG or JPEG as gray (1 channel) or RGB (3 channels); alpha is dropped.
    /// - Shape: file → `Image` `[C, H, W]`, C ∈ {1, 3}
    public static func read(from url: URL) throws -> Image {
        try readWithAlpha(from: url).image
    }

    /// Reads a PNG or JPEG, returning the alpha plane separately when the file has one.
    /// - Shape: `image` `[C, H, W]`, `alpha` `[H, W]` or nil
    public static func readWithAlpha(from url: URL) throws -> (image: Image, alpha: [Float]?) {
        try decodeWithAlpha(data: readData(from: url), name: url.path)
    }

    /// Reads a PNG or JPEG with an alpha plane that is always present (1 where the
    /// file has no alpha channel).
    /// - Shape: `image` `[C, H, W]`, `alpha` `[H, W]`
    public static func readRGBA(from url: URL) throws -> (image: Image, alpha: [Float]) {
        let (image, alpha) = try readWithAlpha(from: url)
        return (image, alpha ?? [Float](repeating: 1, count: image.planeSize))
    }

    /// Reads a JPEG file; any other format is `unsupportedFormat`.
    public static func readJPEG(from url: URL) throws -> Image {
        let data = try readData(from: url)
        guard format(of: data) == .jpeg else { throw ImageError.unsupportedFormat(path: url.path) }
        return try decode(data: data, name: url.path)
    }

    /// Decodes PNG or JPEG bytes (alpha dropped); `name` appears in error messages.
    public static func decode(data: Data, name: String) throws -> Image {
        try decodeWithAlpha(data: data, name: name).image
    }

    /// Decodes PNG or JPEG bytes, returning alpha separately when present.
    /// - Shape: `image` `[C, H, W]`, `alpha` `[H, W]` or nil
    public static func decodeWithAlpha(data: Data, name: String) throws -> (image: Image, alpha: [Float]?) {
        guard !data.isEmpty else { throw ImageError.emptyFile(path: name) }
        guard let format = format(of: data) else {
            if isPrefixOfSignature(data) { throw ImageError.truncated(path: name) }
            throw ImageError.unsupportedFormat(path: name)
        }
        var decoded = unveil_decoded_image()
        defer { unveil_decoded_free(&decoded) }
        let status = data.withUnsafeBytes { buffer -> Int32 in
            let bytes = buffer.bindMemory(to: UInt8.self).baseAddress!
            switch format {
            case .png: return unveil_png_decode(bytes, buffer.count, &decoded)
            case .jpeg: return unveil_jpeg_decode(bytes, buffer.count, &decoded)
            }
        }
        try check(status: status, message: message(of: &decoded.message), format: format, name: name)
        guard decoded.width > 0, decoded.height > 0, (1...4).contains(decoded.channels) else {
            throw corrupt(format, name, "decoder returned \(decoded.width)×\(decoded.height)×\(decoded.channels)")
        }
        return split(decoded)
    }

    /// The format announced by the first bytes, or nil.
    public static func format(of data: Data) -> Format? {
        if data.starts(with: pngSignature) { return .png }
        if data.starts(with: jpegSignature) { return .jpeg }
        return nil
    }

    // MARK: Writing

    /// Writes `image` as an 8- or 16-bit gray or RGB PNG, atomically (temporary
    /// file in the same folder, then rename).
    public static func writePNG(_ image: Image, to url: URL, bitDepth: Int = 8) throws {
        try writePNG(image, alpha: nil, to: url, bitDepth: bitDepth)
    }

    /// Writes `image` with an optional alpha plane (gray+alpha or RGBA PNG), atomically.
    /// - Shape: `alpha` `[H, W]`
    public static func writePNG(_ image: Image, alpha: [Float]?, to url: URL, bitDepth: Int = 8) throws {
        let data: Data
        do {
            data = try encodePNG(image, alpha: alpha, bitDepth: bitDepth)
        } catch ImageError.writeFailed(_, let reason) {
            throw ImageError.writeFailed(path: url.path, reason: reason)
        }
        try writeAtomically(data, to: url)
    }

    /// PNG bytes of `image` (for data URIs in HTML reports).
    public static func encodePNG(_ image: Image, alpha: [Float]? = nil, bitDepth: Int = 8) throws -> Data {
        guard bitDepth == 8 || bitDepth == 16 else { throw ImageError.unsupportedBitDepth(bitDepth) }
        if let alpha, alpha.count != image.planeSize {
            throw ImageError.alphaSizeMismatch(expected: image.planeSize, actual: alpha.count)
        }
        let interleaved = interleave(image, alpha: alpha)  // (H, W, C[+1])
        let channels = image.channels + (alpha == nil ? 0 : 1)
        var encoded = unveil_encoded_image()
        defer { unveil_encoded_free(&encoded) }
        let status = interleaved.withUnsafeBufferPointer {
            unveil_png_encode($0.baseAddress, Int32(image.width), Int32(image.height),
                              Int32(channels), Int32(bitDepth), &encoded)
        }
        guard status == Int32(UNVEIL_CODEC_OK.rawValue) else {
            throw ImageError.writeFailed(path: "<memory>", reason: message(of: &encoded.message))
        }
        return Data(bytes: encoded.bytes, count: encoded.size)
    }

    /// Writes `data` to `url` through a temporary file in the same folder and a rename,
    /// so readers never see a half-written file.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        do {
            try FileIO.writeAtomically(data, to: url)
        } catch let .writeFailed(path, reason) {
            throw ImageError.writeFailed(path: path, reason: reason)
        } catch {
            throw ImageError.writeFailed(path: url.path, reason: error.description)
        }
    }

    // MARK: Helpers

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    private static let jpegSignature: [UInt8] = [0xFF, 0xD8, 0xFF]

    private static func isPrefixOfSignature(_ data: Data) -> Bool {
        (data.count < pngSignature.count && pngSignature.starts(with: data))
            || (data.count < jpegSignature.count && jpegSignature.starts(with: data))
    }

    private static func readData(from url: URL) throws -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw ImageError.fileNotFound(path: url.path)
        }
        if isFolder.boolValue { throw ImageError.readFailed(path: url.path, reason: "it is a folder") }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ImageError.readFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    private static func message<T>(of field: inout T) -> String {
        withUnsafeBytes(of: &field) { buffer in
            let bytes = buffer.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
    }

    private static func check(status: Int32, message: String, format: Format, name: String) throws {
        switch unveil_codec_status(rawValue: UInt32(status)) {
        case UNVEIL_CODEC_OK: return
        case UNVEIL_CODEC_TRUNCATED: throw ImageError.truncated(path: name)
        case UNVEIL_CODEC_UNSUPPORTED: throw ImageError.unsupportedLayout(path: name, reason: message)
        case UNVEIL_CODEC_TOO_LARGE: throw ImageError.tooLarge(path: name)
        case UNVEIL_CODEC_NO_MEMORY: throw ImageError.readFailed(path: name, reason: "out of memory")
        default: throw corrupt(format, name, message)
        }
    }

    private static func corrupt(_ format: Format, _ name: String, _ reason: String) -> ImageError {
        switch format {
        case .png: return .corruptPNG(path: name, reason: reason)
        case .jpeg: return .corruptJPEG(path: name, reason: reason)
        }
    }

    /// Interleaved (H, W, C) samples from the codec → planar image plus alpha.
    private static func split(_ decoded: unveil_decoded_image) -> (image: Image, alpha: [Float]?) {
        let width = Int(decoded.width), height = Int(decoded.height), count = Int(decoded.channels)
        let plane = width * height
        let colour = count >= 3 ? 3 : 1
        let hasAlpha = count == 2 || count == 4
        let source = UnsafeBufferPointer(start: decoded.pixels, count: plane * count)  // (H, W, count)
        var pixels = [Float](repeating: 0, count: colour * plane)  // (colour, H, W)
        var alpha = [Float](repeating: 1, count: hasAlpha ? plane : 0)  // (H, W)
        for i in 0..<plane {
            for c in 0..<colour { pixels[c * plane + i] = source[i * count + c] }
            if hasAlpha { alpha[i] = source[i * count + count - 1] }
        }
        return (Image(width: width, height: height, channels: colour, pixels: pixels), hasAlpha ? alpha : nil)
    }

    /// Planar image (+ alpha) → interleaved (H, W, C[+1]) samples for the encoder.
    private static func interleave(_ image: Image, alpha: [Float]?) -> [Float] {
        let plane = image.planeSize
        let count = image.channels + (alpha == nil ? 0 : 1)
        var out = [Float](repeating: 0, count: plane * count)
        for i in 0..<plane {
            for c in 0..<image.channels { out[i * count + c] = image.pixels[c * plane + i] }
            if let alpha { out[i * count + count - 1] = alpha[i] }
        }
        return out
    }
}
