import Foundation
import TensorCore

/// A training checkpoint in one safetensors file: model parameters under `model.<key>`,
/// optimizer buffers under `optimizer.<key>`, and in `__metadata__` the step, the random
/// generator's state and the run's configuration as JSON. Written atomically.
public struct Checkpoint: Sendable {
    /// Model parameters by state-dict key.
    public var parameters: [String: Tensor]
    /// Optimizer buffers by key (`Optimizer.stateDict()`).
    public var optimizerState: [String: Tensor]
    /// Completed optimizer steps.
    public var step: Int
    /// Generator state to resume sampling exactly.
    public var rng: SplitMix64
    /// The configuration JSON the run was started with.
    public var configurationJSON: String

    /// Format tag stored in the metadata.
    public static let format = "unveil-checkpoint-1"

    public init(parameters: [String: Tensor], optimizerState: [String: Tensor], step: Int, rng: SplitMix64, configurationJSON: String) {
        self.parameters = parameters
        self.optimizerState = optimizerState
        self.step = step
        self.rng = rng
        self.configurationJSON = configurationJSON
    }

    /// Writes a checkpoint of `parameters`, `optimizer`'s state, `step`, `rng` and `config`.
    public static func save<Configuration: Encodable>(
        parameters: [String: Tensor], optimizer: any Optimizer, step: Int, rng: SplitMix64,
        config: Configuration, to url: URL
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(config), as: UTF8.self)
        try Checkpoint(parameters: parameters, optimizerState: optimizer.stateDict(), step: step, rng: rng,
                       configurationJSON: json).write(to: url)
    }

    /// Writes this checkpoint atomically.
    public func write(to url: URL) throws {
        var tensors: [String: TensorData] = [:]
        for (key, tensor) in parameters { tensors["model.\(key)"] = tensor.tensorData }
        for (key, tensor) in optimizerState { tensors["optimizer.\(key)"] = tensor.tensorData }
        let metadata = [
            "format": Checkpoint.format, "step": String(step), "rng_state": String(rng.state), "config": configurationJSON,
        ]
        try SafeTensors.write(SafeTensorsFile(tensors: tensors, metadata: metadata), to: url)
    }

    /// Reads a checkpoint written by `save`, checking its metadata.
    public static func load(from url: URL) throws -> Checkpoint {
        let file = try SafeTensors.read(from: url)
        func field(_ key: String) throws -> String {
            guard let value = file.metadata[key] else { throw NeuralNetError.checkpointMetadataMissing(path: url.path, key: key) }
            return value
        }
        let format = try field("format")
        guard format == Checkpoint.format else {
            throw NeuralNetError.checkpointMetadataInvalid(path: url.path, key: "format", value: format)
        }
        let stepText = try field("step")
        guard let step = Int(stepText), step >= 0 else {
            throw NeuralNetError.checkpointMetadataInvalid(path: url.path, key: "step", value: stepText)
        }
        let rngText = try field("rng_state")
        guard let state = UInt64(rngText) else {
            throw NeuralNetError.checkpointMetadataInvalid(path: url.path, key: "rng_state", value: rngText)
        }
        var parameters: [String: Tensor] = [:], optimizerState: [String: Tensor] = [:]
        for (name, data) in file.tensors {
            if name.hasPrefix("model.") {
                parameters[String(name.dropFirst("model.".count))] = Tensor(tensorData: data)
            } else if name.hasPrefix("optimizer.") {
                optimizerState[String(name.dropFirst("optimizer.".count))] = Tensor(tensorData: data)
            } else {
                throw NeuralNetError.checkpointUnexpectedTensor(path: url.path, name: name)
            }
        }
        var rng = SplitMix64(seed: 0)
        rng.state = state
        return Checkpoint(parameters: parameters, optimizerState: optimizerState, step: step, rng: rng,
                          configurationJSON: try field("config"))
    }

    /// The stored configuration decoded as `type`.
    public func configuration<Configuration: Decodable>(as type: Configuration.Type) throws -> Configuration {
        try JSONDecoder().decode(type, from: Data(configurationJSON.utf8))
    }
}
