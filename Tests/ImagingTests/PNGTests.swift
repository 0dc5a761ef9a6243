import Foundation
import Testing
import TestSupport
@testable import Imaging

/// Largest difference between a decoded image (+ alpha) and the fixture's reference samples.
func largestDifference(_ image: Image, alpha: [Float]?, _ reference: ImagingFixtures.Samples) -> Float {
    var worst: Float = 0
    for y in 0..<reference.height {
        for x in 0..<reference.width {
            for c in 0..<image.channels {
                worst = max(worst, abs(image[c, y, x] - reference.value(x: x, y: y, c: c)))
            }
            if let alpha {
                let expected = reference.value(x: x, y: y, c: reference.channels - 1)
                worst = max(worst, abs(alpha[y * image.width + x] - expected))
            }
        }
    }
    return worst
}

@Test(arguments: ["gray8", "gray16", "gray1", "gray_alpha8", "gray_alpha16", "rgb8", "rgb16",
                  "rgba8", "rgba16", "palette8", "palette4_trns", "gray8_trns", "rgb8_trns", "rgb8_interlaced"])
func pngFixtureDecodesToReferenceSamples(_ name: String) throws {
    let reference = try #require(try ImagingFixtures.load().png[name])
    let (image, alpha) = try ImageIO.readWithAlpha(from: Fixtures.url("imaging/\(name).png"))
    #expect(image.width == reference.width && image.height == reference.height)
    #expect(image.channels == (reference.channels >= 3 ? 3 : 1))
    #expect((alpha != nil) == (reference.channels == 2 || reference.channels == 4))
    let difference = largestDifference(image, alpha: alpha, reference)
    #expect(difference < ImagingTolerance.float32, "largest difference \(difference)")
}

struct PNGLayout: CustomStringConvertible, Sendable {
    let channels: Int, hasAlpha: Bool, bitDepth: Int
    var description: String { "\(channels == 1 ? "gray" : "rgb")\(hasAlpha ? "+alpha" : "") \(bitDepth)-bit" }
    static let all = [1, 3].flatMap { c in [false, true].flatMap { a in [8, 16].map { PNGLayout(channels: c, hasAlpha: a, bitDepth: $0) } } }
}

@Test(arguments: PNGLayout.all)
func pngRoundTripKeepsQuantizedValues(_ layout: PNGLayout) throws {
    var generator = SeededGenerator(seed: 11)
    let levels = Float((1 << layout.bitDepth) - 1)
    // Values already on the quantization grid survive exactly (up to Float32 division).
    func onGrid() -> Float { Float(Int.random(in: 0...Int(levels), using: &generator)) / levels }
    let image = Image(width: 7, height: 3, channels: layout.channels,
                      pixels: (0..<(21 * layout.channels)).map { _ in onGrid() })
    let alpha = layout.hasAlpha ? (0..<21).map { _ in onGrid() } : nil
    let folder = try Fixtures.temporaryDirectory("imaging-png")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("round trip.png")
    try ImageIO.writePNG(image, alpha: alpha, to: url, bitDepth: layout.bitDepth)
    let (read, readAlpha) = try ImageIO.readWithAlpha(from: url)
    #expect(read.channels == image.channels && read.width == 7 && read.height == 3)
    #expect(maxAbsoluteDifference(read.pixels, image.pixels) < ImagingTolerance.float32)
    #expect((readAlpha != nil) == layout.hasAlpha)
    if let alpha, let readAlpha {
        #expect(maxAbsoluteDifference(readAlpha, alpha) < ImagingTolerance.float32)
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(leftovers == ["round trip.png"], "temporary files left behind: \(leftovers)")
}

@Test func pngWriteRoundsAndClampsOffGridValues() throws {
    let image = Image(width: 4, height: 1, channels: 1, pixels: [-0.5, 0.5 / 255 + 1e-4, 1.7, .nan])
    let decoded = try ImageIO.decode(data: ImageIO.encodePNG(image), name: "memory")
    #expect(maxAbsoluteDifference(decoded.pixels, [0, 1 / 255, 1, 0]) < ImagingTolerance.float32)
}

@Test func readDropsAlphaAndReadRGBAAlwaysHasIt() throws {
    let rgba = try ImageIO.read(from: Fixtures.url("imaging/rgba8.png"))
    #expect(rgba.channels == 3)
    let (gray, alpha) = try ImageIO.readRGBA(from: Fixtures.url("imaging/gray8.png"))
    #expect(gray.channels == 1 && alpha.count == gray.planeSize && alpha.allSatisfy { $0 == 1 })
}

@Test func encodedPNGStartsWithSignature() throws {
    let data = try ImageIO.encodePNG(Image(width: 2, height: 2, channels: 3, filledWith: 0.5))
    #expect(ImageIO.format(of: data) == .png)
}

@Test func writeReplacesAnExistingFile() throws {
    let folder = try Fixtures.temporaryDirectory("imaging-png")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("face.png")
    try ImageIO.writePNG(Image(width: 2, height: 2, channels: 1, filledWith: 0), to: url)
    try ImageIO.writePNG(Image(width: 3, height: 1, channels: 1, filledWith: 1), to: url)
    let read = try ImageIO.read(from: url)
    #expect(read.width == 3 && read.pixels.allSatisfy { abs($0 - 1) < ImagingTolerance.float32 })
}
