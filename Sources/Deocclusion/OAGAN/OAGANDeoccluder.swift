import Foundation
import Imaging
import NeuralNet
import TensorCore

/// OA-GAN as a `Deoccluder`: the generator of a checkpoint written by `unveil train-deoccluder`.
///
/// Faces of any size are resized (bilinear) to the network's input size; the predicted mask
/// and x_synth are resized back and composed at the face's own resolution,
/// x_final = M ⊙ x + (1 − M) ⊙ x_synth, so pixels the network deems visible (M = 1) are
/// returned untouched. Grayscale faces are run as RGB and returned as grayscale.
///
/// A class marked `@unchecked Sendable`: the generator is immutable after loading and
/// inference (`withoutGradients`) only reads its parameters.
public final class OAGANDeoccluder: Deoccluder, @unchecked Sendable {
    public let identity: String
    let generator: OAGANGenerator
    /// Faces per generator call.
    let batchSize: Int

    /// Loads the generator of an OA-GAN checkpoint (safetensors).
    public init(weightsAt url: URL, batchSize: Int = 16) throws {
        generator = try OAGANCheckpoint.loadGenerator(from: url)
        identity = "oagan:" + (try FileDigest.shortHex(of: url))
        self.batchSize = batchSize
    }

    /// Wraps an in-memory generator (for evaluation right after training).
    public init(generator: OAGANGenerator, identity: String, batchSize: Int = 16) {
        self.generator = generator
        self.identity = identity
        self.batchSize = batchSize
    }

    public func deocclude(_ batch: [Image], masks: [Image?]?) throws -> [DeocclusionResult] {
        var results: [DeocclusionResult] = []
        results.reserveCapacity(batch.count)
        for start in stride(from: 0, to: batch.count, by: batchSize) {
            results += run(Array(batch[start..<min(start + batchSize, batch.count)]))
        }
        return results
    }

    private func run(_ faces: [Image]) -> [DeocclusionResult] {
        let size = generator.config.inputSize
        // [0, 1] → [−1, 1], network size, RGB.
        let inputs = faces.map { face -> [Float] in
            let rgb = face.channels == 3 ? face : face.rgb()
            let resized = (rgb.width == size && rgb.height == size) ? rgb : rgb.resized(width: size, height: size)
            return resized.pixels.map { $0 * 2 - 1 }
        }
        let input = Variable(Tensor(shape: [faces.count, 3, size, size], scalars: inputs.flatMap { $0 }))
        let output = withoutGradients { generator(input) }
        let masks = output.mask.value.scalars
        let synthesized = output.synthesized.value.scalars
        let plane = size * size
        return faces.indices.map { i in
            let face = faces[i].channels == 3 ? faces[i] : faces[i].rgb()
            var mask = Image(width: size, height: size, channels: 1,
                             pixels: Array(masks[(i * plane)..<((i + 1) * plane)]))
            var synth = Image(width: size, height: size, channels: 3,
                              pixels: synthesized[(i * 3 * plane)..<((i + 1) * 3 * plane)].map { ($0 + 1) / 2 })
            if face.width != size || face.height != size {
                mask = mask.resized(width: face.width, height: face.height).clamped()
                synth = synth.resized(width: face.width, height: face.height).clamped()
            }
            var recovered = face
            let facePlane = face.width * face.height
            for c in 0..<3 {
                for p in 0..<facePlane {
                    let m = mask.pixels[p]
                    recovered.pixels[c * facePlane + p] = m * face.pixels[c * facePlane + p] + (1 - m) * synth.pixels[c * facePlane + p]
                }
            }
            return DeocclusionResult(recovered: faces[i].channels == 1 ? recovered.grayscale() : recovered,
                                     predictedMask: mask)
        }
    }
}
