import FaceData
import Foundation

/// One `unveil train-deoccluder` run: where the data is, what to train, where to write.
public struct OAGANTrainingJob: Sendable {
    /// Folder of paired data written by `unveil occlude` (occluded image, ground truth, mask).
    public var pairedDirectory: URL
    /// Folder of naturally occluded faces (and clean faces); nil trains on paired data only.
    public var naturalDirectory: URL?
    /// The checkpoint to write (and to resume from with `resume`).
    public var output: URL
    /// Networks, losses and schedule (ignored on resume: the checkpoint's config is used).
    public var config: OAGANConfig
    /// Total steps to reach.
    public var steps: Int
    /// Seeds initialisation and batch sampling of a fresh run.
    public var seed: UInt64
    /// Continue the run saved at `output`.
    public var resume: Bool
    /// Feature network of the perceptual and style losses.
    public var perceptual: PerceptualSpec
    /// Folder for sample sheets; nil: `<output without extension>.samples/`.
    public var samples: URL?
    /// Held-out pasted occlusions (an `unveil occlude` folder of another split) evaluated
    /// after training; nil: none.
    public var evaluationPaired: URL?
    /// Split of the natural protocol whose naturally occluded faces (with ground truth) are
    /// evaluated after training; nil: none.
    public var evaluationSplit: ProtocolSplit? = .probe

    public init(pairedDirectory: URL, naturalDirectory: URL?, output: URL, config: OAGANConfig, steps: Int,
                seed: UInt64, resume: Bool, perceptual: PerceptualSpec, samples: URL? = nil) {
        self.pairedDirectory = pairedDirectory
        self.naturalDirectory = naturalDirectory
        self.output = output
        self.config = config
        self.steps = steps
        self.seed = seed
        self.resume = resume
        self.perceptual = perceptual
        self.samples = samples
    }

    /// Loads the data, builds or resumes the trainer and trains to `steps`.
    public func run(log: @escaping (String) -> Void) throws {
        let samplesFolder = samples ?? output.deletingPathExtension().appendingPathExtension("samples")
        let config: OAGANConfig
        if resume {
            guard FileManager.default.fileExists(atPath: output.path) else { throw OAGANError.nothingToResume(output) }
            config = try OAGANCheckpoint.read(from: output).config
        } else {
            config = self.config
        }
        try config.validate()
        let data = try OAGANDataLoader(config: config).load(paired: pairedDirectory, natural: naturalDirectory)
        let featureNetwork = try perceptual.makeNetwork(settings: config.perceptual)
        if featureNetwork is RandomConvFeatures {
            log("note: perceptual/style losses use the random-conv stand-in, not ImageNet VGG-16 "
                + "(convert one with scripts/convert_vgg16.py and pass --perceptual vgg16:models/vgg16.safetensors)")
        }
        let trainer = resume
            ? try OAGANTrainer(resumingFrom: output, data: data, featureNetwork: featureNetwork)
            : try OAGANTrainer(config: config, data: data, featureNetwork: featureNetwork, seed: seed)
        try trainer.run(OAGANRunOptions(steps: steps, checkpoint: output, samples: samplesFolder, log: log))
        try evaluate(trainer.generator, log: log)
    }

    /// Mask IoU and PSNR gain on held-out pasted (`evaluationPaired`) and natural
    /// (`evaluationSplit` of the natural protocol) occlusions; logs them and writes
    /// `<output>.evaluation.json`.
    func evaluate(_ generator: OAGANGenerator, log: (String) -> Void) throws {
        let loader = OAGANDataLoader(config: generator.config)
        var sets: [(String, [OAGANTrainingData.PairedSample])] = []
        if let evaluationPaired {
            sets.append(("pasted", try loader.pairedSamples(manifestFolder: evaluationPaired)))
        }
        if let naturalDirectory, let split = evaluationSplit {
            sets.append(("natural", try loader.naturalSamples(try FaceProtocol.load(from: naturalDirectory), split: split)))
        }
        var results: [String: OAGANEvaluation] = [:]
        for (name, samples) in sets where !samples.isEmpty {
            let evaluation = OAGANEvaluation.evaluate(generator, on: samples)
            results[name] = evaluation
            log("held-out \(name) occlusions: \(evaluation)")
        }
        guard !results.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let url = output.deletingPathExtension().appendingPathExtension("evaluation.json")
        try encoder.encode(results).write(to: url, options: .atomic)
    }
}
