import Testing
import TestSupport
@testable import TensorCore

/// Largest |a − b| relative to the largest |b| (at least 1).
private func relativeDifference(_ a: Tensor, _ b: Tensor) -> Float {
    maxAbsoluteDifference(a.scalars, b.scalars) / max(1, b.scalars.map(abs).max() ?? 0)
}

/// F(4×4, 3×3) against naive loops: forward with bias, and the data gradient against the
/// transposed convolution; planes smaller than a tile, with partial tiles, and exact multiples;
/// chunks of one and two samples (a 3-sample batch) as well as the whole batch.
@Test func winogradConvolutionMatchesNaiveLoops() {
    var rng = SplitMix64(seed: 21)
    for (height, width) in [(9, 13), (8, 8), (1, 1), (2, 5), (7, 4), (12, 37)] {
        let x = Tensor.randomNormal([3, 16, height, width], using: &rng)
        let w = Tensor.randomNormal([18, 16, 3, 3], using: &rng)
        let b = Tensor.randomNormal([18], using: &rng)
        let naive = NaiveKernels.conv2d(x, weight: w, geometry: .k3s1p1) + b.reshaped(to: [1, 18, 1, 1])
        let gy = Tensor.randomNormal(naive.shape, using: &rng)
        let transposed = NaiveKernels.convTranspose2d(gy, weight: w, geometry: .k3s1p1)
        for budget in [1, 2 * 36 * 34 * 10 * 10, Winograd.chunkBudget] {
            let y = x.winogradConv2d(weight: w, bias: b, chunkBudget: budget)
            #expect(y.shape == naive.shape)
            #expect(relativeDifference(y, naive) < 1e-5, "\(height)×\(width), budget \(budget)")
            let gx = gy.winogradConv2dBackwardData(weight: w, chunkBudget: budget)
            #expect(gx.shape == x.shape)
            #expect(relativeDifference(gx, transposed) < 1e-5, "\(height)×\(width), budget \(budget)")
        }
    }
}

/// Which convolutions take the path (3×3, stride 1, padding 1, from 16 channels, and sgemms of
/// at least `minimumProductSize` multiply-adds), and the forward and data-gradient routines stay
/// adjoint: <conv(x, w), gy> = <x, convᵀ(gy, w)>.
@Test func winogradPathChoiceAndAdjoint() {
    // OA-GAN's residual convolutions at the paper's size take it; at the small preset's they do not.
    #expect(Winograd.applies(inputChannels: 256, outputChannels: 256, geometry: .k3s1p1, batch: 8, height: 32, width: 32))
    #expect(!Winograd.applies(inputChannels: 64, outputChannels: 64, geometry: .k3s1p1, batch: 8, height: 16, width: 16))
    #expect(!Winograd.applies(inputChannels: 15, outputChannels: 4096, geometry: .k3s1p1, batch: 8, height: 64, width: 64))
    #expect(!Winograd.applies(inputChannels: 256, outputChannels: 256, geometry: .k3s2p1, batch: 8, height: 32, width: 32))
    var rng = SplitMix64(seed: 22)
    let x = Tensor.randomNormal([2, 16, 11, 6], using: &rng)
    let w = Tensor.randomNormal([20, 16, 3, 3], using: &rng)
    let y = x.winogradConv2d(weight: w, bias: nil)
    let gy = Tensor.randomNormal(y.shape, using: &rng)
    let gx = gy.winogradConv2dBackwardData(weight: w)
    let lhs = (y * gy).sum(), rhs = (x * gx).sum()
    #expect(abs(lhs - rhs) < 1e-5 * max(1, abs(lhs)) * 10)
}

