import Testing
import TestSupport
@testable import TensorCore

private let geometries: [ConvGeometry] = [.k3s1p1, .k5s1p2, .k4s2p1, .k1s1p0, .k3s2p1, .k2s1p0]

@Test(arguments: geometries)
func conv2dMatchesNaiveLoops(_ g: ConvGeometry) {
    var rng = SplitMix64(seed: 11)
    let x = Tensor.randomNormal([2, 3, 9, 8], using: &rng)
    let w = Tensor.randomNormal([4, 3, g.kernel, g.kernel], using: &rng)
    let fast = x.conv2d(weight: w, geometry: g)
    let naive = NaiveKernels.conv2d(x, weight: w, geometry: g)
    #expect(fast.shape == naive.shape)
    #expect(maxAbsoluteDifference(fast.scalars, naive.scalars) < Tolerance.kernel)
}

@Test(arguments: geometries)
func transposedConvolutionMatchesNaiveLoops(_ g: ConvGeometry) {
    var rng = SplitMix64(seed: 12)
    let x = Tensor.randomNormal([2, 4, 5, 6], using: &rng)
    let w = Tensor.randomNormal([4, 3, g.kernel, g.kernel], using: &rng)  // (C_in, C_out, K, K)
    let h = g.transposedOutputSize(inputSize: 5), wd = g.transposedOutputSize(inputSize: 6)
    let fast = x.conv2dBackwardData(weight: w, geometry: g, inputHeight: h, inputWidth: wd)
    let naive = NaiveKernels.convTranspose2d(x, weight: w, geometry: g)
    #expect(fast.shape == naive.shape)
    #expect(maxAbsoluteDifference(fast.scalars, naive.scalars) < Tolerance.kernel)
}

@Test(arguments: geometries)
func backwardWeightIsAdjointOfConvolution(_ g: ConvGeometry) {
    // <conv(x, w), gy> = <w, backwardWeight(x, gy)> for all w.
    var rng = SplitMix64(seed: 13)
    let x = Tensor.randomNormal([2, 3, 7, 7], using: &rng)
    let w = Tensor.randomNormal([5, 3, g.kernel, g.kernel], using: &rng)
    let y = x.conv2d(weight: w, geometry: g)
    let gy = Tensor.randomNormal(y.shape, using: &rng)
    let lhs = (y * gy).sum()
    let rhs = (w * x.conv2dBackwardWeight(gradOutput: gy, geometry: g)).sum()
    #expect(abs(lhs - rhs) < Tolerance.kernel * max(1, abs(lhs)) * 10)
}

@Test(arguments: [(ConvGeometry(kernel: 2, stride: 2), true), (ConvGeometry(kernel: 2, stride: 2), false),
                  (ConvGeometry(kernel: 3, stride: 2, padding: 1), true)])
func maxPoolMatchesNaiveLoops(_ g: ConvGeometry, _ ceilMode: Bool) {
    var rng = SplitMix64(seed: 14)
    let x = Tensor.randomNormal([2, 3, 7, 9], using: &rng)
    let fast = x.maxPool2d(geometry: g, ceilMode: ceilMode).values
    let naive = NaiveKernels.maxPool2d(x, geometry: g, ceilMode: ceilMode)
    #expect(fast.shape == naive.shape)
    #expect(maxAbsoluteDifference(fast.scalars, naive.scalars) < Tolerance.kernel)
}

@Test func ceilModePoolingKeepsTheLastPartialWindow() {
    #expect(Tensor.pooledSize(7, geometry: ConvGeometry(kernel: 2, stride: 2), ceilMode: true) == 4)
    #expect(Tensor.pooledSize(7, geometry: ConvGeometry(kernel: 2, stride: 2), ceilMode: false) == 3)
    #expect(Tensor.pooledSize(128, geometry: ConvGeometry(kernel: 2, stride: 2), ceilMode: true) == 64)
}

@Test func geometryOutputSizes() {
    #expect(ConvGeometry.k3s1p1.outputSize(inputSize: 16) == 16)
    #expect(ConvGeometry.k4s2p1.outputSize(inputSize: 16) == 8)
    #expect(ConvGeometry.k4s2p1.transposedOutputSize(inputSize: 8) == 16)
    #expect(ConvGeometry.k5s1p2.outputSize(inputSize: 128) == 128)
}
