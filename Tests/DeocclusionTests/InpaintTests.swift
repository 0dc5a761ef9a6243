import Imaging
import TestSupport
import Testing
@testable import Deocclusion

/// Conjugate gradients stop at a relative residual of 1e-9; Float32 storage of the result.
private let fillTolerance: Float = 1e-5

/// A `width`×`height` mask that hides the rectangle `[x0, x1) × [y0, y1)`.
private func holeMask(width: Int, height: Int, x0: Int, x1: Int, y0: Int, y1: Int) -> Image {
    var mask = Image(width: width, height: height, channels: 1, filledWith: 1)
    for y in y0..<y1 { for x in x0..<x1 { mask[0, y, x] = 0 } }
    return mask
}

@Suite struct InpaintTests {
    @Test func linearRampIsReconstructedExactly() throws {
        let (w, h) = (24, 20)
        var ramp = Image(width: w, height: h, channels: 3)
        for c in 0..<3 { for y in 0..<h { for x in 0..<w {
            ramp[c, y, x] = 0.1 + 0.02 * Float(x) + 0.015 * Float(y) * Float(c + 1) / 3
        } } }
        let mask = holeMask(width: w, height: h, x0: 5, x1: 17, y0: 4, y1: 15)
        var occluded = ramp
        for c in 0..<3 { for y in 4..<15 { for x in 5..<17 { occluded[c, y, x] = 0.9 } } }
        let result = try InpaintDeoccluder(maskSource: nil).deocclude([occluded], masks: [mask])[0]
        let worst = maxAbsoluteDifference(result.recovered.pixels, ramp.pixels)
        #expect(worst < fillTolerance, "largest difference \(worst)")
        #expect(result.predictedMask == nil)
    }

    @Test func constantStaysConstantEvenWhenTheHoleTouchesTheBorder() {
        let face = Image(width: 16, height: 16, channels: 1, filledWith: 0.3)
        var occluded = face
        for y in 10..<16 { for x in 0..<16 { occluded[0, y, x] = 1 } }
        let mask = holeMask(width: 16, height: 16, x0: 0, x1: 16, y0: 10, y1: 16)
        let filled = HarmonicFill.fill(occluded, visible: mask)
        let worst = maxAbsoluteDifference(filled.pixels, face.pixels)
        #expect(worst < fillTolerance, "largest difference \(worst)")
    }

    @Test func visiblePixelsAreKeptExactlyAndFullMaskFillsGray() {
        var face = Image(width: 8, height: 8, channels: 1)
        for i in face.pixels.indices { face.pixels[i] = Float(i % 7) / 7 }
        let mask = holeMask(width: 8, height: 8, x0: 2, x1: 5, y0: 2, y1: 5)
        let filled = HarmonicFill.fill(face, visible: mask)
        for i in face.pixels.indices where mask.pixels[i] > 0.5 {
            #expect(filled.pixels[i].bitPattern == face.pixels[i].bitPattern)
        }
        let allHidden = HarmonicFill.fill(face, visible: Image(width: 8, height: 8, channels: 1))
        #expect(maxAbsoluteDifference(allHidden.pixels, [Float](repeating: 0.5, count: 64)) < fillTolerance)
    }

    @Test func filledValuesSolveTheDiscreteLaplaceEquation() {
        var face = Image(width: 12, height: 12, channels: 1)
        for y in 0..<12 { for x in 0..<12 { face[0, y, x] = Float((x * 7 + y * 3) % 11) / 11 } }
        let mask = holeMask(width: 12, height: 12, x0: 3, x1: 9, y0: 2, y1: 10)
        let f = HarmonicFill.fill(face, visible: mask)
        var worst: Float = 0
        for y in 2..<10 { for x in 3..<9 {
            let mean = (f[0, y - 1, x] + f[0, y + 1, x] + f[0, y, x - 1] + f[0, y, x + 1]) / 4
            worst = max(worst, abs(f[0, y, x] - mean))
        } }
        #expect(worst < fillTolerance, "largest Laplacian residual \(worst)")
    }

    @Test func groundTruthInpaintNeedsMasks() {
        let face = Image(width: 4, height: 4, channels: 3)
        #expect(throws: DeocclusionError.maskRequired(deoccluder: "inpaint:gt")) {
            try InpaintDeoccluder(maskSource: nil).deocclude([face])
        }
        #expect(throws: DeocclusionError.maskRequired(deoccluder: "inpaint:gt")) {
            try InpaintDeoccluder(maskSource: nil).deocclude([face], masks: [nil])
        }
    }

    @Test func predictedMasksMustExist() {
        let face = Image(width: 4, height: 4, channels: 3)
        let inpaint = InpaintDeoccluder(maskSource: IdentityDeoccluder())
        #expect(inpaint.identity == "inpaint:none")
        #expect(throws: DeocclusionError.missingPredictedMask(deoccluder: "none", index: 0)) {
            try inpaint.deocclude([face])
        }
    }
}
