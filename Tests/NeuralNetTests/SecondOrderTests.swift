import Testing
import TestSupport
import TensorCore
@testable import NeuralNet

// Second-order checks: s = Σ r ⊙ ∂/∂x [Σ q ⊙ f(x, θ)] is built with createGraph, and its
// gradients with respect to x and θ are compared with central differences of s itself.
// Float32 differences of a first derivative: same tolerance as first order (Tolerance
// .finiteDifference), with step 1e-2 on smooth functions.

private func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var rng = SplitMix64(seed: seed)
    return Tensor.randomNormal(shape, standardDeviation: scale, using: &rng)
}

/// s(x) = Σ r ⊙ ∂/∂x weightedSum(f(x)).
private func gradientSum(_ x: Variable, _ f: (Variable) -> Variable) -> Variable {
    let g = gradients(of: weightedSum(f(x), seed: 1), withRespectTo: [x], createGraph: true)[0]
    return weightedSum(g, seed: 2)
}

@Test(arguments: [ConvGeometry.k3s1p1, .k4s2p1, .k3s2p1])
func conv2dSecondOrderMatchesFiniteDifferences(_ g: ConvGeometry) {
    let w = Variable(random([3, 2, g.kernel, g.kernel], seed: 3, scale: 0.4), requiresGrad: true)
    let b = Variable(random([3], seed: 4), requiresGrad: true)
    let x0 = random([2, 2, 6, 6], seed: 5)
    // Square makes ∂/∂x depend on both x and w.
    let f: (Variable) -> Variable = { square(conv2d($0, weight: w, bias: b, geometry: g)) }
    let checkX = gradientCheck(at: x0) { gradientSum($0, f) }
    let checkW = gradientCheck(parameter: w) { gradientSum(Variable(x0, requiresGrad: true), f) }
    let checkB = gradientCheck(parameter: b) { gradientSum(Variable(x0, requiresGrad: true), f) }
    #expect(checkX.maxRelativeError < Tolerance.finiteDifference, "\(checkX)")
    #expect(checkW.maxRelativeError < Tolerance.finiteDifference, "\(checkW)")
    #expect(checkB.maxRelativeError < Tolerance.finiteDifference, "\(checkB)")
}

@Test func convTranspose2dSecondOrderMatchesFiniteDifferences() {
    let w = Variable(random([2, 3, 4, 4], seed: 6, scale: 0.4), requiresGrad: true)
    let x0 = random([1, 2, 3, 3], seed: 7)
    let f: (Variable) -> Variable = { square(convTranspose2d($0, weight: w, geometry: .k4s2p1)) }
    let checkX = gradientCheck(at: x0) { gradientSum($0, f) }
    let checkW = gradientCheck(parameter: w) { gradientSum(Variable(x0, requiresGrad: true), f) }
    #expect(checkX.maxRelativeError < Tolerance.finiteDifference, "\(checkX)")
    #expect(checkW.maxRelativeError < Tolerance.finiteDifference, "\(checkW)")
}

@Test func linearSecondOrderMatchesFiniteDifferences() {
    let w = Variable(random([4, 5], seed: 8), requiresGrad: true)
    let b = Variable(random([4], seed: 9), requiresGrad: true)
    let x0 = random([3, 5], seed: 10)
    let f: (Variable) -> Variable = { square(linear($0, weight: w, bias: b)) }
    let checkX = gradientCheck(at: x0) { gradientSum($0, f) }
    let checkW = gradientCheck(parameter: w) { gradientSum(Variable(x0, requiresGrad: true), f) }
    #expect(checkX.maxRelativeError < Tolerance.finiteDifference, "\(checkX)")
    #expect(checkW.maxRelativeError < Tolerance.finiteDifference, "\(checkW)")
}

