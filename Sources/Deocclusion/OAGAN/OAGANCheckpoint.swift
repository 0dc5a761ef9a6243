import Foundation
import NeuralNet
import TensorCore

/// OA-GAN checkpoint file: one safetensors file holding both networks, both Adam states and
/// (in `__metadata__`) the config JSON, the step, the RNG state and the feature network used.
///
/// Keys: `generator.<public-code key>`, `discriminator.<key>`, `optimizer.generator.<key>`,
/// `optimizer.discriminator.<key>`. Metadata: `format` = `unveil-oagan-1`, `config`, `step`,
/// `rng_state`, `feature_network`. The de-occluder needs only the `generator.` tensors and
/// the config.
public enum OAGANCheckpoint {
    static let format = "unveil-oagan-1"

    /// Writes `trainer`'s state atomically (temporary file in the same folder, then rename),
    /// replacing an earlier checkpoint at `url`.
    public static func save(_ trainer: OAGANTrainer, to url: URL) throws {
        var tensors: [String: TensorData] = [:]
        let sections: [(String, [String: Tensor])] = [
            ("generator", trainer.generator.stateDict()),
            ("discriminator", trainer.discriminator.stateDict()),
            ("optimizer.generator", trainer.generatorOptimizer.stateDict()),
            ("optimizer.discriminator", trainer.discriminatorOptimizer.stateDict()),
        ]
        for (prefix, state) in sections {
            for (key, value) in state { tensors["\(prefix).\(key)"] = TensorData(shape: value.shape, scalars: value.scalars) }
        }
        let configJSON = String(decoding: try JSONEncoder().encode(trainer.config), as: UTF8.self)
        let metadata = [
            "format": format,
            "config": configJSON,
            "step": String(trainer.step),
            "rng_state": String(trainer.rng.state),
            "feature_network": trainer.featureNetwork.identity,
        ]
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // SafeTensors.write is atomic: a temporary file in the same folder, renamed over `url`.
        try SafeTensors.write(SafeTensorsFile(tensors: tensors, metadata: metadata), to: url)
    }

    /// Reads a checkpoint's file, config and metadata.
    static func read(from url: URL) throws -> (file: SafeTensorsFile, config: OAGANConfig) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw OAGANError.badCheckpoint(url, "file not found")
        }
        let file: SafeTensorsFile
        do {
            file = try SafeTensors.read(from: url)
        } catch {
            throw OAGANError.badCheckpoint(url, "\(error)")
        }
        guard file.metadata["format"] == format else {
            throw OAGANError.badCheckpoint(url, "metadata 'format' is \(file.metadata["format"] ?? "missing"), expected \(format)")
        }
        guard let json = file.metadata["config"],
              let config = try? JSONDecoder().decode(OAGANConfig.self, from: Data(json.utf8)) else {
            throw OAGANError.badCheckpoint(url, "metadata 'config' missing or not an OAGANConfig")
        }
        return (file, config)
    }

    /// The tensors under `prefix.` with the prefix removed.
    static func section(_ file: SafeTensorsFile, _ prefix: String) -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (key, value) in file.tensors where key.hasPrefix(prefix + ".") {
            result[String(key.dropFirst(prefix.count + 1))] = Tensor(shape: value.shape, scalars: value.scalars)
        }
        return result
    }

    /// A generator with the checkpoint's weights (for inference).
    public static func loadGenerator(from url: URL) throws -> OAGANGenerator {
        let (file, config) = try read(from: url)
        var rng = SplitMix64(seed: 0)
        let generator = OAGANGenerator(config: config, using: &rng)
        do {
            try generator.loadState(from: section(file, "generator"))
        } catch {
            throw OAGANError.badCheckpoint(url, "\(error)")
        }
        return generator
    }
}

extension OAGANTrainer {
    /// Restores a run saved by `OAGANCheckpoint.save`; training continues exactly as if it
    /// had never stopped (same data, same feature network).
    public convenience init(resumingFrom url: URL, data: OAGANTrainingData, featureNetwork: FeatureNetwork) throws {
        let (file, config) = try OAGANCheckpoint.read(from: url)
        guard let step = file.metadata["step"].flatMap(Int.init),
              let state = file.metadata["rng_state"].flatMap(UInt64.init) else {
            throw OAGANError.badCheckpoint(url, "metadata 'step' or 'rng_state' missing")
        }
        if let used = file.metadata["feature_network"], used != featureNetwork.identity {
            throw OAGANError.badCheckpoint(
                url, "trained with feature network \(used), resumed with \(featureNetwork.identity); pass the same --perceptual")
        }
        try self.init(config: config, data: data, featureNetwork: featureNetwork, seed: 0)
        do {
            try generator.loadState(from: OAGANCheckpoint.section(file, "generator"))
            try discriminator.loadState(from: OAGANCheckpoint.section(file, "discriminator"))
            try generatorOptimizer.loadState(OAGANCheckpoint.section(file, "optimizer.generator"))
            try discriminatorOptimizer.loadState(OAGANCheckpoint.section(file, "optimizer.discriminator"))
        } catch {
            throw OAGANError.badCheckpoint(url, "\(error)")
        }
        self.step = step
        rng.state = state
    }
}
