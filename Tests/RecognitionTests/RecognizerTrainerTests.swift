import Foundation
import Testing
import TensorCore
import TestSupport
@testable import Recognition

/// A resumed run repeats the uninterrupted one operation for operation; the slack only
/// guards against a BLAS that changes summation order between calls (ours does not).
private let resumeTolerance: Float = 1e-6

/// `subjects` × `perSubject` noisy copies of one random prototype per subject.
private func makeFaces(subjects: Int, perSubject: Int, size: Int, seed: UInt64) -> LabeledFaces {
    var rng = SplitMix64(seed: seed)
    var faces = LabeledFaces(size: size, subjects: (0..<subjects).map { "s\($0)" })
    for subject in 0..<subjects {
        let prototype = (0..<(size * size)).map { _ in Float.random(in: 0...1, using: &rng) }
        for _ in 0..<perSubject {
            faces.append(prototype.map { min(1, max(0, $0 + Float.random(in: -0.1...0.1, using: &rng))) }, label: subject)
        }
    }
    return faces
}

private func tinyConfiguration(epochs: Int) -> RecognizerTrainingConfiguration {
    var configuration = RecognizerTrainingConfiguration.recipe(inputSize: 16)
    configuration.epochs = epochs
    configuration.batchSize = 4
    configuration.validationFraction = 0.25
    configuration.seed = 11
    return configuration
}

@Test func resumeEqualsUninterruptedTraining() throws {
    let directory = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let faces = makeFaces(subjects: 3, perSubject: 4, size: 16, seed: 2)

    let whole = try RecognizerTrainer.train(configuration: tinyConfiguration(epochs: 2), faces: faces,
                                            output: directory.appendingPathComponent("whole.safetensors"))
    let split = directory.appendingPathComponent("split.safetensors")
    _ = try RecognizerTrainer.train(configuration: tinyConfiguration(epochs: 1), faces: faces, output: split)
    let resumed = try RecognizerTrainer.train(configuration: tinyConfiguration(epochs: 2), faces: faces, output: split, resume: true)

    #expect(resumed.history.map(\.epoch) == [1, 2])
    #expect(zip(resumed.history, whole.history).allSatisfy { abs($0.trainingLoss - $1.trainingLoss) < Double(resumeTolerance) })
    let expected = whole.model.stateDict()
    for (key, value) in resumed.model.stateDict() {
        let difference = maxAbsoluteDifference(value.scalars, expected[key]!.scalars)
        #expect(difference < resumeTolerance, "\(key) differs by \(difference)")
    }
    let nothingLeft = try RecognizerTrainer.train(configuration: tinyConfiguration(epochs: 1), faces: faces, output: split, resume: true)
    #expect(nothingLeft.history.count == 2)
    let reloaded = try LightCNN9.load(from: split)
    #expect(maxAbsoluteDifference(reloaded.stateDict()["fc2.weight"]!.scalars, expected["fc2.weight"]!.scalars) < resumeTolerance)
}

@Test func firstLossIsNearLogClassCount() throws {
    var rng = SplitMix64(seed: 4)
    let faces = makeFaces(subjects: 5, perSubject: 2, size: 16, seed: 3)
    let model = try LightCNN9(configuration: LightCNN9Configuration(inputSize: 16, classes: 5), using: &rng)
    let optimizer = RecognizerTrainer.makeOptimizer(model: model, configuration: tinyConfiguration(epochs: 1))
    let (images, labels) = RecognizerTrainer.makeBatch(faces, indices: Array(0..<10), augmentation: .none, using: &rng)
    let step = RecognizerTrainer.trainingStep(model: model, optimizer: optimizer, images: images, labels: labels, using: &rng)
    #expect(abs(step.loss - log(5)) < 0.5, "initial loss \(step.loss), ln 5 = \(log(5.0))")
}

@Test func optimizerGroupsFollowThePublicRecipe() throws {
    var rng = SplitMix64(seed: 4)
    let model = try LightCNN9(configuration: LightCNN9Configuration(inputSize: 16, classes: 2), using: &rng)
    #expect(RecognizerTrainer.groupIndex(of: "features.2.conv.filter.weight") == 0)
    #expect(RecognizerTrainer.groupIndex(of: "fc1.filter.bias") == 1)
    #expect(RecognizerTrainer.groupIndex(of: "fc2.weight") == 2)
    #expect(RecognizerTrainer.groupIndex(of: "fc2.bias") == 3)
    let optimizer = RecognizerTrainer.makeOptimizer(model: model, configuration: tinyConfiguration(epochs: 1))
    #expect(optimizer.parameterGroups.map(\.parameters.count) == [10, 10, 1, 1])
    #expect(optimizer.parameterGroups.map(\.weightDecay) == [1e-4, 0, 1e-4, 0])
    let rates = optimizer.parameterGroups.map { $0.learningRate / 0.01 }
    #expect(zip(rates, [1, 2, 10, 20] as [Float]).allSatisfy { abs($0 - $1) < 1e-4 })
    var configuration = RecognizerTrainingConfiguration()
    configuration.decayEveryEpochs = 10
    #expect(abs(configuration.learningRateFactor(epoch: 9) - 1) < 1e-6)
    #expect(abs(configuration.learningRateFactor(epoch: 25) - 0.457305 * 0.457305) < 1e-6)
}

