import Foundation
import NeuralNet
import TensorCore

/// A frozen image network whose feature maps the perceptual and style losses compare.
///
/// Implementations take images in the generator's range [−1, 1] and do their own input
/// conversion. Their parameters never require gradients; gradients flow through them to
/// the images.
public protocol FeatureNetwork: AnyObject {
    /// Says which network this is, for logs, checkpoints and reports
    /// (e.g. `vgg16(models/vgg16.safetensors, pool1-pool3, caffe-bgr)` or `random-conv(seed 1)`).
    var identity: String { get }
    /// Feature maps after each pooling stage used, shallowest first.
    /// - Shape: `[N, 3, H, W]` → `[[N, C_1, H/2, W/2], [N, C_2, H/4, W/4], …]`
    func features(_ images: Variable) -> [Variable]
}

/// Which feature network the perceptual and style losses use.
public enum PerceptualSpec: Codable, Sendable, Equatable, CustomStringConvertible {
    /// ImageNet VGG-16 conv layers from a safetensors file with torchvision names.
    case vgg16(path: String)
    /// The documented stand-in: a fixed random convolutional network (no ImageNet knowledge).
    case randomConv(seed: UInt64)

    /// Parses `vgg16:PATH` or `random:SEED` (or `random`, seed 1).
    public init(parsing text: String) throws {
        if text.hasPrefix("vgg16:") {
            self = .vgg16(path: String(text.dropFirst("vgg16:".count)))
        } else if text == "random" {
            self = .randomConv(seed: 1)
        } else if text.hasPrefix("random:"), let seed = UInt64(text.dropFirst("random:".count)) {
            self = .randomConv(seed: seed)
        } else {
            throw OAGANError.invalidConfig("perceptual network '\(text)': expected vgg16:PATH, random or random:SEED")
        }
    }

    /// The default: `models/vgg16.safetensors` when it exists, else the random stand-in.
    public static func defaultSpec(fileManager: FileManager = .default) -> PerceptualSpec {
        let path = "models/vgg16.safetensors"
        return fileManager.fileExists(atPath: path) ? .vgg16(path: path) : .randomConv(seed: 1)
    }

    public var description: String {
        switch self {
        case let .vgg16(path): return "vgg16:\(path)"
        case let .randomConv(seed): return "random:\(seed)"
        }
    }

    /// Builds the network for `settings` (how many pooling stages, input downsampling).
    public func makeNetwork(settings: PerceptualSettings) throws -> FeatureNetwork {
        switch self {
        case let .vgg16(path):
            return try VGG16Features(contentsOf: URL(fileURLWithPath: path), settings: settings)
        case let .randomConv(seed):
            return RandomConvFeatures(seed: seed, settings: settings)
        }
    }
}

/// A fixed per-channel affine map of the input, optionally with a channel permutation and
/// k×k average pooling, as one frozen convolution: out[o] = scale[o]·avgpool_k(in[source[o]]) + shift[o].
/// - Shape: `[N, 3, H, W]` → `[N, 3, H/k, W/k]`
struct InputConversion {
    let weight: Variable    // [3, 3, k, k]
    let bias: Variable      // [3]
    let geometry: ConvGeometry

    init(source: [Int], scale: [Float], shift: [Float], downsampling k: Int) {
        var w = [Float](repeating: 0, count: 3 * 3 * k * k)
        for o in 0..<3 {
            for i in 0..<(k * k) { w[(o * 3 + source[o]) * k * k + i] = scale[o] / Float(k * k) }
        }
        weight = Variable(Tensor(shape: [3, 3, k, k], scalars: w))
        bias = Variable(Tensor(shape: [3], scalars: shift))
        geometry = ConvGeometry(kernel: k, stride: k, padding: 0)
    }

    func callAsFunction(_ x: Variable) -> Variable {
        conv2d(x, weight: weight, bias: bias, geometry: geometry)
    }
}
