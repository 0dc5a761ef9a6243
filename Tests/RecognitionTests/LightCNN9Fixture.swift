import Foundation
import TensorCore
import TestSupport
@testable import Recognition

/// Mirrors `scripts/lightcnn9_reference.py`: formula weights and inputs (not committed,
/// 5.5 M parameters), expected outputs and the official names/shapes (committed).
enum LightCNN9Fixture {
    /// Official names and shapes in model order, from `official_parameters.json`.
    static func officialParameters() throws -> [(name: String, shape: [Int])] {
        struct Entry: Decodable { var name: String; var shape: [Int] }
        struct File: Decodable { var parameters: [Entry] }
        let data = try Data(contentsOf: Fixtures.url("recognition/official_parameters.json"))
        return try JSONDecoder().decode(File.self, from: data).parameters.map { ($0.name, $0.shape) }
    }

    /// `deterministic_weights()` of the script: tensor t (official order), element i:
    /// a·sin(i·12.9898 + t·78.233) in Double, rounded to Float; a = √(6/fan_in) for weights, 0.1 for biases.
    static func weights(for model: LightCNN9) throws -> [String: Tensor] {
        let order = try officialParameters().map(\.name)
        var result: [String: Tensor] = [:]
        for (key, parameter) in model.namedParameters {
            let shape = parameter.value.shape
            let count = shape.reduce(1, *)
            // fc1/fc2 positions do not depend on the input size, so the official order indexes both presets
            guard let t = order.firstIndex(of: key) else { continue }
            let amplitude = key.hasSuffix(".weight") ? (6.0 / Double(count / shape[0])).squareRoot() : 0.1
            let scalars = (0..<count).map { Float(amplitude * sin(Double($0) * 12.9898 + Double(t) * 78.233)) }
            result[key] = Tensor(shape: shape, scalars: scalars)
        }
        return result
    }

    /// `deterministic_input()` of the script.
    /// - Shape: → `[batch, 1, size, size]`
    static func input(batch: Int, size: Int) -> Tensor {
        var scalars: [Float] = []
        scalars.reserveCapacity(batch * size * size)
        for n in 0..<batch {
            for y in 0..<size {
                for x in 0..<size {
                    let j = Double(y * size + x)
                    let value = 0.5 + 0.3 * sin(0.11 * Double(x) + 0.07 * Double(y) + Double(n)) + 0.2 * sin(j * 4.1414 + Double(n))
                    scalars.append(Float(value))
                }
            }
        }
        return Tensor(shape: [batch, 1, size, size], scalars: scalars)
    }

    /// A network of the given preset holding the formula weights.
    static func model(inputSize: Int, classes: Int?) throws -> LightCNN9 {
        var rng = SplitMix64(seed: 1)
        let model = try LightCNN9(configuration: LightCNN9Configuration(inputSize: inputSize, classes: classes), using: &rng)
        try model.loadWeights(try weights(for: model), file: "formula")
        return model
    }
}
