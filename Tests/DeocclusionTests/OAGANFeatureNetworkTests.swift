import Foundation
import NeuralNet
import TensorCore
import TestSupport
import Testing
@testable import Deocclusion

@Suite struct OAGANFeatureNetworkTests {
    /// A VGG-16 conv base with random weights and torchvision names, up to conv3_3.
    static func writeFakeVGG(to url: URL, convention: String?, dropping: String? = nil) throws {
        var rng = SplitMix64(seed: 9)
        var tensors: [String: TensorData] = [:]
        var input = 3
        for (channels, indices) in VGG16Features.stages {
            for index in indices {
                let weight = Tensor.randomNormal([channels, input, 3, 3], standardDeviation: 0.1, using: &rng)
                let bias = Tensor.randomNormal([channels], standardDeviation: 0.1, using: &rng)
                tensors["features.\(index).weight"] = TensorData(shape: weight.shape, scalars: weight.scalars)
                tensors["features.\(index).bias"] = TensorData(shape: bias.shape, scalars: bias.scalars)
                input = channels
            }
        }
        if let dropping { tensors[dropping] = nil }
        let caffe = ["channel_order": "RGB", "normalization": "caffe", "input_scale": "255",
                     "input_mean": "123.68,116.779,103.939", "input_std": "1,1,1"]
        let metadata: [String: String]
        switch convention {
        case "caffe"?: metadata = caffe
        case let order?: metadata = caffe.merging(["channel_order": order]) { $1 }
        case nil: metadata = [:]
        }
        try SafeTensors.write(SafeTensorsFile(tensors: tensors, metadata: metadata), to: url)
    }

    @Test func vggFeaturesHaveThePoolShapes() throws {
        let folder = try Fixtures.temporaryDirectory("oagan-vgg")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("vgg16.safetensors")
        try Self.writeFakeVGG(to: url, convention: "caffe")
        let network = try VGG16Features(contentsOf: url, settings: PerceptualSettings(poolingStages: 3, downsampling: 1))
        #expect(network.identity.contains("vgg16") && network.identity.contains("caffe-rgb"))
        var rng = SplitMix64(seed: 1)
        let images = Variable(Tensor.randomUniform([2, 3, 16, 16], lowerBound: -1, upperBound: 1, using: &rng))
        let features = withoutGradients { network.features(images) }
        #expect(features.map(\.shape) == [[2, 64, 8, 8], [2, 128, 4, 4], [2, 256, 2, 2]])
        let halved = try VGG16Features(contentsOf: url, settings: PerceptualSettings(poolingStages: 2, downsampling: 2))
        #expect(withoutGradients { halved.features(images) }.map(\.shape) == [[2, 64, 4, 4], [2, 128, 2, 2]])
    }

    @Test func badVGGFilesAreRejectedNamingTheProblem() throws {
        let folder = try Fixtures.temporaryDirectory("oagan-vgg-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let settings = PerceptualSettings(poolingStages: 3, downsampling: 1)
        let missingTensor = folder.appendingPathComponent("missing.safetensors")
        try Self.writeFakeVGG(to: missingTensor, convention: nil, dropping: "features.12.weight")
        #expect { _ = try VGG16Features(contentsOf: missingTensor, settings: settings) } throws: {
            "\($0)".contains("features.12.weight") && "\($0)".contains("missing.safetensors")
        }
        let unknown = folder.appendingPathComponent("unknown.safetensors")
        try Self.writeFakeVGG(to: unknown, convention: "YUV")
        #expect { _ = try VGG16Features(contentsOf: unknown, settings: settings) } throws: { "\($0)".contains("YUV") }
        let absent = folder.appendingPathComponent("absent.safetensors")
        #expect { _ = try VGG16Features(contentsOf: absent, settings: settings) } throws: { "\($0)".contains("absent.safetensors") }
    }

    /// Caffe convention as the converter records it: x = 255·rgb01 − mean, RGB order; and the
    /// same with BGR order. Pixel R = 1 (255), G = −1 (0), B = 0 (127.5).
    @Test(arguments: ["RGB", "BGR"]) func caffeInputConversion(order: String) throws {
        let metadata = ["channel_order": order, "normalization": "caffe", "input_scale": "255",
                        "input_mean": "123.68,116.779,103.939", "input_std": "1,1,1"]
        let normalization = try InputNormalization(metadata: metadata, url: URL(fileURLWithPath: "vgg.safetensors"))
        let pixel = Variable(Tensor(shape: [1, 3, 1, 1], scalars: [1, -1, 0]))
        let out = normalization.conversion(downsampling: 1)(pixel).value.scalars
        let expected: [Float] = order == "RGB" ? [255 - 123.68, -116.779, 127.5 - 103.939]
                                               : [127.5 - 123.68, -116.779, 255 - 103.939]
        #expect(maxAbsoluteDifference(out, expected) < 1e-3)
    }

    @Test func caffeFeaturesAreScaledToTorchvisionMagnitude() throws {
        let caffe = try InputNormalization(
            metadata: ["input_scale": "255", "input_mean": "123.68,116.779,103.939", "input_std": "1,1,1"],
            url: URL(fileURLWithPath: "vgg.safetensors"))
        #expect(abs(caffe.featureScale - 1 / (255 * 0.226)) < 1e-6)
        let torchvision = try InputNormalization(metadata: [:], url: URL(fileURLWithPath: "vgg.safetensors"))
        #expect(abs(torchvision.featureScale - 1) < 1e-6)
    }

    @Test func malformedNormalisationMetadataIsRejected() {
        let url = URL(fileURLWithPath: "vgg.safetensors")
        #expect(throws: OAGANError.self) { _ = try InputNormalization(metadata: ["input_mean": "1,2"], url: url) }
        #expect(throws: OAGANError.self) { _ = try InputNormalization(metadata: ["channel_order": "YUV"], url: url) }
        #expect(throws: OAGANError.self) {
            _ = try InputNormalization(metadata: ["input_mean": "1,2,3", "input_std": "1,0,1"], url: url)
        }
    }

    @Test func perceptualSpecParsing() throws {
        #expect(try PerceptualSpec(parsing: "vgg16:models/vgg16.safetensors") == .vgg16(path: "models/vgg16.safetensors"))
        #expect(try PerceptualSpec(parsing: "random") == .randomConv(seed: 1))
        #expect(try PerceptualSpec(parsing: "random:42") == .randomConv(seed: 42))
        #expect(throws: OAGANError.self) { try PerceptualSpec(parsing: "resnet:foo") }
        #expect(throws: OAGANError.self) { try PerceptualSpec(parsing: "random:x") }
    }

    @Test func randomStandInSaysSo() {
        let network = RandomConvFeatures(seed: 3, settings: PerceptualSettings(poolingStages: 3, downsampling: 1))
        #expect(network.identity.contains("stand-in"))
        var rng = SplitMix64(seed: 1)
        let images = Variable(Tensor.randomUniform([1, 3, 16, 16], lowerBound: -1, upperBound: 1, using: &rng))
        #expect(withoutGradients { network.features(images) }.map(\.shape) == [[1, 16, 8, 8], [1, 32, 4, 4], [1, 64, 2, 2]])
    }
}
