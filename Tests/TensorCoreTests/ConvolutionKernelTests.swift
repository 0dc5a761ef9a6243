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

/// Few output channels at stride 1 take the direct loops (no im2col): forward and transposed
/// forms equal naive loops, the weight gradient is the adjoint; widths with and without a
/// tail after the eight-pixel vectors, even and odd kernels, padding 0 … K − 1.
@Test(arguments: [(1, ConvGeometry(kernel: 7, padding: 3)), (3, ConvGeometry(kernel: 7, padding: 3)),
                  (2, ConvGeometry(kernel: 3, padding: 1)), (4, ConvGeometry(kernel: 4, padding: 0)),
                  (3, ConvGeometry(kernel: 5, padding: 4))])
func directConvolutionMatchesNaiveLoops(_ outputChannels: Int, _ g: ConvGeometry) {
    #expect(DirectConvolution.applies(outputChannels: outputChannels, geometry: g))
    var rng = SplitMix64(seed: 16)
    for (height, width) in [(13, 19), (9, 16), (6, 5)] {
        let x = Tensor.randomNormal([2, 5, height, width], using: &rng)
        let w = Tensor.randomNormal([outputChannels, 5, g.kernel, g.kernel], using: &rng)
        let b = Tensor.randomNormal([outputChannels], using: &rng)
        let y = x.conv2d(weight: w, bias: b, geometry: g)
        let naive = NaiveKernels.conv2d(x, weight: w, geometry: g)
        let withBias = naive + b.reshaped(to: [1, outputChannels, 1, 1])
        #expect(y.shape == naive.shape)
        #expect(maxAbsoluteDifference(y.scalars, withBias.scalars) < Tolerance.kernel)
        let gy = Tensor.randomNormal(y.shape, using: &rng)
        let gx = gy.conv2dBackwardData(weight: w, geometry: g, inputHeight: height, inputWidth: width)
        let transposed = NaiveKernels.convTranspose2d(gy, weight: w, geometry: g)
        #expect(maxAbsoluteDifference(gx.scalars, transposed.scalars) < Tolerance.kernel)
        // <conv(x, w), gy> = <w, backwardWeight(x, gy)>
        let lhs = (x.conv2d(weight: w, geometry: g) * gy).sum()
        let rhs = (w * x.conv2dBackwardWeight(gradOutput: gy, geometry: g)).sum()
        #expect(abs(lhs - rhs) < Tolerance.kernel * max(1, abs(lhs)) * 10)
    }
}

/// Tiny output planes (≤ 16 positions) fold the batch into one sgemm: the three products equal
/// naive loops and the adjoint identity, with and without bias, at 1×1, 2×2 and 4×4 outputs.
@Test(arguments: [(ConvGeometry.k4s2p1, 4), (.k4s2p1, 8), (.k3s2p1, 7), (.k1s1p0, 3)])
func batchedSmallPlaneConvolutionMatchesNaiveLoops(_ g: ConvGeometry, _ size: Int) {
    var rng = SplitMix64(seed: 17)
    let x = Tensor.randomNormal([3, 6, size, size], using: &rng)
    let w = Tensor.randomNormal([5, 6, g.kernel, g.kernel], using: &rng)
    let b = Tensor.randomNormal([5], using: &rng)
    let y = x.conv2d(weight: w, bias: b, geometry: g)
    #expect(BatchedConvolution.applies(batch: 3, plane: y.shape[2] * y.shape[3]))
    let naive = NaiveKernels.conv2d(x, weight: w, geometry: g) + b.reshaped(to: [1, 5, 1, 1])
    #expect(y.shape == naive.shape)
    #expect(maxAbsoluteDifference(y.scalars, naive.scalars) < Tolerance.kernel)
    let gy = Tensor.randomNormal(y.shape, using: &rng)
    let gx = gy.conv2dBackwardData(weight: w, geometry: g, inputHeight: size, inputWidth: size)
    #expect(maxAbsoluteDifference(gx.scalars, NaiveKernels.convTranspose2d(gy, weight: w, geometry: g).scalars) < Tolerance.kernel)
    let lhs = (x.conv2d(weight: w, geometry: g) * gy).sum()
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

@Test(arguments: [ConvGeometry.k3s1p1, .k4s2p1, .k1s1p0])
func convolutionKernelsDoNotDependOnChunking(_ g: ConvGeometry) {
    // A budget of one sample's columns forces chunks of one worker's share.
    var rng = SplitMix64(seed: 15)
    let x = Tensor.randomNormal([5, 3, 8, 8], using: &rng)
    let w = Tensor.randomNormal([4, 3, g.kernel, g.kernel], using: &rng)
    let b = Tensor.randomNormal([4], using: &rng)
    let small = 1
    let y = x.conv2d(weight: w, bias: b, geometry: g)
    #expect(maxAbsoluteDifference(y.scalars, x.conv2d(weight: w, bias: b, geometry: g, columnBudget: small).scalars) < Tolerance.kernel)
    let gx = y.conv2dBackwardData(weight: w, geometry: g, inputHeight: 8, inputWidth: 8)
    let gxSmall = y.conv2dBackwardData(weight: w, geometry: g, inputHeight: 8, inputWidth: 8, columnBudget: small)
    #expect(maxAbsoluteDifference(gx.scalars, gxSmall.scalars) < Tolerance.kernel)
    let gw = x.conv2dBackwardWeight(gradOutput: y, geometry: g)
    let gwSmall = x.conv2dBackwardWeight(gradOutput: y, geometry: g, columnBudget: small)
    #expect(maxAbsoluteDifference(gw.scalars, gwSmall.scalars) < Tolerance.kernel * 10)
    // Bias: equal to the unbiased convolution plus the per-channel bias.
    let unbiased = x.conv2d(weight: w, geometry: g)
    #expect(maxAbsoluteDifference(y.scalars, (unbiased + b.reshaped(to: [1, 4, 1, 1])).scalars) < Tolerance.kernel)
}

@Test(arguments: [1, 2, 3])
func expandingHalvesEqualsScatterAdd(_ axis: Int) {
    var rng = SplitMix64(seed: 17)
    let x = Tensor.randomNormal([2, 4, 6, 4], using: &rng)
    let (values, indices) = x.maxOfHalves(along: axis)
    let g = Tensor.randomNormal(values.shape, using: &rng)
    #expect(g.expandingHalves(flatIndices: indices, along: axis) == g.scatteringAdd(flatIndices: indices, shape: x.shape))
}

@Test func maxOfHalvesPicksTheFirstHalfOnTies() {
    let x = Tensor(shape: [1, 4, 1, 1], scalars: [2, 5, 2, 1])
    let (values, indices) = x.maxOfHalves(along: 1)
    #expect(values.scalars == [2, 5])
    #expect(indices == [0, 1])
}

@Test func vectorisedSumsMatchDoubleAccumulation() {
    var rng = SplitMix64(seed: 16)
    let x = Tensor.randomNormal([3, 5, 1001], using: &rng)
    let exact = x.scalars.reduce(0.0) { $0 + Double($1) }
    #expect(abs(Double(x.sum()) - exact) < 1e-3)
    let rows = x.sum(toShape: [3, 5, 1])
    let first = x.scalars[0..<1001].reduce(0.0) { $0 + Double($1) }
    #expect(abs(Double(rows.scalars[0]) - first) < 1e-3)
}