@Test func nanImageStopsWithoutCheckpoint() throws {
    let directory = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var faces = makeFaces(subjects: 2, perSubject: 2, size: 16, seed: 5)
    faces.append([Float](repeating: .nan, count: 256), label: 0)
    var configuration = tinyConfiguration(epochs: 1)
    configuration.batchSize = 8
    configuration.validationFraction = 0
    let output = directory.appendingPathComponent("nan.safetensors")
    #expect(throws: RecognitionError.nonFiniteLoss(epoch: 1, batch: 1, lastCheckpoint: nil)) {
        try RecognizerTrainer.train(configuration: configuration, faces: faces, output: output)
    }
    #expect(!FileManager.default.fileExists(atPath: output.path))
}

@Test func divergingRunKeepsTheLastGoodCheckpoint() throws {
    let directory = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let faces = makeFaces(subjects: 3, perSubject: 2, size: 16, seed: 6)
    var configuration = tinyConfiguration(epochs: 4)
    configuration.batchSize = 8      // one batch per epoch: epoch 1 starts from finite weights
    configuration.validationFraction = 0
    configuration.learningRate = 1e30
    let output = directory.appendingPathComponent("diverge.safetensors")
    let checkpoint = RecognizerTrainer.checkpointURL(for: output)
    do {
        _ = try RecognizerTrainer.train(configuration: configuration, faces: faces, output: output)
        Issue.record("training with lr 1e30 did not diverge")
    } catch let RecognitionError.nonFiniteLoss(epoch, batch, lastCheckpoint) {
        #expect(epoch >= 2 && batch == 1)
        #expect(lastCheckpoint == checkpoint.path)
        let kept = try TrainingCheckpoint.read(from: checkpoint)
        #expect(kept.epochsCompleted == epoch - 1)
    }
}

@Test func resumeNeedsAMatchingCheckpoint() throws {
    let directory = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let faces = makeFaces(subjects: 2, perSubject: 2, size: 16, seed: 7)
    let output = directory.appendingPathComponent("r.safetensors")
    let checkpoint = RecognizerTrainer.checkpointURL(for: output)
    #expect(checkpoint.lastPathComponent == "r.checkpoint.safetensors")
    #expect(throws: RecognitionError.checkpointMissing(file: checkpoint.path)) {
        try RecognizerTrainer.train(configuration: tinyConfiguration(epochs: 1), faces: faces, output: output, resume: true)
    }
    _ = try RecognizerTrainer.train(configuration: tinyConfiguration(epochs: 1), faces: faces, output: output)
    var changed = tinyConfiguration(epochs: 2)
    changed.learningRate = 0.5
    #expect(throws: RecognitionError.self) {
        try RecognizerTrainer.train(configuration: changed, faces: faces, output: output, resume: true)
    }
}

@Test func trainingNeedsTwoSubjects() throws {
    let faces = makeFaces(subjects: 1, perSubject: 3, size: 16, seed: 8)
    #expect(throws: RecognitionError.tooFewSubjects(found: 1)) {
        try RecognizerTrainer.train(configuration: tinyConfiguration(epochs: 1), faces: faces,
                                    output: URL(fileURLWithPath: "/nonexistent/x.safetensors"))
    }
}

@Test func validationSplitKeepsATrainingImagePerSubject() {
    let faces = makeFaces(subjects: 4, perSubject: 5, size: 2, seed: 9)
    let (training, validation) = faces.validationSplit(fraction: 0.4, seed: 1)
    #expect(training.count + validation.count == 20)
    #expect(validation.count == 8)
    #expect(Set(training.labels) == Set(0..<4))
    let again = faces.validationSplit(fraction: 0.4, seed: 1)
    #expect(again.validation.pixels == validation.pixels)
}

@Test func augmentationShiftsAndMirrors() {
    let size = 4
    let source: [Float] = (0..<16).map(Float.init)
    var destination = [Float](repeating: -1, count: 16)
    var rng = SplitMix64(seed: 1)
    source.withUnsafeBufferPointer { s in
        destination.withUnsafeMutableBufferPointer { d in
            Augmentation.none.apply(s, size: size, into: d, using: &rng)
        }
    }
    #expect(destination == source)

    // Find a draw that flips and shifts, then check it pixel by pixel against the definition.
    let augmentation = Augmentation(padding: 1, horizontalFlip: true)
    for seed in UInt64(0)..<20 {
        var probe = SplitMix64(seed: seed)
        let dx = Int(probe.next() % 3) - 1, dy = Int(probe.next() % 3) - 1, flip = probe.next() & 1 == 1
        var draw = SplitMix64(seed: seed)
        source.withUnsafeBufferPointer { s in
            destination.withUnsafeMutableBufferPointer { d in augmentation.apply(s, size: size, into: d, using: &draw) }
        }
        for y in 0..<size {
            for x in 0..<size {
                let cx = flip ? size - 1 - x : x
                let expected = source[min(max(y + dy, 0), 3) * size + min(max(cx + dx, 0), 3)]
                #expect(destination[y * size + x] == expected)
            }
        }
    }
}

/// A batch too large for the max-feature-map layers' 32-bit indices is a configuration error,
/// not a crash inside the kernel (1,365 images at 128×128).
@Test func oversizedBatchIsAConfigurationError() throws {
    #expect(LightCNN9.largestBatch(inputSize: 128) == 1365)
    var configuration = RecognizerTrainingConfiguration.recipe(inputSize: 128)
    configuration.batchSize = 1365
    try configuration.validate()
    configuration.batchSize = 1366
    #expect(throws: RecognitionError.self) { try configuration.validate() }
}
