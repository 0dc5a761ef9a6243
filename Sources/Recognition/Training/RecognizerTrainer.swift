import Foundation
import NeuralNet
import TensorCore

/// What a finished training run returns.
public struct RecognizerTrainingResult {
    /// The trained network (with fc2).
    public var model: LightCNN9
    /// The training curve, one record per epoch (resumed runs include the earlier epochs).
    public var history: [EpochRecord]
    /// Final weights, official names (what `unveil embed --recognizer` reads).
    public var output: URL
    /// Resumable training state written beside `output`.
    public var checkpoint: URL
}

/// LightCNN-9 training with the public recipe (see `RecognizerTrainingConfiguration`).
///
/// Randomness: initialisation and the validation split come from `seed`; each epoch draws
/// shuffling, augmentation and dropout from its own generator seeded by (seed, epoch), so a
/// run resumed after epoch e continues exactly as the uninterrupted run would.
public enum RecognizerTrainer {
    /// The checkpoint kept beside the output: `NAME.checkpoint.safetensors` for `NAME.safetensors`.
    public static func checkpointURL(for output: URL) -> URL {
        output.deletingPathExtension().appendingPathExtension("checkpoint.safetensors")
    }

    /// Trains on `faces` (all images `configuration.inputSize` square), writing the weights to
    /// `output` and a checkpoint beside it after every epoch (atomically). With `resume`, the
    /// checkpoint must exist and match the configuration (except `epochs`) and the data.
    public static func train(configuration: RecognizerTrainingConfiguration, faces: LabeledFaces, output: URL,
                             resume: Bool = false,
                             progress: (TrainingProgress) -> Void = { _ in }) throws -> RecognizerTrainingResult {
        try configuration.validate()
        guard faces.size == configuration.inputSize else {
            throw RecognitionError.invalidConfiguration("training images are \(faces.size)×\(faces.size), the network takes \(configuration.inputSize)")
        }
        let present = Set(faces.labels).count
        guard present >= 2 else { throw RecognitionError.tooFewSubjects(found: present) }

        let (training, validation) = faces.validationSplit(fraction: configuration.validationFraction,
                                                           seed: configuration.seed ^ 0x5EED_5A17)
        var initRNG = SplitMix64(seed: configuration.seed)
        let model = try LightCNN9(
            configuration: LightCNN9Configuration(inputSize: configuration.inputSize, classes: faces.subjects.count,
                                                  dropoutProbability: configuration.dropoutProbability,
                                                  initialization: configuration.initialization),
            using: &initRNG)
        let optimizer = makeOptimizer(model: model, configuration: configuration)
        let checkpointURL = checkpointURL(for: output)

        var history: [EpochRecord] = []
        if resume {
            history = try restore(from: checkpointURL, model: model, optimizer: optimizer,
                                  configuration: configuration, fingerprint: faces.fingerprint)
        }
        var lastCheckpoint: String? = resume ? checkpointURL.path : nil
        let metadata = try outputMetadata(configuration: configuration, subjects: faces.subjects)

        for epoch in min(history.count, configuration.epochs)..<configuration.epochs {  // nothing left: returns as resumed
            let started = ContinuousClock.now
            let factor = configuration.learningRateFactor(epoch: epoch)
            setLearningRates(optimizer, configuration: configuration, factor: factor)
            var rng = SplitMix64(seed: epochSeed(configuration.seed, epoch: epoch))
            let order = Array(0..<training.count).shuffled(using: &rng)
            let batches = (order.count + configuration.batchSize - 1) / configuration.batchSize
            var lossSum = 0.0, correct = 0, seen = 0
            for batch in 0..<batches {
                let indices = Array(order[(batch * configuration.batchSize)..<min(order.count, (batch + 1) * configuration.batchSize)])
                let (images, labels) = makeBatch(training, indices: indices, augmentation: configuration.augmentation, using: &rng)
                let step = trainingStep(model: model, optimizer: optimizer, images: images, labels: labels, using: &rng)
                guard step.loss.isFinite else {
                    throw RecognitionError.nonFiniteLoss(epoch: epoch + 1, batch: batch + 1, lastCheckpoint: lastCheckpoint)
                }
                lossSum += Double(step.loss) * Double(indices.count)
                correct += step.correct
                seen += indices.count
                let elapsed = seconds(since: started)
                let rate = Double(seen) / max(elapsed, 1e-9)
                let imagesLeft = Double(training.count * (configuration.epochs - epoch) - seen)
                progress(.batch(epoch: epoch + 1, epochs: configuration.epochs, batch: batch + 1, batches: batches,
                                loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                                imagesPerSecond: rate, secondsLeft: imagesLeft / rate))
            }
            let trainingSeconds = seconds(since: started)
            let record = EpochRecord(
                epoch: epoch + 1, learningRate: configuration.learningRate * factor,
                trainingLoss: lossSum / Double(max(seen, 1)), trainingAccuracy: Double(correct) / Double(max(seen, 1)),
                validationAccuracy: validation.count > 0 ? accuracy(of: model, on: validation, batchSize: configuration.batchSize) : nil,
                imagesPerSecond: Double(seen) / max(trainingSeconds, 1e-9), seconds: 0)
            history.append(record)
            try model.saveWeights(to: output, metadata: metadata.merging(["history": try JSONCoding.string(history)]) { $1 })
            try TrainingCheckpoint(configuration: configuration, dataFingerprint: faces.fingerprint,
                                   epochsCompleted: epoch + 1, history: history,
                                   model: model.stateDict(), optimizer: optimizer.stateDict())
                .write(to: checkpointURL)
            lastCheckpoint = checkpointURL.path
            history[history.count - 1].seconds = seconds(since: started)
            progress(.epoch(history[history.count - 1], epochs: configuration.epochs))
        }
        return RecognizerTrainingResult(model: model, history: history, output: output, checkpoint: checkpointURL)
    }

