import Foundation
import TensorCore
import TestSupport
import Testing

/// `make vgg16` output; the suite is skipped where it has not been run.
private let weightsURL = Fixtures.repositoryRoot.appendingPathComponent("models/vgg16.safetensors")

/// Float32 convolution sums of up to 576 terms against the float64 NumPy reference.
private let featureTolerance: Float = 1e-4

/// The fixture written by scripts/vgg16_reference.py.
private struct VGGFixture: Decodable {
    struct Pool: Decodable {
        var shape: [Int]
        var channel_mean: [Float]
        var samples_c_y_x_value: [[Float]]
    }
    var image_rgb_uint8_chw: [Int]
    var image_shape_chw: [Int]
    var pool1: Pool
}

/// Naive 3×3, padding 1 convolution + ReLU. - Shape: `[C, H, W]` → `[O, H, W]`
private func convReLU(_ x: [Float], channels: Int, size: Int, weight: TensorData, bias: TensorData) -> [Float] {
    let outputs = weight.shape[0]
    var y = [Float](repeating: 0, count: outputs * size * size)
    for o in 0..<outputs {
        for r in 0..<size { for c in 0..<size {
            var s = bias.scalars[o]
            for i in 0..<channels { for ky in 0..<3 { for kx in 0..<3 {
                let yy = r + ky - 1, xx = c + kx - 1
                guard yy >= 0, yy < size, xx >= 0, xx < size else { continue }
                s += weight.scalars[((o * channels + i) * 3 + ky) * 3 + kx] * x[(i * size + yy) * size + xx]
            } } }
            y[(o * size + r) * size + c] = max(s, 0)
        } }
    }
    return y
}

@Suite(.enabled(if: FileManager.default.fileExists(atPath: weightsURL.path), "run `make vgg16` first"))
struct VGG16WeightsTests {
    @Test func namesShapesAndConventionAreTorchvisions() throws {
        let file = try SafeTensors.read(from: weightsURL)
        let indices = [0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28]
        let widths = [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512]
        #expect(file.names.count == 26)
        var inputs = 3
        for (index, width) in zip(indices, widths) {
            #expect(file.tensors["features.\(index).weight"]?.shape == [width, inputs, 3, 3])
            #expect(file.tensors["features.\(index).bias"]?.shape == [width])
            inputs = width
        }
        #expect(file.metadata["channel_order"] == "RGB")
        #expect(file.metadata["input_scale"] == "255")
        #expect(file.metadata["input_mean"] == "123.68,116.779,103.939")
        // Keras ImageNet VGG16 block1_conv1 bias, first four values.
        let bias = try #require(file.tensors["features.0.bias"]).scalars
        #expect(maxAbsoluteDifference(Array(bias.prefix(4)), [0.73429835, 0.093403675, 0.06775674, 0.8862966]) < 1e-6)
    }

    @Test func pool1MatchesTheNumPyReference() throws {
        let fixture = try JSONDecoder().decode(
            VGGFixture.self, from: Data(contentsOf: Fixtures.url("deocclusion/vgg16_features_32.json")))
        let file = try SafeTensors.read(from: weightsURL)
        let size = fixture.image_shape_chw[1], plane = size * size
        let mean: [Float] = [123.68, 116.779, 103.939]
        // x = 255·(u8/255) − mean, per RGB channel (the file's recorded convention).
        let x = fixture.image_rgb_uint8_chw.enumerated().map { i, v in 255 * (Float(v) / 255) - mean[i / plane] }
        let conv1 = convReLU(x, channels: 3, size: size, weight: file.tensors["features.0.weight"]!,
                             bias: file.tensors["features.0.bias"]!)
        let conv2 = convReLU(conv1, channels: 64, size: size, weight: file.tensors["features.2.weight"]!,
                             bias: file.tensors["features.2.bias"]!)
        let half = size / 2
        var pool = [Float](repeating: 0, count: 64 * half * half)  // (64, 16, 16)
        for c in 0..<64 { for r in 0..<half { for q in 0..<half {
            pool[(c * half + r) * half + q] = [(0, 0), (0, 1), (1, 0), (1, 1)].map { dy, dx in
                conv2[(c * size + 2 * r + dy) * size + 2 * q + dx]
            }.max()!
        } } }
        let scale = pool.max()!
        let means = (0..<64).map { c in pool[c * half * half ..< (c + 1) * half * half].reduce(0, +) / Float(half * half) }
        let worstMean = maxAbsoluteDifference(means, fixture.pool1.channel_mean) / scale
        #expect(worstMean < featureTolerance, "largest relative channel-mean difference \(worstMean)")
        for sample in fixture.pool1.samples_c_y_x_value {
            let value = pool[(Int(sample[0]) * half + Int(sample[1])) * half + Int(sample[2])]
            #expect(abs(value - sample[3]) / scale < featureTolerance)
        }
    }
}
