import Foundation
import NeuralNet
import TensorCore

/// The conv base of an ImageNet VGG-16 up to pool3, frozen, with torchvision's parameter
/// names (`features.0.weight` … `features.14.bias`).
///
/// torchvision indices: 0 conv1_1, 2 conv1_2, 4 pool1, 5 conv2_1, 7 conv2_2, 9 pool2,
/// 10 conv3_1, 12 conv3_2, 14 conv3_3, 16 pool3 (ReLU after every conv). Returns the maps
/// after pool1, pool2, pool3 (PConv and the OA-GAN public code), or fewer stages.
///
/// Input convention, read from the file's `__metadata__` as `scripts/convert_vgg16.py`
/// writes it: `channel_order` (RGB or BGR), `input_scale`, `input_mean`, `input_std`, meaning
/// x = (input_scale · rgb01 − input_mean) / input_std per channel (the converted Keras
/// weights: RGB, scale 255, mean [123.68, 116.779, 103.939], std 1 — Caffe's convention).
/// A file without these keys is taken as torchvision's (RGB, scale 1, mean
/// [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225]). Feature maps are rescaled to the
/// magnitude of torchvision's normalised network (`InputNormalization.featureScale`), so the
/// paper's λ1 = 0.05 and λ2 = 120 mean the same with Caffe-convention weights.
/// - Shape: `[N, 3, H, W]` in [−1, 1] → feature maps as `FeatureNetwork`
public final class VGG16Features: FeatureNetwork {
    /// Channel widths of the three stages and torchvision indices of their convolutions.
    static let stages: [(channels: Int, convIndices: [Int])] = [(64, [0, 2]), (128, [5, 7]), (256, [10, 12, 14])]

    public let identity: String
    let conversion: InputConversion
    let convolutions: [[(weight: Variable, bias: Variable)]]
    /// Multiplies every returned feature map: brings weights trained on larger inputs (Caffe's
    /// 0–255) to the scale of torchvision's normalised VGG-16, for which λ1 and λ2 were tuned.
    let featureScale: Float

    public init(contentsOf url: URL, settings: PerceptualSettings) throws {
        let file: SafeTensorsFile
        do {
            file = try SafeTensors.read(from: url)
        } catch {
            throw OAGANError.badFeatureNetwork(url, "\(error)")
        }
        let normalization = try InputNormalization(metadata: file.metadata, url: url)
        conversion = normalization.conversion(downsampling: settings.downsampling)
        featureScale = normalization.featureScale
        var inputChannels = 3
        var loaded: [[(weight: Variable, bias: Variable)]] = []
        for stage in VGG16Features.stages.prefix(settings.poolingStages) {
            var layers: [(weight: Variable, bias: Variable)] = []
            for index in stage.convIndices {
                let weightKey = "features.\(index).weight", biasKey = "features.\(index).bias"
                guard let weight = file.tensors[weightKey], let bias = file.tensors[biasKey] else {
                    throw OAGANError.badFeatureNetwork(url, "missing tensor \(weightKey) or \(biasKey)")
                }
                guard weight.shape == [stage.channels, inputChannels, 3, 3], bias.shape == [stage.channels] else {
                    throw OAGANError.badFeatureNetwork(
                        url, "\(weightKey) has shape \(weight.shape), expected \([stage.channels, inputChannels, 3, 3])")
                }
                layers.append((Variable(Tensor(shape: weight.shape, scalars: weight.scalars)),
                               Variable(Tensor(shape: bias.shape, scalars: bias.scalars))))
                inputChannels = stage.channels
            }
            loaded.append(layers)
        }
        convolutions = loaded
        let pools = (1...settings.poolingStages).map { "pool\($0)" }.joined(separator: ",")
        identity = "vgg16(\(url.lastPathComponent), \(pools), \(normalization.name), input/\(settings.downsampling))"
    }

    public func features(_ images: Variable) -> [Variable] {
        var x = conversion(images)
        var outputs: [Variable] = []
        for stage in convolutions {
            for layer in stage {
                x = relu(conv2d(x, weight: layer.weight, bias: layer.bias, geometry: .k3s1p1))
            }
            x = maxPool2d(x, kernel: 2, stride: 2, ceilMode: false)
            outputs.append(featureScale == 1 ? x : x * featureScale)
        }
        return outputs
    }
}

