import Testing
import TestSupport
import TensorCore
@testable import NeuralNet

private func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var rng = SplitMix64(seed: seed)
    return Tensor.randomNormal(shape, standardDeviation: scale, using: &rng)
}

/// Values kept away from 0 so that kinks (relu, abs, max) are not straddled by ±h.
private func awayFromZero(_ shape: [Int], seed: UInt64) -> Tensor {
    random(shape, seed: seed).map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 }
}

@Test(arguments: [ConvGeometry.k3s1p1, .k5s1p2, .k4s2p1, .k1s1p0, .k3s2p1])
func conv2dInputGradientMatchesFiniteDifferences(_ g: ConvGeometry) {
    let w = Variable(random([4, 3, g.kernel, g.kernel], seed: 2, scale: 0.3))
    let b = Variable(random([4], seed: 3))
    let check = gradientCheck(at: random([2, 3, 8, 8], seed: 1)) { weightedSum(conv2d($0, weight: w, bias: b, geometry: g)) }
    #expect(check.maxRelativeError < Tolerance.finiteDifference, "\(check)")
}

@Test(arguments: [ConvGeometry.k3s1p1, .k4s2p1, .k1s1p0])
func conv2dWeightAndBiasGradientsMatchFiniteDifferences(_ g: ConvGeometry) {
    let x = Variable(random([2, 3, 6, 7], seed: 4))
    let w = Variable(random([4, 3, g.kernel, g.kernel], seed: 5, scale: 0.3), requiresGrad: true)
    let b = Variable(random([4], seed: 6), requiresGrad: true)
    let f = { weightedSum(conv2d(x, weight: w, bias: b, geometry: g)) }
    let checkW = gradientCheck(parameter: w, f)
    let checkB = gradientCheck(parameter: b, f)
    #expect(checkW.maxRelativeError < Tolerance.finiteDifference, "\(checkW)")
    #expect(checkB.maxRelativeError < Tolerance.finiteDifference, "\(checkB)")
}

@Test(arguments: [ConvGeometry.k4s2p1, .k3s1p1, .k3s2p1])
func convTranspose2dGradientsMatchFiniteDifferences(_ g: ConvGeometry) {
    let w = Variable(random([3, 2, g.kernel, g.kernel], seed: 8, scale: 0.3), requiresGrad: true)
    let b = Variable(random([2], seed: 9), requiresGrad: true)
    let x = random([2, 3, 4, 5], seed: 7)
    let checkX = gradientCheck(at: x) { weightedSum(convTranspose2d($0, weight: w, bias: b, geometry: g)) }
    let checkW = gradientCheck(parameter: w) { weightedSum(convTranspose2d(Variable(x), weight: w, bias: b, geometry: g)) }
    #expect(checkX.maxRelativeError < Tolerance.finiteDifference, "\(checkX)")
    #expect(checkW.maxRelativeError < Tolerance.finiteDifference, "\(checkW)")
}

/// [batch, in, out]: 4 inputs take sgemm, 32 TensorCore's small-batch AVX2 loops (where the
/// CPU has them), whose backward computes both products in one pass.
@Test(arguments: [[3, 4, 5], [3, 32, 7]])
func linearGradientsMatchFiniteDifferences(_ sizes: [Int]) {
    let (n, features, out) = (sizes[0], sizes[1], sizes[2])
    let w = Variable(random([out, features], seed: 11, scale: 0.5), requiresGrad: true)
    let b = Variable(random([out], seed: 12), requiresGrad: true)
    let x = random([n, features], seed: 10)
    let checkX = gradientCheck(at: x) { weightedSum(linear($0, weight: w, bias: b)) }
    let checkW = gradientCheck(parameter: w) { weightedSum(linear(Variable(x), weight: w, bias: b)) }
    let checkB = gradientCheck(parameter: b) { weightedSum(linear(Variable(x), weight: w, bias: b)) }
    #expect(checkX.maxRelativeError < Tolerance.finiteDifference, "\(checkX)")
    #expect(checkW.maxRelativeError < Tolerance.finiteDifference, "\(checkW)")
    #expect(checkB.maxRelativeError < Tolerance.finiteDifference, "\(checkB)")
}

@Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
func batchedMatmulGradientsMatchFiniteDifferences(_ transposes: (Bool, Bool)) {
    let aShape = transposes.0 ? [2, 4, 3] : [2, 3, 4]
    let bShape = transposes.1 ? [2, 5, 4] : [2, 4, 5]
    let b = Variable(random(bShape, seed: 14), requiresGrad: true)
    let a = random(aShape, seed: 13)
    let checkA = gradientCheck(at: a) { weightedSum(matmul($0, b, transposeA: transposes.0, transposeB: transposes.1)) }
    let checkB = gradientCheck(parameter: b) { weightedSum(matmul(Variable(a), b, transposeA: transposes.0, transposeB: transposes.1)) }
    #expect(checkA.maxRelativeError < Tolerance.finiteDifference, "\(checkA)")
    #expect(checkB.maxRelativeError < Tolerance.finiteDifference, "\(checkB)")
}

@Test(arguments: [[2, 3, 4], [3, 1], [1, 3, 1]] as [[Int]])
func broadcastingArithmeticGradientsMatchFiniteDifferences(_ shapeB: [Int]) {
    let a = awayFromZero([2, 3, 4], seed: 15)
    let bValue = awayFromZero(shapeB, seed: 16).map { $0 + ($0 > 0 ? 1 : -1) }
    let b = Variable(bValue, requiresGrad: true)
    let c = Variable(random([4], seed: 17), requiresGrad: true)
    let f: (Variable) -> Variable = { x in weightedSum((x + c) * b - x / b + 2 * x - c / 3 + 1 / (x * x + 1)) }
    let checkA = gradientCheck(at: a, f)
    let checkB = gradientCheck(parameter: b) { f(Variable(a)) }
    let checkC = gradientCheck(parameter: c) { f(Variable(a)) }
    #expect(checkA.maxRelativeError < Tolerance.finiteDifference, "\(checkA)")
    #expect(checkB.maxRelativeError < Tolerance.finiteDifference, "\(checkB)")
    #expect(checkC.maxRelativeError < Tolerance.finiteDifference, "\(checkC)")
}

@Test func unaryOpGradientsMatchFiniteDifferences() {
    let x = awayFromZero([2, 3, 5], seed: 18)
    let ops: [(String, (Variable) -> Variable)] = [
        ("relu", relu), ("leakyReLU", { leakyReLU($0, slope: 0.2) }), ("sigmoid", sigmoid), ("tanh", tanh),
        ("abs", abs), ("square", square), ("sqrt", { sqrt(abs($0)) }), ("exp", exp), ("log", { log(abs($0)) }),
    ]
    for (name, op) in ops {
        let check = gradientCheck(at: x, step: 1e-3) { weightedSum(op($0)) }
        #expect(check.maxRelativeError < Tolerance.finiteDifference, "\(name): \(check)")
    }
}

@Test func reductionAndShapeGradientsMatchFiniteDifferences() {
    let x = random([2, 4, 3, 2], seed: 19)
    let ops: [(String, (Variable) -> Variable)] = [
        ("sum", { $0.sum() * 0.5 }), ("mean", { $0.mean() }),
        ("sumAxes", { weightedSum($0.sum(alongAxes: [1, 3])) }),
        ("meanAxesKeep", { weightedSum($0.mean(alongAxes: [2, 3], keepingDimensions: true)) }),
        ("reshape", { weightedSum($0.reshaped(to: [8, -1])) }),
        ("split+concat", { x in
            let parts = x.split(sizes: [1, 3], along: 1)
            return weightedSum(concat([parts[1], square(parts[0])], along: 1))
        }),
        ("halves+maximum", { x in let (a, b) = x.halves(along: 1); return weightedSum(maximum(a, b)) }),
        ("maxFeatureMap", { weightedSum(maxFeatureMap($0, along: 1)) }),
        ("maxFeatureMapLastAxis", { weightedSum(maxFeatureMap($0, along: 3)) }),
        ("gram", { weightedSum(gram($0)) }),
        ("totalVariation", { totalVariation($0) }),
        ("instanceNorm", { weightedSum(instanceNorm($0)) }),
        ("softmax", { weightedSum(softmax($0.reshaped(to: [6, 8]))) }),
    ]
    for (name, op) in ops {
        let check = gradientCheck(at: x, step: 1e-3) { op($0) }
        #expect(check.maxRelativeError < Tolerance.finiteDifference, "\(name): \(check)")
    }
}