/// The weight gradient by Winograd's algorithm equals im2col + sgemm's (the adjoint of the naive
/// forward), with partial tiles and over one, two and all samples per chunk.
@Test func winogradWeightGradientMatchesAdjointOfNaiveLoops() {
    var rng = SplitMix64(seed: 23)
    for (height, width) in [(9, 13), (8, 8), (1, 1), (12, 37)] {
        let x = Tensor.randomNormal([3, 16, height, width], using: &rng)
        let gy = Tensor.randomNormal([3, 18, height, width], using: &rng)
        // Reference: Σₙ gyₙ · im2col(xₙ)ᵀ by loops.
        var reference = [Double](repeating: 0, count: 18 * 16 * 9)
        for n in 0..<3 {
            for o in 0..<18 {
                for c in 0..<16 {
                    for ky in 0..<3 {
                        for kx in 0..<3 {
                            var sum = 0.0
                            for y in 0..<height {
                                for xx in 0..<width {
                                    let (iy, ix) = (y + ky - 1, xx + kx - 1)
                                    guard iy >= 0 && iy < height && ix >= 0 && ix < width else { continue }
                                    sum += Double(gy.scalars[((n * 18 + o) * height + y) * width + xx])
                                        * Double(x.scalars[((n * 16 + c) * height + iy) * width + ix])
                                }
                            }
                            reference[(o * 16 + c) * 9 + ky * 3 + kx] += sum
                        }
                    }
                }
            }
        }
        let expected = Tensor(shape: [18, 16, 3, 3], scalars: reference.map(Float.init))
        for budget in [1, 2 * 36 * 34 * 10 * 10, Winograd.chunkBudget] {
            let gw = x.winogradConv2dBackwardWeight(gradOutput: gy, chunkBudget: budget)
            #expect(relativeDifference(gw, expected) < 1e-5, "\(height)×\(width), budget \(budget)")
        }
    }
}

/// 4×4 stride-2 padding-1 convolutions through space-to-depth and Winograd: forward against naive
/// loops, the data gradient against the naive transposed convolution, the weight gradient by the
/// adjoint identity against the naive forward; odd and even channel counts, sizes not multiples
/// of the tile; and which layers of OA-GAN take the path.
@Test func stridedWinogradMatchesNaiveLoops() {
    #expect(StridedWinograd.applies(inputChannels: 64, outputChannels: 128, geometry: .k4s2p1, batch: 8, height: 128, width: 128))
    #expect(!StridedWinograd.applies(inputChannels: 3, outputChannels: 64, geometry: .k4s2p1, batch: 8, height: 128, width: 128))
    #expect(!StridedWinograd.applies(inputChannels: 512, outputChannels: 1024, geometry: .k4s2p1, batch: 8, height: 8, width: 8))
    var rng = SplitMix64(seed: 24)
    for (c, o, height, width) in [(5, 7, 18, 22), (4, 16, 8, 8), (3, 2, 2, 4)] {
        let x = Tensor.randomNormal([2, c, height, width], using: &rng)
        #expect(x.spaceToDepth().depthToSpace() == x)
        let w = Tensor.randomNormal([o, c, 4, 4], using: &rng)
        let b = Tensor.randomNormal([o], using: &rng)
        let y = x.stridedWinogradConv2d(weight: w, bias: b)
        let naive = NaiveKernels.conv2d(x, weight: w, geometry: .k4s2p1) + b.reshaped(to: [1, o, 1, 1])
        #expect(y.shape == naive.shape)
        #expect(relativeDifference(y, naive) < 1e-5, "\(c) → \(o) at \(height)×\(width)")
        let gy = Tensor.randomNormal(naive.shape, using: &rng)
        let gx = gy.stridedWinogradConv2dBackwardData(weight: w)
        #expect(relativeDifference(gx, NaiveKernels.convTranspose2d(gy, weight: w, geometry: .k4s2p1)) < 1e-5)
        // <conv(x, w), gy> = <w, gw> for the weight gradient, with the naive forward.
        let gw = x.stridedWinogradConv2dBackwardWeight(gradOutput: gy)
        #expect(gw.shape == w.shape)
        let lhs = (NaiveKernels.conv2d(x, weight: w, geometry: .k4s2p1) * gy).sum(), rhs = (w * gw).sum()
        #expect(abs(lhs - rhs) < 1e-5 * max(1, abs(lhs)) * 10)
        let another = Tensor.randomNormal(w.shape, using: &rng)  // and for a second weight: gw is the gradient itself
        let lhs2 = (NaiveKernels.conv2d(x, weight: another, geometry: .k4s2p1) * gy).sum(), rhs2 = (another * gw).sum()
        #expect(abs(lhs2 - rhs2) < 1e-5 * max(1, abs(lhs2)) * 10)
    }
}
