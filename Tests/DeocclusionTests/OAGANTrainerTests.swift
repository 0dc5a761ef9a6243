import Foundation
import FaceData
import NeuralNet
import TensorCore
import TestSupport
import Testing
@testable import Deocclusion

@Suite struct OAGANTrainerTests {
    static func makeTrainer(seed: UInt64 = 7) throws -> OAGANTrainer {
        let config = OAGANTestSupport.tinyConfig()
        return try OAGANTrainer(config: config, data: OAGANTestSupport.tinyData(config: config),
                                featureNetwork: RandomConvFeatures(seed: 1, settings: config.perceptual), seed: seed)
    }

    /// A paired step with the generator updated moves every parameter of both networks.
    @Test func oneTrainingStepChangesEveryParameter() throws {
        let trainer = try Self.makeTrainer()
        #expect(trainer.batchKind(at: 0) == .paired)
        let before = (trainer.generator.namedParameters + trainer.discriminator.namedParameters)
            .map { ($0.key, $0.parameter.value.scalars) }
        let losses = try trainer.trainStep()
        #expect(losses.generatorUpdated)
        #expect(Set(losses.terms.map(\.name)) == Set(["D.adv", "D.gp", "D.attr", "G.adv", "G.smooth", "G.mask",
                                                         "G.pixel", "G.perc", "G.style", "G.attr"]))
        // Every tensor moves. A few single weights may legitimately stay: at the tiny size the
        // completion module's bottleneck is 2×2, where a ReLU can zero every input of a tap.
        let after = trainer.generator.namedParameters + trainer.discriminator.namedParameters
        for ((key, old), (_, parameter)) in zip(before, after) {
            let unchanged = zip(old, parameter.value.scalars).filter { $0.0.bitPattern == $0.1.bitPattern }.count
            #expect(unchanged * 5 < old.count, "\(key): \(unchanged) of \(old.count) values unchanged")
        }
    }

    /// Mask supervision (not in the paper) appears only when its weight is positive.
    @Test func maskSupervisionIsOffByDefault() throws {
        var config = OAGANTestSupport.tinyConfig()
        let data = OAGANTestSupport.tinyData(config: config)
        let network = RandomConvFeatures(seed: 1, settings: config.perceptual)
        let plain = try OAGANTrainer(config: config, data: data, featureNetwork: network, seed: 1)
        #expect(!(try plain.trainStep()).terms.contains { $0.name == "G.maskL1" })
        config.losses.maskSupervision = 1
        let supervised = try OAGANTrainer(config: config, data: data, featureNetwork: network, seed: 1)
        let term = try #require(try supervised.trainStep().terms.first { $0.name == "G.maskL1" })
        #expect(term.value > 0 && term.value < 1)
        config.losses.maskSupervisionLoss = .crossEntropy
        let crossEntropy = try OAGANTrainer(config: config, data: data, featureNetwork: network, seed: 1)
        let terms = try crossEntropy.trainStep().terms
        #expect(!terms.contains { $0.name == "G.maskL1" })
        #expect(try #require(terms.first { $0.name == "G.maskBCE" }).value > 0)
    }

    /// Fresh occlusions (not in the paper): each draw pastes a new occluder on the clean face,
    /// so the occluded image differs from the stored one, visible pixels (mask 1) equal the
    /// ground truth, some pixels are covered, and the same generator state gives the same batch.
    @Test func freshOcclusionsPasteANewOccluderOnEachDraw() throws {
        var config = OAGANTestSupport.tinyConfig()
        config.inputSize = 32
        let data = OAGANTestSupport.tinyData(config: config, pairs: 3)
        let fresh = FreshOcclusion(library: OccluderLibrary(variantsPerFamily: 2))
        var rng = SplitMix64(seed: 5)
        let first = OAGANBatch.draw(.paired, size: 6, from: data, fresh: fresh, using: &rng)
        var again = SplitMix64(seed: 5)
        let repeated = OAGANBatch.draw(.paired, size: 6, from: data, fresh: fresh, using: &again)
        #expect(first.occluded.scalars == repeated.occluded.scalars && first.masks!.scalars == repeated.masks!.scalars)
        let truth = try #require(first.groundTruth), masks = try #require(first.masks)
        let plane = 32 * 32
        var covered = 0, leaked = 0
        for sample in 0..<6 {
            for i in 0..<plane {
                let m = masks.scalars[sample * plane + i]
                if m < 0.5 { covered += 1 }
                for c in 0..<3 {
                    let at = (sample * 3 + c) * plane + i
                    if m == 1, abs(first.occluded.scalars[at] - truth.scalars[at]) > 1e-5 { leaked += 1 }
                }
            }
        }
        #expect(leaked == 0)
        #expect(covered > 6 * plane / 50, "occluders cover \(covered) of \(6 * plane) pixels")
        let stored = OAGANBatch.draw(.paired, size: 6, from: data, using: &rng)
        #expect(stored.masks!.scalars.filter { $0 == 0 }.count == 6 * (32 / 4) * (32 / 2))  // the tiny data's square
    }

    /// Warm-up steps (not in the paper) update only the generator, on paired batches, without
    /// the critic's terms; adversarial training then starts with the schedule's first ratio.
    @Test func warmupStepsTrainOnlyTheGenerator() throws {
        var config = OAGANTestSupport.tinyConfig()
        config.training.generatorWarmupSteps = 3
        let trainer = try OAGANTrainer(config: config, data: OAGANTestSupport.tinyData(config: config),
                                       featureNetwork: RandomConvFeatures(seed: 1, settings: config.perceptual), seed: 7)
        let critic = trainer.discriminator.namedParameters.map(\.parameter.value.scalars)
        let generator = trainer.generator.namedParameters.map(\.parameter.value.scalars)
        for _ in 0..<3 {
            let losses = try trainer.trainStep()
            #expect(losses.kind == .paired && losses.generatorUpdated)
            #expect(Set(losses.terms.map(\.name)) == Set(["G.smooth", "G.mask", "G.pixel", "G.perc", "G.style"]))
        }
        #expect(trainer.discriminator.namedParameters.map(\.parameter.value.scalars) == critic)
        #expect(trainer.generator.namedParameters.map(\.parameter.value.scalars) != generator)
        let plain = try Self.makeTrainer()
        for offset in 0..<40 { #expect(trainer.batchKind(at: 3 + offset) == plain.batchKind(at: offset)) }
        #expect(try trainer.trainStep().terms.contains { $0.name == "D.gp" })
    }

    /// A natural batch uses Eq. 9 only: no pixel, perceptual, style or attribute terms.
    @Test func naturalStepUsesTheUnpairedLoss() throws {
        let trainer = try Self.makeTrainer()
        let natural = (0..<20).first { trainer.batchKind(at: $0) == .natural }!
        for _ in 0..<natural { try trainer.trainStep() }
        let losses = try trainer.trainStep()
        #expect(losses.kind == .natural)
        #expect(Set(losses.terms.map(\.name)) == Set(["D.adv", "D.gp", "G.adv", "G.smooth", "G.mask"]))
    }

    /// Four steps straight equal two steps, a checkpoint, a fresh process's resume and two more.
    @Test func resumeEqualsUninterruptedTraining() throws {
        let folder = try Fixtures.temporaryDirectory("oagan-resume")
        defer { try? FileManager.default.removeItem(at: folder) }
        let straight = try Self.makeTrainer()
        for _ in 0..<4 { try straight.trainStep() }

        let first = try Self.makeTrainer()
        for _ in 0..<2 { try first.trainStep() }
        let checkpoint = folder.appendingPathComponent("run.safetensors")
        try OAGANCheckpoint.save(first, to: checkpoint)
        let config = OAGANTestSupport.tinyConfig()
        let resumed = try OAGANTrainer(resumingFrom: checkpoint, data: OAGANTestSupport.tinyData(config: config),
                                       featureNetwork: RandomConvFeatures(seed: 1, settings: config.perceptual))
        #expect(resumed.step == 2)
        for _ in 0..<2 { try resumed.trainStep() }

        #expect(throws: OAGANError.self) {
            _ = try OAGANTrainer(resumingFrom: checkpoint, data: OAGANTestSupport.tinyData(config: config),
                                 featureNetwork: RandomConvFeatures(seed: 2, settings: config.perceptual))
        }

        for (a, b) in [(OAGANTestSupport.flatParameters(straight.generator), OAGANTestSupport.flatParameters(resumed.generator)),
                       (OAGANTestSupport.flatParameters(straight.discriminator), OAGANTestSupport.flatParameters(resumed.discriminator))] {
            #expect(a.count == b.count)
            #expect(zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }, "largest difference \(maxAbsoluteDifference(a, b))")
        }
    }

    @Test func nonFiniteLossStopsWithTheTermNamed() throws {
        let config = OAGANTestSupport.tinyConfig()
        var data = OAGANTestSupport.tinyData(config: config)
        for i in data.paired.indices {
            var scalars = data.paired[i].groundTruth.scalars
            scalars[0] = .nan
            data.paired[i].groundTruth = Tensor(shape: [3, 16, 16], scalars: scalars)
        }
        let trainer = try OAGANTrainer(config: config, data: data,
                                       featureNetwork: RandomConvFeatures(seed: 1, settings: config.perceptual), seed: 1)
        #expect {
            try trainer.trainStep()
        } throws: { error in
            guard case .nonFiniteLoss(step: 0, _, _)? = error as? OAGANError else { return false }
            return "\(error)".contains("diverged at step 0")
        }
    }

    @Test func wrongImageSizeIsRejected() {
        let config = OAGANTestSupport.tinyConfig()
        var data = OAGANTestSupport.tinyData(config: config)
        data.natural.append(Tensor(zeros: [3, 8, 8]))
        #expect(throws: OAGANError.self) {
            _ = try OAGANTrainer(config: config, data: data,
                                 featureNetwork: RandomConvFeatures(seed: 1, settings: config.perceptual), seed: 1)
        }
    }

    @Test func checkpointErrorsNameTheFile() throws {
        let folder = try Fixtures.temporaryDirectory("oagan-bad-checkpoint")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.safetensors")
        #expect { _ = try OAGANCheckpoint.loadGenerator(from: missing) } throws: { "\($0)".contains("missing.safetensors") }
        let garbage = folder.appendingPathComponent("garbage.safetensors")
        try Data("not a safetensors file".utf8).write(to: garbage)
        #expect { _ = try OAGANCheckpoint.loadGenerator(from: garbage) } throws: { "\($0)".contains("garbage.safetensors") }
        let foreign = folder.appendingPathComponent("foreign.safetensors")
        try SafeTensors.write(SafeTensorsFile(tensors: ["x": TensorData(shape: [1], scalars: [0])], metadata: [:]), to: foreign)
        #expect { _ = try OAGANCheckpoint.loadGenerator(from: foreign) } throws: { "\($0)".contains("format") }
    }

    @Test func savedGeneratorLoadsForInference() throws {
        let folder = try Fixtures.temporaryDirectory("oagan-generator")
        defer { try? FileManager.default.removeItem(at: folder) }
        let trainer = try Self.makeTrainer()
        try trainer.trainStep()
        let url = folder.appendingPathComponent("g.safetensors")
        try OAGANCheckpoint.save(trainer, to: url)
        try trainer.trainStep()
        try OAGANCheckpoint.save(trainer, to: url)   // replaces the first checkpoint
        let loaded = try OAGANCheckpoint.loadGenerator(from: url)
        #expect(OAGANTestSupport.flatParameters(loaded).map(\.bitPattern) == OAGANTestSupport.flatParameters(trainer.generator).map(\.bitPattern))
    }
}
