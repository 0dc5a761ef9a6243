import Foundation
import TensorCore

/// How a layer's parameters start.
public enum Initialization: Codable, Sendable, Hashable {
    /// PyTorch's default for Linear and Conv: weight kaiming-uniform with a = √5, i.e.
    /// U(±1/√fan_in), and bias U(±1/√fan_in).
    case pytorchDefault
    /// Weight N(0, σ²), bias zero (DCGAN / pix2pix style, σ = 0.02 usually).
    case normal(standardDeviation: Float)

    /// Weight and bias tensors for a layer with the given shapes and fan-in.
    func parameters<G: RandomNumberGenerator>(weightShape: [Int], biasShape: [Int]?, fanIn: Int, using generator: inout G) -> (Tensor, Tensor?) {
        switch self {
        case .pytorchDefault:
            let bound = 1 / Float(fanIn).squareRoot()
            let weight = Tensor.randomUniform(weightShape, lowerBound: -bound, upperBound: bound, using: &generator)
            let bias = biasShape.map { Tensor.randomUniform($0, lowerBound: -bound, upperBound: bound, using: &generator) }
            return (weight, bias)
        case let .normal(standardDeviation):
            let weight = Tensor.randomNormal(weightShape, standardDeviation: standardDeviation, using: &generator)
            return (weight, biasShape.map { Tensor(zeros: $0) })
        }
    }
}