@Test(arguments: [true, false])
func maxPoolGradientMatchesFiniteDifferences(_ ceilMode: Bool) {
    // Distinct values keep every window's maximum unique under ±h.
    let values: [Float] = (0..<140).map { (i: Int) -> Float in Float((i * 37) % 140) * 0.05 }
    let x = Tensor(shape: [2, 2, 5, 7], scalars: values)
    let check = gradientCheck(at: x, step: 1e-3) { weightedSum(maxPool2d($0, ceilMode: ceilMode)) }
    #expect(check.maxRelativeError < Tolerance.finiteDifference, "\(check)")
}

@Test func softmaxCrossEntropyMatchesDefinitionAndGradient() {
    let logits = random([4, 6], seed: 20, scale: 2)
    let labels = [0, 5, 2, 2]
    let loss = softmaxCrossEntropy(logits: Variable(logits), labels: labels).scalar
    var expected: Double = 0
    for row in 0..<4 {
        let z = (0..<6).map { Double(logits[row, $0]) }
        expected += log(z.map { Foundation.exp($0) }.reduce(0, +)) - z[labels[row]]
    }
    #expect(abs(Double(loss) - expected / 4) < 1e-5)
    let check = gradientCheck(at: logits, step: 1e-3) { softmaxCrossEntropy(logits: $0, labels: labels) }
    #expect(check.maxRelativeError < Tolerance.finiteDifference, "\(check)")
}

@Test func binaryCrossEntropyMatchesDefinitionAndGradient() {
    let logits = random([2, 3, 4], seed: 22, scale: 3)
    let targets = Tensor(shape: [2, 3, 4], scalars: (0..<24).map { Float($0 % 5) / 4 })
    let loss = binaryCrossEntropy(logits: Variable(logits), targets: targets).scalar
    var expected: Double = 0
    for (z, t) in zip(logits.scalars.map(Double.init), targets.scalars.map(Double.init)) {
        let p = 1 / (1 + Foundation.exp(-z))
        expected -= t * log(p) + (1 - t) * log(1 - p)
    }
    #expect(abs(Double(loss) - expected / 24) < 1e-5)
    let check = gradientCheck(at: logits, step: 1e-3) { binaryCrossEntropy(logits: $0, targets: targets) }
    #expect(check.maxRelativeError < Tolerance.finiteDifference, "\(check)")
    // Logits whose exponential overflows Float stay finite, and so does the gradient.
    let extreme = Variable(Tensor(shape: [2], scalars: [-120, 95]), requiresGrad: true)
    let far = binaryCrossEntropy(logits: extreme, targets: Tensor(shape: [2], scalars: [1, 0]))
    #expect(abs(far.scalar - 107.5) < 1e-3)
    far.backward()
    #expect(maxAbsoluteDifference(extreme.grad!.value.scalars, [-0.5, 0.5]) < 1e-6)
}

@Test func dropoutIsSeededAndScales() {
    var rng1 = SplitMix64(seed: 21), rng2 = SplitMix64(seed: 21)
    let x = Variable(Tensor(shape: [1000], repeating: 1))
    let a = dropout(x, probability: 0.5, training: true, using: &rng1)
    let b = dropout(x, probability: 0.5, training: true, using: &rng2)
    #expect(a.value == b.value)
    #expect(Set(a.value.scalars) == [0, 2])
    let kept = a.value.scalars.filter { $0 > 0 }.count
    #expect(kept > 400 && kept < 600)
    #expect(dropout(x, probability: 0.5, training: false, using: &rng1).value == x.value)
}

import Foundation

