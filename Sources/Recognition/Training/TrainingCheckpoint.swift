import Foundation
import NeuralNet
import TensorCore

/// The state a run needs to continue exactly after an epoch: weights, optimizer buffers,
/// the completed epoch count, the curve so far and the identity of configuration and data.
/// Stored as safetensors: `model.<official name>`, `optimizer.<key>`, the rest in metadata.
struct TrainingCheckpoint {
    static let modelPrefix = "model."
    static let optimizerPrefix = "optimizer."

    var configuration: RecognizerTrainingConfiguration
    var dataFingerprint: String
    var epochsCompleted: Int
    var history: [EpochRecord]
    var model: [String: Tensor]
    var optimizer: [String: Tensor]

    func write(to url: URL) throws {
        var tensors: [String: TensorData] = [:]
        for (key, value) in model { tensors[Self.modelPrefix + key] = value.tensorData }
        for (key, value) in optimizer { tensors[Self.optimizerPrefix + key] = value.tensorData }
        let metadata = [
            "configuration": try JSONCoding.string(configuration),
            "data": dataFingerprint,
            "epochs_completed": String(epochsCompleted),
            "history": try JSONCoding.string(history),
        ]
        try SafeTensors.write(SafeTensorsFile(tensors: tensors, metadata: metadata), to: url)
    }

    static func read(from url: URL) throws -> TrainingCheckpoint {
        let file = try SafeTensors.read(from: url)
        func field(_ key: String) throws -> String {
            guard let value = file.metadata[key] else {
                throw RecognitionError.checkpointMismatch(file: url.path, reason: "metadata has no '\(key)'")
            }
            return value
        }
        let configuration = try JSONCoding.decode(RecognizerTrainingConfiguration.self, from: try field("configuration"), file: url.path)
        let history = try JSONCoding.decode([EpochRecord].self, from: try field("history"), file: url.path)
        guard let epochs = Int(try field("epochs_completed")) else {
            throw RecognitionError.checkpointMismatch(file: url.path, reason: "epochs_completed is not a number")
        }
        var model: [String: Tensor] = [:]
        var optimizer: [String: Tensor] = [:]
        for (key, value) in file.tensors {
            if key.hasPrefix(modelPrefix) { model[String(key.dropFirst(modelPrefix.count))] = Tensor(tensorData: value) }
            if key.hasPrefix(optimizerPrefix) { optimizer[String(key.dropFirst(optimizerPrefix.count))] = Tensor(tensorData: value) }
        }
        return TrainingCheckpoint(configuration: configuration, dataFingerprint: try field("data"),
                                  epochsCompleted: epochs, history: history, model: model, optimizer: optimizer)
    }
}

/// Compact JSON for metadata strings (sorted keys, so equal values give equal strings).
enum JSONCoding {
    static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, file: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw RecognitionError.checkpointMismatch(file: file, reason: "unreadable \(T.self) metadata (\(error))")
        }
    }
}
