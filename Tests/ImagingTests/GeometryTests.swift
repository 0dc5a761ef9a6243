import Foundation
import Testing
import TestSupport
@testable import Imaging

/// Naive bilinear sample of channel `c` at (x, y); neighbours outside the image
/// read `outside` (nil: clamp to the nearest edge pixel).
private func sample(_ image: Image, _ c: Int, _ x: Double, _ y: Double, outside: Float?) -> Float {
    let x0 = Int(floor(x)), y0 = Int(floor(y))
    let fx = Float(x - floor(x)), fy = Float(y - floor(y))
    func at(_ px: Int, _ py: Int) -> Float {
        if px < 0 || py < 0 || px >= image.width || py >= image.height {
            if let outside { return outside }
            return image[c, min(max(py, 0), image.height - 1), min(max(px, 0), image.width - 1)]
        }
        return image[c, py, px]
    }
    return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
}

@Test func enlargementMatchesPillowBilinear() throws {
    let fixture = try ImagingFixtures.load().resize
    let source = Image(width: fixture.sourceWidth, height: fixture.sourceHeight, channels: 1, pixels: fixture.source)
    let resized = source.resized(width: fixture.width, height: fixture.height)
    let difference = maxAbsoluteDifference(resized.pixels, fixture.expected)
    #expect(difference < ImagingTolerance.float32, "largest difference \(difference)")
}

@Test(arguments: [(9, 7, 5, 4), (9, 7, 13, 11), (16, 16, 8, 8), (10, 6, 7, 9), (5, 5, 1, 1)])
func resizeMatchesNaiveHalfPixelReference(_ shape: (Int, Int, Int, Int)) {
    let (w, h, newWidth, newHeight) = shape
    var generator = SeededGenerator(seed: 3)
    let image = randomImage(width: w, height: h, channels: 3, using: &generator)
    let resized = image.resized(width: newWidth, height: newHeight)
    var expected = [Float]()
    for c in 0..<3 {
        for y in 0..<newHeight {
            for x in 0..<newWidth {
                let sx = min(max((Double(x) + 0.5) * Double(w) / Double(newWidth) - 0.5, 0), Double(w - 1))
                let sy = min(max((Double(y) + 0.5) * Double(h) / Double(newHeight) - 0.5, 0), Double(h - 1))
                expected.append(sample(image, c, sx, sy, outside: nil))
            }
        }
    }
    #expect(maxAbsoluteDifference(resized.pixels, expected) < ImagingTolerance.float32)
}

@Test func resizeToSameSizeIsIdentity() {
    var generator = SeededGenerator(seed: 4)
    let image = randomImage(width: 6, height: 5, channels: 1, using: &generator)
    #expect(maxAbsoluteDifference(image.resized(width: 6, height: 5).pixels, image.pixels) < ImagingTolerance.float32)
}

@Test func warpMatchesScikitImage() throws {
    let fixture = try ImagingFixtures.load().warp
    let source = Image(width: fixture.sourceWidth, height: fixture.sourceHeight, channels: 1,
                       pixels: fixture.source)
    let warped = source.warpedAffine(AffineTransform(matrix: fixture.matrix), width: fixture.width,
                                     height: fixture.height, fill: fixture.fill)
    let difference = maxAbsoluteDifference(warped.pixels, fixture.expected)
    #expect(difference < ImagingTolerance.float32, "largest difference \(difference)")
}

@Test func warpMatchesNaiveInverseMapping() throws {
    var generator = SeededGenerator(seed: 5)
    let image = randomImage(width: 11, height: 9, channels: 3, using: &generator)
    let transform = AffineTransform.similarity(scale: 1.3, angle: 0.35, translation: SIMD2(-2, 1.5))
    let warped = image.warpedAffine(transform, width: 13, height: 12, fill: 0.5)
    let inverse = try #require(transform.inverted())
    var expected = [Float]()
    for c in 0..<3 {
        for y in 0..<12 {
            for x in 0..<13 {
                let p = inverse.apply(SIMD2(Double(x), Double(y)))
                expected.append(sample(image, c, p.x, p.y, outside: 0.5))
            }
        }
    }
    #expect(maxAbsoluteDifference(warped.pixels, expected) < ImagingTolerance.float32)
}

@Test func warpWithIdentityOrSingularTransform() {
    var generator = SeededGenerator(seed: 6)
    let image = randomImage(width: 5, height: 4, channels: 1, using: &generator)
    #expect(maxAbsoluteDifference(image.warpedAffine(.identity, width: 5, height: 4).pixels, image.pixels)
            < ImagingTolerance.float32)
    let singular = AffineTransform(a: 1, b: 2, tx: 0, c: 2, d: 4, ty: 0)
    #expect(image.warpedAffine(singular, width: 3, height: 3, fill: 0.7).pixels.allSatisfy { abs($0 - 0.7) < ImagingTolerance.float32 })
}

@Test func affineInverseAndComposition() throws {
    let t = AffineTransform(a: 1.2, b: -0.4, tx: 3, c: 0.3, d: 0.9, ty: -2)
    let inverse = try #require(t.inverted())
    let p = SIMD2<Double>(4.5, -1.25)
    let back = inverse.apply(t.apply(p))
    #expect(abs(back.x - p.x) < ImagingTolerance.geometry && abs(back.y - p.y) < ImagingTolerance.geometry)
    let composed = t.followed(by: .translation(x: 1, y: 2)).apply(p)
    let stepwise = t.apply(p) + SIMD2(1, 2)
    #expect(abs(composed.x - stepwise.x) < ImagingTolerance.geometry && abs(composed.y - stepwise.y) < ImagingTolerance.geometry)
}

@Test func cropFillsOutsideAndFlipMirrors() {
    let image = Image(width: 3, height: 2, channels: 1, pixels: [1, 2, 3, 4, 5, 6].map { $0 / 10 })
    let crop = image.cropped(x: 1, y: -1, width: 3, height: 2, fill: 0)
    #expect(maxAbsoluteDifference(crop.pixels, [0, 0, 0, 0.2, 0.3, 0]) < ImagingTolerance.float32)
    let outside = image.cropped(x: 5, y: 5, width: 2, height: 2, fill: 0.5)
    #expect(outside.pixels.allSatisfy { abs($0 - 0.5) < ImagingTolerance.float32 })
    let flipped = image.flippedHorizontally()
    #expect(maxAbsoluteDifference(flipped.pixels, [3, 2, 1, 6, 5, 4].map { $0 / 10 }) < ImagingTolerance.float32)
}