@Test func maxFeatureMapEqualsMaximumOfHalves() {
    let x = Variable(random([3, 6, 4, 5], seed: 22))
    let (a, b) = x.halves(along: 1)
    #expect(maxFeatureMap(x, along: 1).value == maximum(a, b).value)
    let (c, d) = x.halves(along: 2)
    #expect(maxFeatureMap(x, along: 2).value == maximum(c, d).value)
}

/// The fused affine instance norm (± ReLU) equals the composed ops in value and in both
/// gradient forms (fused kernel; differentiable rule while recording a graph), and its
/// gradients match finite differences.
@Test(arguments: [false, true])
func fusedInstanceNormAffineMatchesComposedOps(_ withReLU: Bool) {
    let x0 = random([2, 3, 5, 7], seed: 26, scale: 2)
    let w = Variable(random([3], seed: 27), requiresGrad: true)
    let b = Variable(random([3], seed: 28), requiresGrad: true)
    let composed: (Variable) -> Variable = { x in
        let y = instanceNorm(x, weight: w, bias: b)
        return withReLU ? relu(y) : y
    }
    let fused: (Variable) -> Variable = { instanceNormAffine($0, weight: w, bias: b, relu: withReLU) }
    let x = Variable(x0, requiresGrad: true)
    #expect(maxAbsoluteDifference(fused(x).value.scalars, composed(x).value.scalars) < Tolerance.kernel)
    for createGraph in [false, true] {
        let reference = gradients(of: weightedSum(composed(x)), withRespectTo: [x, w, b])
        let fast = gradients(of: weightedSum(fused(x)), withRespectTo: [x, w, b], createGraph: createGraph)
        for (r, f) in zip(reference, fast) {
            #expect(maxAbsoluteDifference(r.value.scalars, f.value.scalars) < Tolerance.kernel, "createGraph \(createGraph)")
        }
    }
    // Finite differences without the ReLU (its kink is checked where relu itself is); with it,
    // the equality above ties the fused gradients to the composed ops'.
    guard !withReLU else { return }
    let checkX = gradientCheck(at: x0, step: 1e-2) { weightedSum(fused($0)) }
    let checkW = gradientCheck(parameter: w) { weightedSum(fused(x)) }
    let checkB = gradientCheck(parameter: b) { weightedSum(fused(x)) }
    #expect(checkX.maxRelativeError < Tolerance.finiteDifference, "\(checkX)")
    #expect(checkW.maxRelativeError < Tolerance.finiteDifference, "\(checkW)")
    #expect(checkB.maxRelativeError < Tolerance.finiteDifference, "\(checkB)")
}

@Test func instanceNormMatchesComposedDefinitionAndItsGradients() {
    let x0 = random([2, 3, 4, 5], seed: 23, scale: 2)
    let w = Variable(random([3], seed: 24), requiresGrad: true)
    let b = Variable(random([3], seed: 25), requiresGrad: true)
    let x = Variable(x0)
    let centered = x - x.mean(alongAxes: [2, 3], keepingDimensions: true)
    let composed = centered / sqrt(square(centered).mean(alongAxes: [2, 3], keepingDimensions: true) + 1e-5)
        * w.reshaped(to: [1, 3, 1, 1]) + b.reshaped(to: [1, 3, 1, 1])
    #expect(maxAbsoluteDifference(instanceNorm(x, weight: w, bias: b).value.scalars, composed.value.scalars) < Tolerance.kernel)
    let checkX = gradientCheck(at: x0, step: 1e-2) { weightedSum(instanceNorm($0, weight: w, bias: b)) }
    let checkW = gradientCheck(parameter: w) { weightedSum(instanceNorm(x, weight: w, bias: b)) }
    let checkB = gradientCheck(parameter: b) { weightedSum(instanceNorm(x, weight: w, bias: b)) }
    #expect(checkX.maxRelativeError < Tolerance.finiteDifference, "\(checkX)")
    #expect(checkW.maxRelativeError < Tolerance.finiteDifference, "\(checkW)")
    #expect(checkB.maxRelativeError < Tolerance.finiteDifference, "\(checkB)")
}
