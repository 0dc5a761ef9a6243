import Foundation
import Imaging
import NeuralNet
import TensorCore

/// Embeds aligned faces with a LightCNN-9: gray conversion (0.299/0.587/0.114), a size check
/// (or a bilinear resize when asked), batches through the network in eval mode with no graph.
public struct FaceEmbedder {
    public let model: LightCNN9
    /// Resample faces of another size to the model's input instead of refusing them.
    public var resize: Bool

    public init(model: LightCNN9, resize: Bool = false) {
        self.model = model
        self.resize = resize
    }

    /// The network's input for one face: gray, S×S, values as stored (in [0, 1]).
    /// - Shape: `[C, H, W]` → `[S·S]`
    public func input(for image: Image, name: String) throws -> [Float] {
        let size = model.configuration.inputSize
        var gray = image.grayscale()
        if gray.width != size || gray.height != size {
            guard resize else {
                throw RecognitionError.imageSizeMismatch(file: name, width: gray.width, height: gray.height, expected: size)
            }
            gray = gray.resized(width: size, height: size)
        }
        return gray.pixels
    }

    /// Embeddings of images in memory, row i for image i.
    /// - Shape: → `[N, 256]`
    public func embed(_ images: [Image], names: [String], batchSize: Int) throws -> Tensor {
        try embed(count: images.count, batchSize: batchSize) { range in
            try range.map { try input(for: images[$0], name: names[$0]) }
        }
    }

    /// Embeddings of image files, row i for file i; files are read one batch at a time.
    /// - Shape: → `[N, 256]`
    public func embed(files: [URL], batchSize: Int, progress: (Int) -> Void = { _ in }) throws -> Tensor {
        try embed(count: files.count, batchSize: batchSize) { range in
            defer { progress(range.upperBound) }
            return try range.map { try input(for: try ImageIO.read(from: files[$0]), name: files[$0].path) }
        }
    }

    private func embed(count: Int, batchSize: Int, inputs: (Range<Int>) throws -> [[Float]]) throws -> Tensor {
        let size = model.configuration.inputSize
        let features = LightCNN9Configuration.embeddingFeatures
        var scalars: [Float] = []
        scalars.reserveCapacity(count * features)
        // Embeddings do not depend on the batch; very large requests run in chunks.
        let step = min(max(batchSize, 1), LightCNN9.largestBatch(inputSize: size))
        for start in stride(from: 0, to: count, by: step) {
            let range = start..<min(count, start + step)
            let batch = try inputs(range).flatMap { $0 }
            scalars += model.embed(Tensor(shape: [range.count, 1, size, size], scalars: batch)).scalars
        }
        return Tensor(shape: [count, features], scalars: scalars)
    }
}
