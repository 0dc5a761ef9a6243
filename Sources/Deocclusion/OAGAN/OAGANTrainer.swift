import Foundation
import NeuralNet
import TensorCore

/// Named loss values of one training step, in a fixed order (for the progress line).
public struct OAGANStepLosses: Sendable {
    /// The step these losses belong to (0-based).
    public var step: Int
    /// Paired or natural batch.
    public var kind: BatchKind
    /// Whether the generator was updated in this step.
    public var generatorUpdated: Bool
    /// (term, value) pairs: critic terms first (`D.*`), then generator terms (`G.*`).
    public var terms: [(name: String, value: Float)]

    /// `D.adv -0.123 D.gp 0.045 … G.pixel 0.31 …`
    public var summary: String {
        terms.map { "\($0.name) \(String(format: "%.4g", $0.value))" }.joined(separator: " ")
    }
}

/// OA-GAN's alternating semi-supervised trainer (paper Sec. III-C, public code `train3.py`).
///
/// Each step draws one batch, paired or natural according to `AlternatingBatchSchedule`,
/// updates the critic (WGAN-GP, attribute MSE on real paired faces), and every
/// `criticStepsPerGeneratorStep`-th step updates the generator with Eq. 8 (paired) or
/// Eq. 9 (natural). Differences from the public code: the critic's Wasserstein, attribute
/// and gradient-penalty terms are summed into one Adam step (the public code takes two
/// steps, one without and one with the penalty); the generator's step uses the critic
/// after its update, as the public code does. All randomness comes from `rng`, which is
/// saved in checkpoints, so resuming reproduces an uninterrupted run exactly.
public final class OAGANTrainer {
    public let config: OAGANConfig
    public let generator: OAGANGenerator
    public let discriminator: OAGANDiscriminator
    public let featureNetwork: FeatureNetwork
    public let data: OAGANTrainingData
    let generatorOptimizer: Adam
    /// Occluders pasted anew on each paired sample (`OAGANTrainingSettings.freshOcclusions`).
    let freshOcclusion: FreshOcclusion?
    let discriminatorOptimizer: Adam
    /// Steps completed so far.
    public internal(set) var step: Int
    var rng: SplitMix64

    /// A fresh run: networks initialised from `seed`.
    public init(config: OAGANConfig, data: OAGANTrainingData, featureNetwork: FeatureNetwork, seed: UInt64) throws {
        try config.validate()
        try OAGANTrainer.check(data, against: config)
        var rng = SplitMix64(seed: seed)
        self.config = config
        self.data = data
        self.featureNetwork = featureNetwork
        generator = OAGANGenerator(config: config, using: &rng)
        discriminator = OAGANDiscriminator(config: config, using: &rng)
        let t = config.training
        generatorOptimizer = Adam(parameters: generator.namedParameters.map(\.parameter), learningRate: t.learningRate,
                                  betas: (t.beta1, t.beta2), epsilon: 1e-8)
        discriminatorOptimizer = Adam(parameters: discriminator.namedParameters.map(\.parameter),
                                      learningRate: t.learningRate, betas: (t.beta1, t.beta2), epsilon: 1e-8)
        freshOcclusion = t.freshOcclusions ? FreshOcclusion() : nil
        step = 0
        self.rng = rng
    }

    static func check(_ data: OAGANTrainingData, against config: OAGANConfig) throws {
        let size = config.inputSize
        guard !data.paired.isEmpty else {
            throw OAGANError.invalidConfig("no paired training samples")
        }
        for sample in data.paired {
            guard sample.occluded.shape == [3, size, size], sample.groundTruth.shape == [3, size, size] else {
                throw OAGANError.wrongImageShape(expected: "3×\(size)×\(size)", got: "\(sample.occluded.shape)")
            }
            if let attributes = sample.attributes, attributes.count != config.attributes.count {
                throw OAGANError.invalidConfig(
                    "a paired sample has \(attributes.count) attributes, the config lists \(config.attributes.count)")
            }
        }
        for image in data.natural + data.clean where image.shape != [3, size, size] {
            throw OAGANError.wrongImageShape(expected: "3×\(size)×\(size)", got: "\(image.shape)")
        }
    }

    /// The kind of batch step `step` will use (natural falls back to paired without natural data).
    func batchKind(at step: Int) -> BatchKind {
        data.natural.isEmpty || isWarmingUp(at: step) ? .paired : config.training.schedule.kind(at: adversarialStep(step))
    }

    /// Steps since adversarial training began (the paired:natural schedule starts there).
    func adversarialStep(_ step: Int) -> Int {
        max(0, step - config.training.generatorWarmupSteps)
    }

    /// Whether `step` is one of the generator-only warm-up steps (not in the paper).
    func isWarmingUp(at step: Int) -> Bool {
        step < config.training.generatorWarmupSteps
    }