@Test func elementwiseSecondOrderMatchesFiniteDifferences() {
    // Values away from the kink at 0 so that ±h does not cross it.
    let x0 = random([2, 3, 4], seed: 11).map { $0 >= 0 ? $0 + 0.2 : $0 - 0.2 }
    let positive = x0.map { Swift.abs($0) + 0.5 }
    let cases: [(String, Tensor, (Variable) -> Variable)] = [
        ("leakyReLU", x0, { square(leakyReLU($0, slope: 0.2)) }),
        ("leakyReLU·x", x0, { leakyReLU($0, slope: 0.2) * $0 }),
        ("square", x0, { square($0) * $0 }),
        ("sqrt", positive, { sqrt($0) }),
        ("sum", x0, { square($0.sum()) }),
        ("sumAxes", x0, { square($0.sum(alongAxes: [1])) }),
        ("mean", x0, { square($0.mean()) * 10 }),
        ("sigmoid", x0, { sigmoid($0) }),
        ("tanh", x0, { tanh($0) }),
        ("division", positive, { 1 / $0 }),
        ("instanceNorm", x0.reshaped(to: [2, 3, 2, 2]), { instanceNorm($0) }),
        ("instanceNormAffine", x0.reshaped(to: [2, 3, 2, 2]), {
            instanceNormAffine($0, weight: Variable(Tensor(shape: [3], scalars: [1.5, -0.5, 2])),
                               bias: Variable(Tensor(shape: [3], scalars: [0.1, 0.2, -0.3])), relu: false)
        }),
        ("softmax", x0.reshaped(to: [6, 4]), { softmax($0) }),
        ("maxFeatureMap", x0, { square(maxFeatureMap($0, along: 2)) }),
        ("maxPool", x0.reshaped(to: [1, 2, 3, 4]), { square(maxPool2d($0, ceilMode: true)) }),
    ]
    for (name, point, f) in cases {
        let check = gradientCheck(at: point, step: 1e-2) { gradientSum($0, f) }
        #expect(check.maxRelativeError < Tolerance.finiteDifference, "\(name): \(check)")
    }
}

/// WGAN-GP (Gulrajani et al. 2017, eq. 3): λ · mean over the batch of (‖∇ₓ̂ D(x̂)‖₂ − 1)²
/// with x̂ = εx + (1 − ε)x̃, here on a 2-layer critic conv → leakyReLU → linear.
@Test func wganGradientPenaltyGradientMatchesFiniteDifferences() {
    var rng = SplitMix64(seed: 12)
    let w1 = Variable(Tensor.randomNormal([3, 2, 3, 3], standardDeviation: 0.4, using: &rng), requiresGrad: true)
    let b1 = Variable(Tensor.randomNormal([3], standardDeviation: 0.1, using: &rng), requiresGrad: true)
    let w2 = Variable(Tensor.randomNormal([1, 3 * 3 * 3], standardDeviation: 0.4, using: &rng), requiresGrad: true)
    let b2 = Variable(Tensor.randomNormal([1], using: &rng), requiresGrad: true)
    let real = Tensor.randomNormal([2, 2, 5, 5], using: &rng)
    let fake = Tensor.randomNormal([2, 2, 5, 5], using: &rng)
    let epsilon = Tensor(shape: [2, 1, 1, 1], scalars: [0.3, 0.8])
    let critic: (Variable) -> Variable = { x in
        let h = leakyReLU(conv2d(x, weight: w1, bias: b1, geometry: .k3s2p1), slope: 0.2)
        return linear(h.flattened(), weight: w2, bias: b2)
    }
    let penalty: () -> Variable = {
        let mixed = Variable(real * epsilon + fake * (Tensor(shape: [2, 1, 1, 1], repeating: 1) - epsilon), requiresGrad: true)
        let g = gradients(of: critic(mixed).sum(), withRespectTo: [mixed], createGraph: true)[0]
        let norms = sqrt(square(g).sum(alongAxes: [1, 2, 3]) + 1e-12)
        return square(norms - 1).mean() * 10
    }
    for (name, parameter) in [("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2)] {
        let check = gradientCheck(parameter: parameter, step: 1e-3, penalty)
        #expect(check.maxRelativeError < Tolerance.finiteDifference, "\(name): \(check)")
    }
}