/// The documented stand-in when no VGG-16 weights are present: a fixed, randomly initialised
/// network with VGG's shape but one 3×3 conv per stage (16, 32, 64 channels, He-normal
/// weights from `seed`, ReLU, 2×2 max-pool). It knows nothing of ImageNet: its "perceptual"
/// and "style" losses compare random local statistics. Reports must say when it was used.
/// - Shape: `[N, 3, H, W]` in [−1, 1] → feature maps as `FeatureNetwork`
public final class RandomConvFeatures: FeatureNetwork {
    public let identity: String
    let conversion: InputConversion
    let weights: [Variable]

    public init(seed: UInt64, settings: PerceptualSettings) {
        var rng = SplitMix64(seed: seed)
        var inputChannels = 3
        var weights: [Variable] = []
        for stage in 0..<settings.poolingStages {
            let channels = 16 << stage
            let std = (2 / Float(inputChannels * 9)).squareRoot()
            weights.append(Variable(Tensor.randomNormal([channels, inputChannels, 3, 3], standardDeviation: std, using: &rng)))
            inputChannels = channels
        }
        self.weights = weights
        conversion = InputConversion(source: [0, 1, 2], scale: [1, 1, 1], shift: [0, 0, 0],
                                     downsampling: settings.downsampling)
        identity = "random-conv(seed \(seed), \(settings.poolingStages) stages, input/\(settings.downsampling); stand-in, not VGG-16)"
    }

    public func features(_ images: Variable) -> [Variable] {
        var x = conversion(images)
        var outputs: [Variable] = []
        for weight in weights {
            x = maxPool2d(relu(conv2d(x, weight: weight, bias: nil, geometry: .k3s1p1)), kernel: 2, stride: 2, ceilMode: false)
            outputs.append(x)
        }
        return outputs
    }
}

/// The per-channel input normalisation of a VGG-16 weight file.
struct InputNormalization {
    var name: String
    var channelOrderIsBGR: Bool
    var scale: Float
    var mean: [Float]
    var std: [Float]

    init(metadata: [String: String], url: URL) throws {
        func floats(_ key: String) throws -> [Float]? {
            guard let text = metadata[key] else { return nil }
            let values = text.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count == 3 || (key == "input_scale" && values.count == 1) else {
                throw OAGANError.badFeatureNetwork(url, "metadata '\(key)' = '\(text)' is not \(key == "input_scale" ? "a number" : "three numbers")")
            }
            return values
        }
        switch metadata["channel_order"] ?? "RGB" {
        case "RGB": channelOrderIsBGR = false
        case "BGR": channelOrderIsBGR = true
        case let other: throw OAGANError.badFeatureNetwork(url, "metadata 'channel_order' is '\(other)', expected RGB or BGR")
        }
        if let mean = try floats("input_mean") {
            self.mean = mean
            self.std = try floats("input_std") ?? [1, 1, 1]
            self.scale = try floats("input_scale")?.first ?? 1
            name = metadata["normalization"] ?? "custom"
        } else {
            mean = [0.485, 0.456, 0.406]
            std = [0.229, 0.224, 0.225]
            scale = 1
            name = "torchvision"
        }
        guard std.allSatisfy({ $0 != 0 }) else { throw OAGANError.badFeatureNetwork(url, "metadata 'input_std' has a zero") }
        name += channelOrderIsBGR ? "-bgr" : "-rgb"
    }

    /// Ratio of torchvision's input gain (1/0.226 per unit of rgb01) to this file's
    /// (input_scale / mean std): 1 for torchvision weights, 1/57.6 for Caffe's 0–255 weights.
    /// Features are multiplied by it so the loss weights keep their meaning.
    var featureScale: Float {
        let gain = scale / (std.reduce(0, +) / 3)
        return (1 / 0.226) / gain
    }

    /// The frozen conv doing it on images in [−1, 1]: rgb01 = (x + 1)/2, so
    /// y[o] = (scale/2/std[o])·x[src(o)] + (scale/2 − mean[o])/std[o].
    func conversion(downsampling: Int) -> InputConversion {
        InputConversion(source: channelOrderIsBGR ? [2, 1, 0] : [0, 1, 2],
                        scale: (0..<3).map { scale / 2 / std[$0] },
                        shift: (0..<3).map { (scale / 2 - mean[$0]) / std[$0] },
                        downsampling: downsampling)
    }
}