    /// One SGD step on a batch: forward with dropout, cross-entropy, backward, update.
    /// Returns the batch's mean loss and how many argmax predictions were right.
    /// - Shape: `images` `[B, 1, S, S]`, `labels` `[B]`
    public static func trainingStep(model: LightCNN9, optimizer: SGD, images: Tensor, labels: [Int],
                                    using rng: inout some RandomNumberGenerator) -> (loss: Float, correct: Int) {
        let logits = model.logits(Variable(images), training: true, using: &rng)
        let loss = softmaxCrossEntropy(logits: logits, labels: labels)
        let value = loss.value.scalars[0]
        guard value.isFinite else { return (value, 0) }
        optimizer.zeroGradients()
        loss.backward()
        optimizer.step()
        return (value, correctPredictions(logits.value, labels: labels))
    }

    /// SGD with the recipe's four parameter groups: conv/fc1 weights (lr, decay), biases
    /// (2× lr, no decay), fc2 weight (10× lr, decay), fc2 bias (20× lr, no decay).
    public static func makeOptimizer(model: LightCNN9, configuration: RecognizerTrainingConfiguration) -> SGD {
        var groups = [[Variable]](repeating: [], count: 4)
        for (key, parameter) in model.namedParameters {
            groups[groupIndex(of: key)].append(parameter)
        }
        let decays: [Float] = [configuration.weightDecay, 0, configuration.weightDecay, 0]
        let parameterGroups = (0..<4).map {
            ParameterGroup(parameters: groups[$0], learningRate: configuration.learningRate * groupMultipliers[$0],
                           weightDecay: decays[$0])
        }
        return SGD(parameterGroups: parameterGroups, momentum: configuration.momentum)
    }

    static let groupMultipliers: [Float] = [1, 2, 10, 20]

    static func groupIndex(of key: String) -> Int {
        switch (key.hasPrefix("fc2."), key.hasSuffix(".bias")) {
        case (false, false): return 0
        case (false, true): return 1
        case (true, false): return 2
        case (true, true): return 3
        }
    }

