import Foundation
import NeuralNet
import TensorCore

extension LightCNN9 {
    /// Prefix of every name in checkpoints saved by the authors' code (`nn.DataParallel`).
    static let dataParallelPrefix = "module."

    /// Reads a safetensors file with the official names (with or without `module.`, with or
    /// without `fc2`); the input size and class count are read off the `fc1` and `fc2` shapes.
    public static func load(from url: URL) throws -> LightCNN9 {
        let tensors = strippingDataParallelPrefix(try SafeTensors.read(from: url).tensors.tensors)
        let configuration = try inferConfiguration(from: tensors, file: url.path)
        var unused = SplitMix64(seed: 0)
        let model = try LightCNN9(configuration: configuration, using: &unused)
        try model.loadWeights(tensors, file: url.path)
        return model
    }

    /// Replaces every parameter by the tensor of the same official name. Names may carry the
    /// `module.` prefix; `fc2` tensors are ignored when this network has no `fc2`. Any missing,
    /// unexpected or mis-shaped tensor is an error listing all of them; nothing is changed then.
    public func loadWeights(_ tensors: [String: Tensor], file: String) throws {
        var remaining = Self.strippingDataParallelPrefix(tensors)
        if fc2 == nil { remaining = remaining.filter { !$0.key.hasPrefix("fc2.") } }
        var problems: [String] = []
        var matched: [(parameter: Variable, value: Tensor)] = []
        for (key, parameter) in namedParameters {
            guard let tensor = remaining.removeValue(forKey: key) else {
                problems.append("missing \(key) \(parameter.value.shape)")
                continue
            }
            if tensor.shape != parameter.value.shape {
                problems.append("\(key) has shape \(tensor.shape), expected \(parameter.value.shape)")
            } else {
                matched.append((parameter, tensor))
            }
        }
        for key in remaining.keys.sorted() { problems.append("unexpected \(key) \(remaining[key]!.shape)") }
        guard problems.isEmpty else { throw RecognitionError.weightsMismatch(file: file, problems: problems) }
        for (parameter, value) in matched { parameter.value = value }
    }

    /// Writes the parameters under their official names (no prefix), atomically.
    public func saveWeights(to url: URL, metadata: [String: String] = [:]) throws {
        var info = metadata
        info["architecture"] = "LightCNN-9"
        info["input_size"] = String(configuration.inputSize)
        try SafeTensors.write(SafeTensorsFile(tensors: stateDict().tensorData, metadata: info), to: url)
    }

    static func strippingDataParallelPrefix(_ tensors: [String: Tensor]) -> [String: Tensor] {
        guard tensors.keys.contains(where: { $0.hasPrefix(dataParallelPrefix) }) else { return tensors }
        var result: [String: Tensor] = [:]
        for (key, value) in tensors {
            let name = key.hasPrefix(dataParallelPrefix) ? String(key.dropFirst(dataParallelPrefix.count)) : key
            result[name] = value
        }
        return result
    }

    /// Input size from fc1's `[512, 128·(S/16)²]`, classes from fc2's `[C, 256]`.
    static func inferConfiguration(from tensors: [String: Tensor], file: String) throws -> LightCNN9Configuration {
        guard let fc1 = tensors["fc1.filter.weight"] else {
            throw RecognitionError.notLightCNN9(file: file, reason: "it has no fc1.filter.weight tensor")
        }
        let side = fc1.shape.count == 2 ? Int(Double(fc1.shape[1] / 128).squareRoot().rounded()) : 0
        guard fc1.shape.count == 2, side > 0, 128 * side * side == fc1.shape[1] else {
            throw RecognitionError.notLightCNN9(
                file: file, reason: "fc1.filter.weight has shape \(fc1.shape), expected [512, 128·(S/16)²]")
        }
        let classes = tensors["fc2.weight"].flatMap { $0.shape.count == 2 ? $0.shape[0] : nil }
        return LightCNN9Configuration(inputSize: 16 * side, classes: classes)
    }
}
