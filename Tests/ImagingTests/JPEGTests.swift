import Foundation
import Testing
import TestSupport
@testable import Imaging

@Test(arguments: ["rgb", "gray"])
func jpegDecodeMatchesPillow(_ name: String) throws {
    let reference = try #require(try ImagingFixtures.load().jpeg[name])
    let image = try ImageIO.readJPEG(from: Fixtures.url("imaging/\(name).jpg"))
    #expect(image.width == reference.width && image.height == reference.height)
    #expect(image.channels == reference.channels)
    let difference = largestDifference(image, alpha: nil, reference)
    #expect(difference <= ImagingTolerance.jpegDecoders, "largest difference \(difference * 255)/255")
}

@Test func readDetectsJPEGBySignatureNotExtension() throws {
    let folder = try Fixtures.temporaryDirectory("imaging-jpeg")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("looks-like.png")
    try FileManager.default.copyItem(at: Fixtures.url("imaging/rgb.jpg"), to: url)
    let image = try ImageIO.read(from: url)
    #expect(image.channels == 3 && image.width == 16)
}

@Test func readJPEGRejectsAPNG() {
    let url = Fixtures.url("imaging/rgb8.png")
    #expect(throws: ImageError.unsupportedFormat(path: url.path)) { try ImageIO.readJPEG(from: url) }
}
