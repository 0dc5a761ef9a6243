import Foundation
import Testing
import TestSupport
@testable import Imaging

/// Writes `bytes` to a fresh temporary file and returns its URL.
private func temporaryFile(_ name: String, _ bytes: Data) throws -> URL {
    let url = try Fixtures.temporaryDirectory("imaging-errors").appendingPathComponent(name)
    try bytes.write(to: url)
    return url
}

/// The `ImageError` reading `url` throws, or nil when it reads fine.
private func readError(_ url: URL) -> ImageError? {
    do {
        _ = try ImageIO.read(from: url)
        return nil
    } catch {
        return error as? ImageError
    }
}

private func fixtureBytes(_ name: String) throws -> Data {
    try Data(contentsOf: Fixtures.url("imaging/\(name)"))
}

/// Offset of the first byte after the 4-byte chunk type `kind` in a PNG.
private func pngChunkData(_ data: Data, _ kind: String) throws -> Int {
    let range = try #require(data.range(of: Data(kind.utf8)))
    return range.upperBound
}

@Test func corruptPNGNamesTheFile() throws {
    var bytes = try fixtureBytes("rgb8.png")
    bytes[try pngChunkData(bytes, "IDAT") + 3] ^= 0xFF  // damaged compressed data: CRC mismatch
    let url = try temporaryFile("broken.png", bytes)
    let error = try #require(readError(url))
    guard case .corruptPNG(url.path, let reason) = error else { Issue.record("got \(error)"); return }
    #expect(!reason.isEmpty && error.description.contains(url.path), "\(error)")
}

@Test func corruptPNGHeaderNamesTheFile() throws {
    var bytes = try fixtureBytes("rgb8.png")
    bytes[try pngChunkData(bytes, "IHDR") + 8] = 7  // bit depth 7 does not exist (CRC fixed below)
    let start = try pngChunkData(bytes, "IHDR") - 4
    let crc = crc32(bytes[start..<(start + 17)])
    for i in 0..<4 { bytes[start + 17 + i] = UInt8((crc >> (24 - 8 * UInt32(i))) & 0xFF) }
    let url = try temporaryFile("bad-depth.png", bytes)
    #expect {
        try ImageIO.read(from: url)
    } throws: { error in
        if case .corruptPNG(url.path, _) = error as? ImageError { return true } else { return false }
    }
}

@Test func corruptJPEGNamesTheFile() throws {
    var bytes = try fixtureBytes("rgb.jpg")
    let sof = try #require(bytes.range(of: Data([0xFF, 0xC0])))
    bytes[sof.upperBound + 2] = 3  // sample precision 3 bits is invalid
    let url = try temporaryFile("broken.jpg", bytes)
    let error = try #require(readError(url))
    guard case .corruptJPEG(url.path, let reason) = error else { Issue.record("got \(error)"); return }
    #expect(!reason.isEmpty && error.description.contains(url.path), "\(error)")
}

/// Cuts in the header, in the middle of the pixel data and just before the end.
@Test(arguments: ["rgba16.png", "rgb8_interlaced.png", "rgb.jpg", "gray.jpg"], [0.05, 0.3, 0.6, 0.9])
func truncatedFileGivesTruncated(_ name: String, _ fraction: Double) throws {
    let bytes = try fixtureBytes(name)
    let url = try temporaryFile("cut-\(name)", bytes.prefix(Int(Double(bytes.count) * fraction)))
    #expect(throws: ImageError.truncated(path: url.path)) { try ImageIO.read(from: url) }
}

@Test func signaturePrefixAloneIsTruncated() throws {
    let url = try temporaryFile("stub.png", Data([0x89, 0x50, 0x4E]))
    #expect(throws: ImageError.truncated(path: url.path)) { try ImageIO.read(from: url) }
}

@Test func nonImageFileIsUnsupportedFormat() throws {
    let url = try temporaryFile("notes.png", Data("path,subject\na.png,1\n".utf8))
    #expect(throws: ImageError.unsupportedFormat(path: url.path)) { try ImageIO.read(from: url) }
}

@Test func emptyFileIsReported() throws {
    let url = try temporaryFile("empty.jpg", Data())
    #expect(throws: ImageError.emptyFile(path: url.path)) { try ImageIO.read(from: url) }
}

@Test func missingFileIsReported() {
    let url = URL(fileURLWithPath: "/nonexistent/unveil/face.png")
    #expect(throws: ImageError.fileNotFound(path: url.path)) { try ImageIO.read(from: url) }
    #expect(ImageError.fileNotFound(path: url.path).description.contains("/nonexistent/unveil/face.png"))
}

@Test func folderIsNotAnImage() throws {
    let folder = try Fixtures.temporaryDirectory("imaging-errors")
    #expect(throws: ImageError.readFailed(path: folder.path, reason: "it is a folder")) {
        try ImageIO.read(from: folder)
    }
}

@Test func writeIntoMissingFolderFails() {
    let url = URL(fileURLWithPath: "/nonexistent/unveil/out.png")
    #expect {
        try ImageIO.writePNG(Image(width: 1, height: 1, channels: 1), to: url)
    } throws: { error in
        if case .writeFailed(url.path, _) = error as? ImageError { return true } else { return false }
    }
}

@Test func unsupportedBitDepthAndAlphaSizeAreRejected() {
    let image = Image(width: 2, height: 2, channels: 3)
    #expect(throws: ImageError.unsupportedBitDepth(4)) { try ImageIO.encodePNG(image, bitDepth: 4) }
    #expect(throws: ImageError.alphaSizeMismatch(expected: 4, actual: 3)) {
        try ImageIO.encodePNG(image, alpha: [1, 1, 1])
    }
}

/// CRC-32 (PNG's polynomial), to keep a deliberately altered header chunk valid.
private func crc32(_ bytes: Data) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}