    static func setLearningRates(_ optimizer: SGD, configuration: RecognizerTrainingConfiguration, factor: Float) {
        for index in 0..<4 {
            optimizer.parameterGroups[index].learningRate = configuration.learningRate * groupMultipliers[index] * factor
        }
    }

    static func epochSeed(_ seed: UInt64, epoch: Int) -> UInt64 {
        var mixer = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(epoch + 1))
        return mixer.next()
    }

    /// Augmented images and labels of `indices`.
    /// - Shape: → `[B, 1, S, S]`, `[B]`
    static func makeBatch(_ faces: LabeledFaces, indices: [Int], augmentation: Augmentation,
                          using rng: inout some RandomNumberGenerator) -> (Tensor, [Int]) {
        let size = faces.size, area = size * size
        var scalars = [Float](repeating: 0, count: indices.count * area)
        faces.pixels.withUnsafeBufferPointer { source in
            scalars.withUnsafeMutableBufferPointer { destination in
                for (row, index) in indices.enumerated() {
                    augmentation.apply(UnsafeBufferPointer(rebasing: source[(index * area)..<((index + 1) * area)]), size: size,
                                       into: UnsafeMutableBufferPointer(rebasing: destination[(row * area)..<((row + 1) * area)]),
                                       using: &rng)
                }
            }
        }
        return (Tensor(shape: [indices.count, 1, size, size], scalars: scalars), indices.map { faces.labels[$0] })
    }

    /// Share of `faces` whose eval-mode argmax logit is their label.
    public static func accuracy(of model: LightCNN9, on faces: LabeledFaces, batchSize: Int) -> Double {
        let area = faces.size * faces.size
        var correct = 0
        for start in stride(from: 0, to: faces.count, by: batchSize) {
            let end = min(faces.count, start + batchSize)
            let images = Tensor(shape: [end - start, 1, faces.size, faces.size],
                                scalars: Array(faces.pixels[(start * area)..<(end * area)]))
            correct += correctPredictions(model.classify(images), labels: Array(faces.labels[start..<end]))
        }
        return Double(correct) / Double(max(faces.count, 1))
    }

    /// Rows of `logits` whose largest entry is at the row's label.
    /// - Shape: `logits` `[B, C]`, `labels` `[B]`
    static func correctPredictions(_ logits: Tensor, labels: [Int]) -> Int {
        let classes = logits.shape[1]
        var correct = 0
        logits.scalars.withUnsafeBufferPointer { values in
            for (row, label) in labels.enumerated() {
                var best = 0
                for c in 1..<classes where values[row * classes + c] > values[row * classes + best] { best = c }
                if best == label { correct += 1 }
            }
        }
        return correct
    }

    private static func restore(from url: URL, model: LightCNN9, optimizer: SGD,
                                configuration: RecognizerTrainingConfiguration, fingerprint: String) throws -> [EpochRecord] {
        guard FileManager.default.fileExists(atPath: url.path) else { throw RecognitionError.checkpointMissing(file: url.path) }
        let checkpoint = try TrainingCheckpoint.read(from: url)
        guard checkpoint.configuration.matchesForResume(configuration) else {
            throw RecognitionError.checkpointMismatch(
                file: url.path, reason: "it was written with another configuration (only --epochs may change on resume)")
        }
        guard checkpoint.dataFingerprint == fingerprint else {
            throw RecognitionError.checkpointMismatch(file: url.path, reason: "it was trained on other images (\(checkpoint.dataFingerprint), now \(fingerprint))")
        }
        try model.loadWeights(checkpoint.model, file: url.path)
        try optimizer.loadState(checkpoint.optimizer)
        return Array(checkpoint.history.prefix(checkpoint.epochsCompleted))
    }

    private static func outputMetadata(configuration: RecognizerTrainingConfiguration, subjects: [String]) throws -> [String: String] {
        ["training_configuration": try JSONCoding.string(configuration), "subjects": try JSONCoding.string(subjects)]
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
