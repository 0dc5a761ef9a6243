import Testing
import TestSupport
@testable import Imaging

@Test func grayscaleUsesBT601Weights() {
    let image = Image(width: 2, height: 1, channels: 3, pixels: [1, 0.2, 0, 0.4, 0, 1])
    let gray = image.grayscale()
    #expect(gray.channels == 1)
    let expected: [Float] = [0.299 * 1 + 0.587 * 0 + 0.114 * 0, 0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 1]
    #expect(maxAbsoluteDifference(gray.pixels, expected) < ImagingTolerance.float32)
    #expect(gray.grayscale() == gray)
}

@Test func compositeBlendsAndPromotesGray() throws {
    let background = Image(width: 2, height: 1, channels: 1, pixels: [0.2, 0.8])
    let foreground = Image(width: 2, height: 1, channels: 3, pixels: [1, 1, 0, 0, 0.5, 0.5])
    let out = try Image.composite(background: background, foreground: foreground, alpha: [0.25, 1])
    #expect(out.channels == 3)
    let expected: [Float] = [0.2 * 0.75 + 0.25, 1, 0.2 * 0.75, 0, 0.2 * 0.75 + 0.125, 0.5]
    #expect(maxAbsoluteDifference(out.pixels, expected) < ImagingTolerance.float32)
}

@Test func compositeRejectsMismatchedSizes() {
    let a = Image(width: 2, height: 2, channels: 1), b = Image(width: 3, height: 2, channels: 1)
    #expect(throws: ImageError.sizeMismatch("background 2×2, foreground 3×2")) {
        try Image.composite(background: a, foreground: b, alpha: [1, 1, 1, 1])
    }
    #expect(throws: ImageError.alphaSizeMismatch(expected: 4, actual: 2)) {
        try Image.composite(background: a, foreground: a, alpha: [1, 1])
    }
}

@Test func batchRoundTripsAndRejectsMixedShapes() throws {
    var generator = SeededGenerator(seed: 8)
    let images = (0..<3).map { _ in randomImage(width: 4, height: 2, channels: 3, using: &generator) }
    let batch = try Image.batch(images)  // (3, 3, 2, 4)
    #expect(batch.count == 3 * 3 * 2 * 4)
    #expect(Image.images(fromBatch: batch, channels: 3, height: 2, width: 4) == images)
    #expect(throws: ImageError.self) { try Image.batch([images[0], images[0].grayscale()]) }
}
