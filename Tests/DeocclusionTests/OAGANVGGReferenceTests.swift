import Foundation
import NeuralNet
import TensorCore
import TestSupport
import Testing
@testable import Deocclusion

/// Our VGG-16 forward pass against the independent NumPy reference of
/// `scripts/vgg16_reference.py` (fixture `deocclusion/vgg16_features_32.json`), when the
/// converted weights `models/vgg16.safetensors` are present (`scripts/convert_vgg16.py`).
@Suite struct OAGANVGGReferenceTests {
    static let weights = Fixtures.repositoryRoot.appendingPathComponent("models/vgg16.safetensors")
    /// Float32 convolutions through BLAS vs the float64 reference, relative to each pool's maximum.
    static let tolerance = 1e-3

    struct Pool: Decodable {
        let shape: [Int]
        let channel_mean: [Double]
        let max: Double
        let samples_c_y_x_value: [[Double]]
    }

    struct Reference: Decodable {
        let image_rgb_uint8_chw: [Int]
        let image_shape_chw: [Int]
        let pool1: Pool
        let pool2: Pool
        let pool3: Pool
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: weights.path), "models/vgg16.safetensors not converted"))
    func featuresMatchTheNumPyReference() throws {
        let data = try Data(contentsOf: Fixtures.url("deocclusion/vgg16_features_32.json"))
        let reference = try JSONDecoder().decode(Reference.self, from: data)
        let network = try VGG16Features(contentsOf: Self.weights, settings: PerceptualSettings(poolingStages: 3, downsampling: 1))
        let image = Tensor(shape: [1] + reference.image_shape_chw,
                           scalars: reference.image_rgb_uint8_chw.map { Float($0) / 255 * 2 - 1 })
        let features = withoutGradients { network.features(Variable(image)) }
        for (pool, output) in zip([reference.pool1, reference.pool2, reference.pool3], features) {
            #expect(output.shape == [1] + pool.shape)
            let (c, h, w) = (pool.shape[0], pool.shape[1], pool.shape[2])
            let values = output.value.scalars.map { $0 / network.featureScale }   // the reference is unscaled
            var worst = 0.0
            for channel in 0..<c {
                let mean = values[(channel * h * w)..<((channel + 1) * h * w)].reduce(0.0) { $0 + Double($1) } / Double(h * w)
                worst = max(worst, abs(mean - pool.channel_mean[channel]) / pool.max)
            }
            for sample in pool.samples_c_y_x_value {
                let index = (Int(sample[0]) * h + Int(sample[1])) * w + Int(sample[2])
                worst = max(worst, abs(Double(values[index]) - sample[3]) / pool.max)
            }
            #expect(worst < Self.tolerance, "largest difference relative to the pool maximum: \(worst)")
        }
    }
}
