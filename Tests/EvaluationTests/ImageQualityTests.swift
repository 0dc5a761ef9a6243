import Foundation
import Imaging
import Testing
import TestSupport
@testable import Evaluation

/// scikit-image agreement demanded by the issue: SSIM to 1e-4, PSNR to 1e-3 dB.
private enum QualityTolerance {
    static let ssim = 1e-4
    static let psnr = 1e-3
}

/// One case of `Tests/Fixtures/evaluation/quality.json` (see scripts/make_quality_fixtures.py).
private struct QualityCase: Decodable, CustomTestStringConvertible {
    let name: String
    let height: Int, width: Int, channels: Int, seed: Int
    let psnr: Double, ssim: Double
    let psnr_occluded: Double, psnr_visible: Double, ssim_occluded: Double, ssim_visible: Double
    let occluded_pixels: Int
    var testDescription: String { name }

    /// `pattern` of the script, as an Image.
    var reference: Image {
        var pixels = [Float](repeating: 0, count: channels * height * width)
        for c in 0..<channels {
            for y in 0..<height {
                for x in 0..<width {
                    let value = (x * 7 + y * 13 + c * 29 + ((x * y) % 17) * 5 + (x * x + 3 * y) % 23) % 256
                    pixels[(c * height + y) * width + x] = Float(value) / 255
                }
            }
        }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// `distorted` of the script: hash noise in [-20, 20] and a flat grey block.
    var test: Image {
        let base = reference
        var pixels = base.pixels
        for c in 0..<channels {
            for y in 0..<height {
                for x in 0..<width {
                    let index = (c * height + y) * width + x
                    let noise = ((index * 1_103_515_245 + 12345 + seed * 7919) / 65536) % 41 - 20
                    var value = Int((base.pixels[index] * 255).rounded()) + noise
                    if y >= height / 4, y < height / 2, x >= width / 3, x < (2 * width) / 3 { value = 128 }
                    pixels[index] = Float(min(max(value, 0), 255)) / 255
                }
            }
        }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// `occlusion_mask` of the script (1 visible, 0 occluded).
    var mask: Image {
        var pixels = [Float](repeating: 1, count: height * width)
        for y in 0..<height {
            for x in 0..<width where y >= height / 4 - 2 && y < height / 2 + 2 && x >= width / 3 - 2 && x < (2 * width) / 3 + 2 {
                pixels[y * width + x] = 0
            }
        }
        return Image(width: width, height: height, channels: 1, pixels: pixels)
    }
}

private struct QualityFixture: Decodable {
    let cases: [QualityCase]
}

private let fixtureCases: [QualityCase] = {
    guard let data = try? Data(contentsOf: Fixtures.url("evaluation/quality.json")),
          let fixture = try? JSONDecoder().decode(QualityFixture.self, from: data) else { return [] }
    return fixture.cases
}()

@Suite struct ImageQualityTests {
    @Test func fixtureIsPresent() {
        #expect(fixtureCases.count == 4)
    }

    @Test(arguments: fixtureCases)
    fileprivate func psnrAndSSIMMatchScikitImage(_ fixture: QualityCase) throws {
        let scores = try ImageQuality.scores(reference: fixture.reference, test: fixture.test)
        #expect(abs(scores.psnr - fixture.psnr) < QualityTolerance.psnr, "PSNR \(scores.psnr) vs \(fixture.psnr)")
        #expect(abs(scores.ssim - fixture.ssim) < QualityTolerance.ssim, "SSIM \(scores.ssim) vs \(fixture.ssim)")
    }

    @Test(arguments: fixtureCases)
    fileprivate func maskedScoresMatchScikitImageMaps(_ fixture: QualityCase) throws {
        let scores = try ImageQuality.scores(reference: fixture.reference, test: fixture.test, mask: fixture.mask)
        let regions = try #require(scores.regions)
        #expect(abs(try #require(regions.psnrOccluded) - fixture.psnr_occluded) < QualityTolerance.psnr)
        #expect(abs(try #require(regions.psnrVisible) - fixture.psnr_visible) < QualityTolerance.psnr)
        #expect(abs(try #require(regions.ssimOccluded) - fixture.ssim_occluded) < QualityTolerance.ssim)
        #expect(abs(try #require(regions.ssimVisible) - fixture.ssim_visible) < QualityTolerance.ssim)
        #expect(abs(regions.occludedFraction - Double(fixture.occluded_pixels) / Double(fixture.width * fixture.height)) < 1e-12)
    }

    @Test(arguments: [1, 3])
    func identicalImagesGiveInfinityAndOne(_ channels: Int) throws {
        let image = Image(width: 20, height: 16, channels: channels, pixels: (0..<(20 * 16 * channels)).map { Float($0 % 97) / 96 })
        let scores = try ImageQuality.scores(reference: image, test: image, mask: Image(width: 20, height: 16, channels: 1, filledWith: 0))
        #expect(scores.psnr == .infinity)
        #expect(abs(scores.ssim - 1) < 1e-12)
        #expect(scores.regions?.psnrOccluded == .infinity)
        #expect(scores.regions?.psnrVisible == nil, "an all-occluded mask leaves no visible region")
        #expect(scores.regions?.ssimVisible == nil)
    }

    @Test func quantisationMatchesThePNGWriter() {
        let image = Image(width: 4, height: 1, channels: 1, pixels: [-0.1, 0.5 / 255, 0.499, 1.2])
        #expect(ImageQuality.quantized(image) == [0, 1, 127, 255])
    }

    /// Hand-made: 2×2 gray, one value off by 10 → MSE 25, PSNR 10·log10(255²/25).
    @Test func psnrOnAHandMadeCase() throws {
        let reference = Image(width: 2, height: 2, channels: 1, pixels: [0, 100, 200, 255].map { Float($0) / 255 })
        let test = Image(width: 2, height: 2, channels: 1, pixels: [0, 110, 200, 255].map { Float($0) / 255 })
        #expect(abs(try ImageQuality.psnr(reference: reference, test: test) - 10 * log10(255.0 * 255 / 25)) < 1e-9)
    }

    /// Hand-made masked case: the error lies only in the occluded half, so the visible
    /// half is perfect (∞ dB, SSIM map 1 away from the occluded half's window reach).
    @Test func maskedPSNRSeparatesTheRegions() throws {
        let (width, height) = (16, 12)
        let reference = Image(width: width, height: height, channels: 1, pixels: (0..<(width * height)).map { Float(($0 * 29) % 256) / 255 })
        var test = reference
        var mask = Image(width: width, height: height, channels: 1, filledWith: 1)
        for y in 0..<height {
            for x in 0..<4 {
                test[0, y, x] = Float(Int(reference[0, y, x] * 255 + 0.5) ^ 8) / 255  // |error| = 8
                mask[0, y, x] = 0
            }
        }
        let regions = try #require(try ImageQuality.scores(reference: reference, test: test, mask: mask).regions)
        #expect(abs(try #require(regions.psnrOccluded) - 10 * log10(255.0 * 255 / 64)) < 1e-9)
        #expect(regions.psnrVisible == .infinity)
        #expect(abs(regions.occludedFraction - 0.25) < 1e-12)
        #expect(try #require(regions.ssimVisible) > (try #require(regions.ssimOccluded)))
    }

    /// Hand-made IoU: predicted occludes columns 0–3, truth columns 2–5 of a 8×2 mask →
    /// intersection 2 columns, union 6 columns.
    @Test func maskIoUOfOccludedRegions() throws {
        func mask(occluding columns: Range<Int>) -> Image {
            Image(width: 8, height: 2, channels: 1, pixels: (0..<16).map { columns.contains($0 % 8) ? 0.2 : 0.9 })
        }
        #expect(abs(try ImageQuality.maskIoU(predicted: mask(occluding: 0..<4), groundTruth: mask(occluding: 2..<6)) - 2.0 / 6) < 1e-12)
        #expect(try ImageQuality.maskIoU(predicted: mask(occluding: 0..<0), groundTruth: mask(occluding: 0..<0)) == 1)
        #expect(try ImageQuality.maskIoU(predicted: mask(occluding: 0..<3), groundTruth: mask(occluding: 5..<8)) == 0)
    }

    @Test func mismatchedSizesAreErrors() {
        let a = Image(width: 12, height: 12, channels: 1, filledWith: 0.5)
        let b = Image(width: 12, height: 12, channels: 3, filledWith: 0.5)
        #expect(throws: EvaluationError.imageSizeMismatch(name: "x.png", reference: "12×12×1", test: "12×12×3")) {
            try ImageQuality.scores(reference: a, test: b, name: "x.png")
        }
        #expect(throws: EvaluationError.maskSizeMismatch(name: "x.png", mask: "11×12", image: "12×12")) {
            try ImageQuality.scores(reference: a, test: a, mask: Image(width: 11, height: 12, channels: 1), name: "x.png")
        }
        let small = Image(width: 10, height: 30, channels: 1)
        #expect(throws: EvaluationError.imageTooSmallForSSIM(name: "x.png", width: 10, height: 30, windowSize: 11)) {
            try ImageQuality.scores(reference: small, test: small, name: "x.png")
        }
    }

    @Test func reflectBorderMatchesScipy() {
        // scipy 'reflect' on 4 samples: … 1 0 | 0 1 2 3 | 3 2 …
        #expect((-3..<7).map { SSIM.reflect($0, count: 4) } == [2, 1, 0, 0, 1, 2, 3, 3, 2, 1])
        #expect(SSIM().windowSize == 11)
    }
}