    /// One critic update and, every n-th step, one generator update.
    /// - Throws: `OAGANError.nonFiniteLoss` naming the first term that is NaN or infinite.
    @discardableResult
    public func trainStep() throws -> OAGANStepLosses {
        let weights = config.losses
        let kind = batchKind(at: step)
        let batch = OAGANBatch.draw(kind, size: config.training.batchSize, from: data, fresh: freshOcclusion, using: &rng)
        let alpha = (0..<config.training.batchSize).map { _ in Float.random(in: 0..<1, using: &rng) }
        if isWarmingUp(at: step) {
            let terms = try generatorUpdate(batch: batch, occluded: Variable(batch.occluded), adversarial: false)
            let losses = OAGANStepLosses(step: step, kind: kind, generatorUpdated: true, terms: terms)
            step += 1
            return losses
        }

        // Critic: α·(mean D(fake) − mean D(real)) + λ_gp·GP + β·MSE(attr(real), a_real).
        // On generator steps the generator's forward pass is recorded once and serves both
        // updates (the critic sees its value, the generator's loss its graph): the critic's
        // update leaves the generator's weights unchanged, so a second pass would repeat it.
        let occluded = Variable(batch.occluded)
        let updateGenerator = (step + 1) % config.training.criticStepsPerGeneratorStep == 0
        let generated = updateGenerator ? generator(occluded) : nil
        let fake = generated?.recovered.value ?? withoutGradients { generator(occluded).recovered.value }
        let realOutput = discriminator(Variable(batch.real))
        let fakeOutput = discriminator(Variable(fake))
        var critic = LossSum()
        critic.add("D.adv", OAGANLosses.criticAdversarial(real: realOutput.critic, fake: fakeOutput.critic),
                   weight: weights.criticAdversarial)
        critic.add("D.gp", OAGANLosses.gradientPenalty(
            critic: { [discriminator] in discriminator($0).critic }, real: batch.real, fake: fake, alpha: alpha),
                   weight: weights.gradientPenalty)
        if let predicted = realOutput.attributes, let target = batch.attributes {
            critic.add("D.attr", OAGANLosses.attribute(predicted: predicted, target: Variable(target)), weight: weights.attribute)
        }
        try apply(critic, with: discriminatorOptimizer)

        var terms = critic.terms
        if let generated {
            terms += try generatorUpdate(batch: batch, occluded: occluded, output: generated)
        }
        let losses = OAGANStepLosses(step: step, kind: kind, generatorUpdated: updateGenerator, terms: terms)
        step += 1
        return losses
    }

    /// Eq. 8 (paired) or Eq. 9 (natural) and one Adam step of the generator (on `recorded`,
    /// its forward pass on `occluded`, when given); without the critic's terms (adversarial,
    /// attributes) during the warm-up.
    private func generatorUpdate(batch: OAGANBatch, occluded: Variable, output recorded: OAGANGeneratorOutput? = nil,
                                 adversarial: Bool = true) throws -> [(name: String, value: Float)] {
        let weights = config.losses
        let output = recorded ?? generator(occluded)
        let criticOutput = adversarial ? discriminator(output.recovered) : nil
        var loss = LossSum()
        if let criticOutput {
            loss.add("G.adv", OAGANLosses.generatorAdversarial(fake: criticOutput.critic), weight: weights.adversarial)
        }
        loss.add("G.smooth", OAGANLosses.smooth(recovered: output.recovered, mask: output.mask), weight: weights.smooth)
        loss.add("G.mask", OAGANLosses.maskSize(output.mask), weight: weights.maskPenalty)
        if let truth = batch.groundTruth {
            let groundTruth = Variable(truth)
            let truthFeatures = withoutGradients { featureNetwork.features(groundTruth).map { Variable($0.value) } }
            let synthesizedFeatures = featureNetwork.features(output.synthesized)
            let recoveredFeatures = featureNetwork.features(output.recovered)
            loss.add("G.pixel", OAGANLosses.pixel(recovered: output.recovered, groundTruth: groundTruth, mask: output.mask,
                                                  hole: weights.hole, valid: weights.valid), weight: weights.pixel)
            loss.add("G.perc", OAGANLosses.perceptual(synthesized: synthesizedFeatures, recovered: recoveredFeatures,
                                                      groundTruth: truthFeatures), weight: weights.perceptual)
            loss.add("G.style", OAGANLosses.style(synthesized: synthesizedFeatures, recovered: recoveredFeatures,
                                                  groundTruth: truthFeatures), weight: weights.style)
            if weights.maskSupervision > 0, let masks = batch.masks {
                switch weights.maskSupervisionLoss {
                case .l1:
                    loss.add("G.maskL1", OAGANLosses.maskSupervision(output.mask, groundTruth: Variable(masks)),
                             weight: weights.maskSupervision)
                case .crossEntropy:
                    loss.add("G.maskBCE", OAGANLosses.maskCrossEntropy(logits: output.maskLogits, groundTruth: masks),
                             weight: weights.maskSupervision)
                }
            }
            if let predicted = criticOutput?.attributes, let target = batch.attributes {
                loss.add("G.attr", OAGANLosses.attribute(predicted: predicted, target: Variable(target)), weight: weights.attribute)
            }
        }
        try apply(loss, with: generatorOptimizer)
        return loss.terms
    }

    /// One Adam step on `loss`, refused (before any weight changes) if a term is not finite.
    private func apply(_ loss: LossSum, with optimizer: Adam) throws {
        if let bad = loss.terms.first(where: { !$0.value.isFinite }) {
            throw OAGANError.nonFiniteLoss(step: step, term: bad.name, value: bad.value)
        }
        optimizer.zeroGradients()
        loss.total.backward()
        optimizer.step()
    }
}

/// A weighted sum of named loss terms that remembers each term's unweighted value.
struct LossSum {
    private var sum: Variable?
    private(set) var terms: [(name: String, value: Float)] = []

    /// The weighted sum (call after at least one `add`).
    var total: Variable { sum! }

    mutating func add(_ name: String, _ term: Variable, weight: Float) {
        terms.append((name, term.value.scalars[0]))
        let weighted = weight * term
        sum = sum.map { $0 + weighted } ?? weighted
    }
}
