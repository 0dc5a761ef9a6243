import NeuralNet
import TensorCore
import TestSupport
import Testing
@testable import Deocclusion

@Suite struct OAGANLossTests {
    /// The penalty's gradient with respect to the critic's weights (double backward) equals
    /// central finite differences of the penalty itself, on a tiny critic.
    @Test func gradientPenaltyWeightGradientMatchesFiniteDifferences() throws {
        var rng = SplitMix64(seed: 11)
        var config = OAGANTestSupport.tinyConfig(attributes: 0)
        config.inputSize = 8
        config.discriminatorWidth = 2
        let critic = OAGANDiscriminator(config: config, using: &rng)
        let real = Tensor.randomUniform([2, 3, 8, 8], lowerBound: -1, upperBound: 1, using: &rng)
        let fake = Tensor.randomUniform([2, 3, 8, 8], lowerBound: -1, upperBound: 1, using: &rng)
        let alpha: [Float] = [0.3, 0.8]
        func penalty() -> Variable {
            OAGANLosses.gradientPenalty(critic: { critic($0).critic }, real: real, fake: fake, alpha: alpha)
        }
        for (_, parameter) in critic.namedParameters { parameter.grad = nil }
        penalty().backward()
        var worst: Float = 0
        for (_, parameter) in critic.namedParameters {
            // Biases enter ∂D/∂x̂ only through LeakyReLU's piecewise-constant slope, so the
            // penalty's bias gradient is zero (nil) and finite differences give ≈ 0 as well.
            let analytic = parameter.grad?.value.scalars ?? [Float](repeating: 0, count: parameter.value.count)
            let base = parameter.value.scalars
            for index in stride(from: 0, to: base.count, by: max(1, base.count / 5)) {
                let h: Float = 1e-3  // small enough not to cross LeakyReLU kinks of this critic
                var plus = base, minus = base
                plus[index] += h
                minus[index] -= h
                parameter.value = Tensor(shape: parameter.value.shape, scalars: plus)
                let up = penalty().value.scalars[0]
                parameter.value = Tensor(shape: parameter.value.shape, scalars: minus)
                let down = penalty().value.scalars[0]
                parameter.value = Tensor(shape: parameter.value.shape, scalars: base)
                let numeric = (up - down) / (2 * h)
                let error = abs(numeric - analytic[index]) / max(1, abs(numeric), abs(analytic[index]))
                worst = max(worst, error)
            }
        }
        #expect(worst < Tolerance.finiteDifference, "largest relative error \(worst)")
    }

    /// The penalty is zero when the critic is linear with a unit-norm input gradient.
    @Test func gradientPenaltyVanishesForUnitGradientCritic() {
        let s = 4
        let count = 3 * s * s
        let weight = Variable(Tensor(shape: [1, 3, s, s], repeating: 1 / Float(count).squareRoot()))
        let critic: (Variable) -> Variable = { conv2d($0, weight: weight, bias: nil, geometry: ConvGeometry(kernel: s, stride: 1, padding: 0)) }
        var rng = SplitMix64(seed: 2)
        let real = Tensor.randomNormal([2, 3, s, s], using: &rng)
        let fake = Tensor.randomNormal([2, 3, s, s], using: &rng)
        let penalty = OAGANLosses.gradientPenalty(critic: critic, real: real, fake: fake, alpha: [0.1, 0.9])
        #expect(abs(penalty.value.scalars[0]) < 1e-5)
    }

    @Test func pixelLossWeightsHoleAndValidParts() {
        // One image, one channel pixel pair: mask [1, 0], difference [0.5, −1].
        let recovered = Variable(Tensor(shape: [1, 1, 1, 2], scalars: [0.5, -1]))
        let truth = Variable(Tensor(shape: [1, 1, 1, 2], scalars: [0, 0]))
        let mask = Variable(Tensor(shape: [1, 1, 1, 2], scalars: [1, 0]))
        let loss = OAGANLosses.pixel(recovered: recovered, groundTruth: truth, mask: mask, hole: 6, valid: 1)
        // hole: 6 · mean(|[0, −1]|) = 3; valid: mean(|[0.5, 0]|) = 0.25.
        #expect(abs(loss.value.scalars[0] - 3.25) < 1e-6)
    }

    @Test func maskTermAndAdversarialTerms() {
        let mask = Variable(Tensor(shape: [1, 1, 2, 2], scalars: [1, 1, 0, 0]))
        #expect(abs(OAGANLosses.maskSize(mask).value.scalars[0] - 0.25) < 1e-6)
        let real = Variable(Tensor(shape: [2, 1, 1, 1], scalars: [2, 4]))
        let fake = Variable(Tensor(shape: [2, 1, 1, 1], scalars: [-1, 1]))
        #expect(abs(OAGANLosses.criticAdversarial(real: real, fake: fake).value.scalars[0] + 3) < 1e-6)
        #expect(abs(OAGANLosses.generatorAdversarial(fake: fake).value.scalars[0]) < 1e-6)
    }

    @Test func smoothLossIsPerImageTotalVariationAveragedOverTheBatch() {
        // Two images 1×1×2: differences 1 and 3 → per-image TV 1 and 3, mean 2; mask flat.
        let image = Variable(Tensor(shape: [2, 1, 1, 2], scalars: [0, 1, 0, 3]))
        let mask = Variable(Tensor(shape: [2, 1, 1, 2], repeating: 1))
        #expect(abs(OAGANLosses.smooth(recovered: image, mask: mask).value.scalars[0] - 2) < 1e-6)
    }

    @Test func perceptualAndStyleAreZeroForIdenticalFeatures() {
        var rng = SplitMix64(seed: 1)
        let features = [Variable(Tensor.randomNormal([2, 4, 3, 3], using: &rng))]
        #expect(abs(OAGANLosses.perceptual(synthesized: features, recovered: features, groundTruth: features).value.scalars[0]) < 1e-7)
        #expect(abs(OAGANLosses.style(synthesized: features, recovered: features, groundTruth: features).value.scalars[0]) < 1e-7)
    }
}
