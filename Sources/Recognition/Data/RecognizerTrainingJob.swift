import FaceData
import Foundation
import Imaging

/// Training on a protocol's training list: what `unveil train-recognizer` and the experiment
/// runner call. Loads the images (through an optional `FaceTransform`, cached on disk), makes
/// them gray at the input size, and runs `RecognizerTrainer.train`.
public struct RecognizerTrainingJob: Sendable {
    /// Protocol folder (`protocol.json`, `train.csv`, …).
    public var protocolFolder: URL
    /// Weights file to write; the checkpoint goes beside it.
    public var output: URL
    public var configuration: RecognizerTrainingConfiguration
    public var resume: Bool
    /// Root of the transformed-image cache; default `cache/` beside `output`.
    public var cacheRoot: URL?

    public init(protocolFolder: URL, output: URL, configuration: RecognizerTrainingConfiguration = .init(),
                resume: Bool = false, cacheRoot: URL? = nil) {
        self.protocolFolder = protocolFolder
        self.output = output
        self.configuration = configuration
        self.resume = resume
        self.cacheRoot = cacheRoot
    }

    public func run(transform: FaceTransform? = nil,
                    progress: (TrainingProgress) -> Void = { _ in }) throws -> RecognizerTrainingResult {
        try configuration.validate()
        let faceProtocol = try FaceProtocol.load(from: protocolFolder)
        let cache = transform.map {
            FaceTransformCache(root: cacheRoot ?? output.deletingLastPathComponent().appendingPathComponent("cache"), transform: $0)
        }
        let faces = try Self.loadFaces(faceProtocol.train, root: faceProtocol.imageRoot,
                                       inputSize: configuration.inputSize, cache: cache)
        return try RecognizerTrainer.train(configuration: configuration, faces: faces, output: output,
                                           resume: resume, progress: progress)
    }

    /// Gray faces at `inputSize` (bilinear resampling when the files differ), labelled by the
    /// sorted subject names. With `cache`, the transformed images are used instead of the files;
    /// the transform gets each entry's mask file, or an all-visible mask for a clean entry
    /// (no occluder listed).
    public static func loadFaces(_ entries: [ProtocolEntry], root: URL, inputSize: Int,
                                 cache: FaceTransformCache? = nil) throws -> LabeledFaces {
        let subjects = Array(Set(entries.map(\.subject))).sorted()
        let labels = Dictionary(uniqueKeysWithValues: subjects.enumerated().map { ($1, $0) })
        var faces = LabeledFaces(size: inputSize, subjects: subjects)
        let chunk = 256  // bounds memory: only the gray copies are kept
        for start in stride(from: 0, to: entries.count, by: chunk) {
            let slice = Array(entries[start..<min(entries.count, start + chunk)])
            let masks = slice.map { entry -> MaskSource in
                entry.mask.map(MaskSource.file) ?? (entry.isOccluded ? .unknown : .allVisible)
            }
            let images = try cache.map { try $0.images(for: slice.map(\.path), masks: masks, relativeTo: root, batchSize: 32).images }
                ?? slice.map { try ImageIO.read(from: $0.path) }
            for (entry, image) in zip(slice, images) {
                var gray = image.grayscale()
                if gray.width != inputSize || gray.height != inputSize {
                    gray = gray.resized(width: inputSize, height: inputSize)
                }
                faces.append(gray.pixels, label: labels[entry.subject]!)
            }
        }
        return faces
    }
}
