import Testing
import TestSupport
@testable import TensorCore
@testable import NeuralNet

// The fused max-feature-map convolution against the unfused ops it replaces, and its
// gradients (fast per-sample kernel and the differentiable form) against finite differences.

private func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var rng = SplitMix64(seed: seed)
    return Tensor.randomNormal(shape, standardDeviation: scale, using: &rng)
}

/// Biases ±3 apart between the halves (first half wins for the lower channels, second for
/// the upper), so that finite-difference steps never flip which half is the maximum.
private func separatingBias(channels d: Int) -> Tensor {
    Tensor(shape: [2 * d], scalars: (0..<2 * d).map { i in
        let channel = i % d, firstHalf = i < d
        return (channel < d / 2) == firstHalf ? 1.5 : -1.5
    })
}

@Test(arguments: [ConvGeometry.k5s1p2, .k1s1p0, .k3s1p1, .k3s2p1])
func fusedMaxFeatureMapConvolutionEqualsConvolutionThenMaxOfHalves(_ g: ConvGeometry) {
    let x = random([3, 4, 9, 8], seed: 1)
    let w = random([10, 4, g.kernel, g.kernel], seed: 2, scale: 0.3)
    for bias in [nil, random([10], seed: 3)] {
        let fused = x.conv2dMaxFeatureMap(weight: w, bias: bias, geometry: g)
        let conv = x.conv2d(weight: w, bias: bias, geometry: g)
        let reference = conv.maxOfHalves(along: 1)
        #expect(fused.values.shape == reference.values.shape)
        #expect(maxAbsoluteDifference(fused.values.scalars, reference.values.scalars) < Tolerance.kernel)
        // Same winner wherever the halves are not within rounding of each other.
        let (outer, half) = (conv.shape[0], conv.count / conv.shape[0] / 2)
        let indices = fused.winners.flatIndices
        for i in 0..<indices.count {
            let n = i / half, j = i % half
            let u = conv.scalars[n * 2 * half + j], v = conv.scalars[n * 2 * half + half + j]
            if abs(u - v) > 1e-4 { #expect(indices[i] == reference.indices[i], "element \(i) of \(outer) samples") }
        }
    }
}

@Test(arguments: [ConvGeometry.k5s1p2, .k1s1p0, .k3s2p1])
func fusedBackwardEqualsDifferentiableBackward(_ g: ConvGeometry) {
    let x = Variable(random([3, 4, 7, 6], seed: 4), requiresGrad: true)
    let w = Variable(random([8, 4, g.kernel, g.kernel], seed: 5, scale: 0.3), requiresGrad: true)
    let b = Variable(random([8], seed: 6), requiresGrad: true)
    let loss = { weightedSum(maxFeatureMapConv2d(x, weight: w, bias: b, geometry: g)) }
    let fast = gradients(of: loss(), withRespectTo: [x, w, b], createGraph: false)
    let graph = gradients(of: loss(), withRespectTo: [x, w, b], createGraph: true)
    for (f, d) in zip(fast, graph) {
        #expect(f.shape == d.shape)
        #expect(maxAbsoluteDifference(f.value.scalars, d.value.scalars) < Tolerance.kernel)
    }
    // Without a bias, and without the input gradient (the first layer's case).
    let y = Variable(x.value)
    let noBias = gradients(of: weightedSum(maxFeatureMapConv2d(y, weight: w, geometry: g)), withRespectTo: [w])[0]
    let noBiasGraph = gradients(of: weightedSum(maxFeatureMap(conv2d(y, weight: w, geometry: g), along: 1)),
                                withRespectTo: [w])[0]
    #expect(maxAbsoluteDifference(noBias.value.scalars, noBiasGraph.value.scalars) < Tolerance.kernel)
}

/// One input channel, 5×5 (LightCNN-9's `features.0`): the direct AVX2 kernel where the CPU has
/// it. Forward against conv2d + maxOfHalves, backward (weight and bias only: no input gradient)
/// against the differentiable composition, widths with and without a scalar tail, 7 channel
/// pairs (blocks of four and single pairs), padding 2 and 0.
@Test(arguments: [(ConvGeometry.k5s1p2, 16, 16), (.k5s1p2, 13, 19), (ConvGeometry(kernel: 5), 12, 21)])
func singleChannel5x5MaxFeatureMapConvolutionEqualsReference(_ g: ConvGeometry, _ height: Int, _ width: Int) {
    let x = random([3, 1, height, width], seed: 11)
    let w = Variable(random([14, 1, 5, 5], seed: 12, scale: 0.3), requiresGrad: true)
    let b = Variable(random([14], seed: 13), requiresGrad: true)
    let fused = x.conv2dMaxFeatureMap(weight: w.value, bias: b.value, geometry: g)
    let conv = x.conv2d(weight: w.value, bias: b.value, geometry: g)
    let reference = conv.maxOfHalves(along: 1)
    #expect(maxAbsoluteDifference(fused.values.scalars, reference.values.scalars) < Tolerance.kernel)
    let half = conv.count / conv.shape[0] / 2
    var compared = 0
    let indices = fused.winners.flatIndices
    for i in 0..<indices.count {
        let n = i / half, j = i % half
        let u = conv.scalars[n * 2 * half + j], v = conv.scalars[n * 2 * half + half + j]
        if abs(u - v) > 1e-4 { compared += 1; #expect(indices[i] == reference.indices[i], "element \(i)") }
    }
    #expect(compared > indices.count * 9 / 10)
    let image = Variable(x)
    let fast = gradients(of: weightedSum(maxFeatureMapConv2d(image, weight: w, bias: b, geometry: g)), withRespectTo: [w, b])
    let graph = gradients(of: weightedSum(maxFeatureMapConv2d(image, weight: w, bias: b, geometry: g)),
                          withRespectTo: [w, b], createGraph: true)
    for (f, d) in zip(fast, graph) {
        #expect(maxAbsoluteDifference(f.value.scalars, d.value.scalars) < Tolerance.kernel * 10)
    }
}

@Test(arguments: [ConvGeometry.k5s1p2, .k1s1p0, .k3s1p1])
func maxFeatureMapConvolutionGradientsMatchFiniteDifferences(_ g: ConvGeometry) {
    let x0 = random([2, 3, 6, 5], seed: 7)
    let w = Variable(random([8, 3, g.kernel, g.kernel], seed: 8, scale: 0.15), requiresGrad: true)
    let b = Variable(separatingBias(channels: 4), requiresGrad: true)
    let f: (Variable) -> Variable = { weightedSum(maxFeatureMapConv2d($0, weight: w, bias: b, geometry: g)) }
    let checkX = gradientCheck(at: x0, f)
    let checkW = gradientCheck(parameter: w) { f(Variable(x0)) }
    let checkB = gradientCheck(parameter: b) { f(Variable(x0)) }
    #expect(checkX.maxRelativeError < Tolerance.finiteDifference, "\(checkX)")
    #expect(checkW.maxRelativeError < Tolerance.finiteDifference, "\(checkW)")
    #expect(checkB.maxRelativeError < Tolerance.finiteDifference, "\(checkB)")
}

@Test func maxFeatureMapConvolutionSecondOrderMatchesFiniteDifferences() {
    let w = Variable(random([6, 2, 3, 3], seed: 9, scale: 0.15), requiresGrad: true)
    let b = Variable(separatingBias(channels: 3), requiresGrad: true)
    let x0 = random([2, 2, 5, 5], seed: 10)
    // s = Σ r ⊙ ∂/∂x Σ q ⊙ (mfmconv(x))²: needs the differentiable backward.
    let s: (Variable) -> Variable = { x in
        let y = maxFeatureMapConv2d(x, weight: w, bias: b, geometry: .k3s1p1)
        let gx = gradients(of: weightedSum(square(y), seed: 1), withRespectTo: [x], createGraph: true)[0]
        return weightedSum(gx, seed: 2)
    }
    let checkX = gradientCheck(at: x0, s)
    let checkW = gradientCheck(parameter: w) { s(Variable(x0, requiresGrad: true)) }
    #expect(checkX.maxRelativeError < Tolerance.finiteDifference, "\(checkX)")
    #expect(checkW.maxRelativeError < Tolerance.finiteDifference, "\(checkW)")
}

/// 3×3 stride-1 layers large enough (LightCNN-9's `features.2.conv` …) convolve by Winograd's
/// algorithm: the fused forward against naive loops + maxOfHalves, and the fused gradients against
/// the expanded gradient pushed through naive loops (input, weight) and summed (bias).
@Test func winogradMaxFeatureMapConvolutionEqualsNaiveLoops() {
    #expect(Winograd.applies(inputChannels: 48, outputChannels: 192, geometry: .k3s1p1, batch: 32, height: 64, width: 64))
    let x = random([3, 16, 9, 11], seed: 31)
    let w = random([32, 16, 3, 3], seed: 32, scale: 0.2)
    let b = random([32], seed: 33)
    let fused = x.winogradConv2dMaxFeatureMap(weight: w, bias: b)
    let naive = NaiveKernels.conv2d(x, weight: w, geometry: .k3s1p1) + b.reshaped(to: [1, 32, 1, 1])
    let reference = naive.maxOfHalves(along: 1)
    #expect(maxAbsoluteDifference(fused.values.scalars, reference.values.scalars) < Tolerance.kernel)
    var rng = SplitMix64(seed: 99)
    let gy = Tensor.randomNormal(fused.values.shape, using: &rng)
    let gradients = gy.winogradConv2dMaxFeatureMapBackward(input: x, weight: w, indices: fused.winners.flatIndices, needBias: true)
    let expanded = gy.expandingHalves(flatIndices: fused.winners.flatIndices, along: 1)
    let inputGradient = NaiveKernels.convTranspose2d(expanded, weight: w, geometry: .k3s1p1)
    let inputScale = max(1, inputGradient.scalars.map(abs).max() ?? 0)
    #expect(maxAbsoluteDifference(gradients.input.scalars, inputGradient.scalars) < 1e-5 * inputScale)
    let weightGradient = x.conv2dBackwardWeight(gradOutput: expanded, geometry: .k3s1p1)  // im2col at this size
    let weightScale = max(1, weightGradient.scalars.map(abs).max() ?? 0)
    #expect(maxAbsoluteDifference(gradients.weight.scalars, weightGradient.scalars) < 1e-5 * weightScale)
    let biasGradient = expanded.sum(toShape: [1, 32, 1, 1])
    #expect(maxAbsoluteDifference(gradients.bias!.scalars, biasGradient.scalars) < Tolerance.kernel * 10)
}

/// 1×1 layers (LightCNN-9's `conv_a`): the direct kernel where the CPU has it. Forward against
/// conv2d + maxOfHalves and the fast backward against the differentiable form, with 7 channel
/// pairs (blocks of three and single pairs) and planes of 35 and 24 pixels (16- and 8-pixel
/// blocks and a scalar tail).
@Test(arguments: [(7, 5), (4, 6)])
func oneByOneMaxFeatureMapConvolutionEqualsReference(_ height: Int, _ width: Int) {
    let x = Variable(random([3, 6, height, width], seed: 41), requiresGrad: true)
    let w = Variable(random([14, 6, 1, 1], seed: 42, scale: 0.3), requiresGrad: true)
    let b = Variable(random([14], seed: 43), requiresGrad: true)
    let fused = x.value.conv2dMaxFeatureMap(weight: w.value, bias: b.value, geometry: .k1s1p0)
    let reference = x.value.conv2d(weight: w.value, bias: b.value, geometry: .k1s1p0).maxOfHalves(along: 1)
    #expect(maxAbsoluteDifference(fused.values.scalars, reference.values.scalars) < Tolerance.kernel)
    let loss = { weightedSum(maxFeatureMapConv2d(x, weight: w, bias: b, geometry: .k1s1p0)) }
    let fast = gradients(of: loss(), withRespectTo: [x, w, b])
    let graph = gradients(of: loss(), withRespectTo: [x, w, b], createGraph: true)
    for (f, d) in zip(fast, graph) {
        #expect(maxAbsoluteDifference(f.value.scalars, d.value.scalars) < Tolerance.kernel * 10)
    }
}
