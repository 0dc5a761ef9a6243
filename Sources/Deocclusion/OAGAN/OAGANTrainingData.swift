import TensorCore

/// In-memory training data of OA-GAN: images in [−1, 1], planar `[3, S, S]`.
public struct OAGANTrainingData: Sendable {
    /// A clean face with a synthetic occluder pasted on (ground truth known, Eq. 8).
    public struct PairedSample: Sendable {
        /// The occluded face. Shape `[3, S, S]`.
        public var occluded: Tensor
        /// The clean face. Shape `[3, S, S]`.
        public var groundTruth: Tensor
        /// The ground-truth mask (1 = visible): for evaluation, and for training only with
        /// `OAGANLossWeights.maskSupervision` > 0. Shape `[1, S, S]`.
        public var mask: Tensor?
        /// Attribute targets in {0, 1}, in the config's attribute order (nil: unknown).
        public var attributes: [Float]?

        public init(occluded: Tensor, groundTruth: Tensor, mask: Tensor? = nil, attributes: [Float]? = nil) {
            self.occluded = occluded
            self.groundTruth = groundTruth
            self.mask = mask
            self.attributes = attributes
        }
    }

    /// Paired samples.
    public var paired: [PairedSample]
    /// Naturally occluded faces without ground truth (Eq. 9). Shapes `[3, S, S]`.
    public var natural: [Tensor]
    /// Clean faces shown to the critic as "real" on natural batches (other people's faces);
    /// when empty, the paired ground truths serve.
    public var clean: [Tensor]

    public init(paired: [PairedSample], natural: [Tensor], clean: [Tensor] = []) {
        self.paired = paired
        self.natural = natural
        self.clean = clean
    }

    /// Side of the square images.
    public var imageSize: Int { paired.first?.occluded.shape[2] ?? natural.first?.shape[2] ?? 0 }
}

/// One batch as the trainer consumes it.
struct OAGANBatch {
    let kind: BatchKind
    let occluded: Tensor          // [N, 3, S, S]
    let real: Tensor              // [N, 3, S, S]: ground truth (paired) or clean faces (natural)
    let groundTruth: Tensor?      // [N, 3, S, S], paired only
    let attributes: Tensor?       // [N, A], paired only and when every sample has them
    let masks: Tensor?            // [N, 1, S, S], paired only and when every sample has one

    /// Draws `size` samples with replacement using `rng`.
    /// With `fresh`, each paired sample gets a newly pasted occluder (its stored occluded image
    /// and mask are not used).
    static func draw(
        _ kind: BatchKind, size: Int, from data: OAGANTrainingData, fresh: FreshOcclusion? = nil,
        using rng: inout SplitMix64
    ) -> OAGANBatch {
        func stack(_ images: [Tensor]) -> Tensor {
            Tensor(shape: [images.count] + images[0].shape, scalars: images.flatMap(\.scalars))
        }
        switch kind {
        case .paired:
            var samples = (0..<size).map { _ in data.paired[Int.random(in: 0..<data.paired.count, using: &rng)] }
            if let fresh {
                for i in samples.indices {
                    (samples[i].occluded, samples[i].mask) = fresh.occlude(samples[i].groundTruth, using: &rng)
                }
            }
            let truth = stack(samples.map(\.groundTruth))
            let attributes = samples.allSatisfy { $0.attributes != nil }
                ? Tensor(shape: [size, samples[0].attributes!.count], scalars: samples.flatMap { $0.attributes! })
                : nil
            let masks = samples.allSatisfy { $0.mask != nil } ? stack(samples.map { $0.mask! }) : nil
            return OAGANBatch(kind: kind, occluded: stack(samples.map(\.occluded)), real: truth,
                              groundTruth: truth, attributes: attributes, masks: masks)
        case .natural:
            let occluded = (0..<size).map { _ in data.natural[Int.random(in: 0..<data.natural.count, using: &rng)] }
            let pool = data.clean.isEmpty ? data.paired.map(\.groundTruth) : data.clean
            let real = (0..<size).map { _ in pool[Int.random(in: 0..<pool.count, using: &rng)] }
            return OAGANBatch(kind: kind, occluded: stack(occluded), real: stack(real), groundTruth: nil,
                              attributes: nil, masks: nil)
        }
    }
}
