import TensorCore

/// Square grayscale faces in [0, 1] with integer subject labels, stored contiguously.
/// - Shape: `pixels` `[N, S, S]`, `labels` `[N]` in `0..<subjects.count`
public struct LabeledFaces: Sendable {
    /// Side S of every image.
    public let size: Int
    /// Subject identifier of each label (label i ↔ `subjects[i]`).
    public let subjects: [String]
    public private(set) var pixels: [Float]
    public private(set) var labels: [Int]

    public init(size: Int, subjects: [String]) {
        self.size = size
        self.subjects = subjects
        pixels = []
        labels = []
    }

    public var count: Int { labels.count }

    /// Appends one image. - Precondition: `image.count == size * size`, label in range.
    public mutating func append(_ image: [Float], label: Int) {
        precondition(image.count == size * size, "LabeledFaces.append: \(image.count) pixels, expected \(size * size)")
        precondition(subjects.indices.contains(label), "LabeledFaces.append: label \(label) out of range")
        pixels += image
        labels.append(label)
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabeledFaces {
        var result = LabeledFaces(size: size, subjects: subjects)
        let area = size * size
        result.pixels.reserveCapacity(indices.count * area)
        for i in indices {
            result.pixels += pixels[(i * area)..<((i + 1) * area)]
            result.labels.append(labels[i])
        }
        return result
    }

    /// Holds out `fraction` of each subject's images (rounded, never a subject's last image)
    /// for validation, choosing them with a generator seeded by `seed`.
    public func validationSplit(fraction: Double, seed: UInt64) -> (training: LabeledFaces, validation: LabeledFaces) {
        var rng = SplitMix64(seed: seed)
        var bySubject = [[Int]](repeating: [], count: subjects.count)
        for (index, label) in labels.enumerated() { bySubject[label].append(index) }
        var training: [Int] = []
        var validation: [Int] = []
        for var indices in bySubject where !indices.isEmpty {
            indices.shuffle(using: &rng)
            let held = min(Int((fraction * Double(indices.count)).rounded()), indices.count - 1)
            validation += indices[0..<held]
            training += indices[held...]
        }
        return (subset(training.sorted()), subset(validation.sorted()))
    }

    /// A cheap identity of the data (count, size, labels, a pixel checksum) so that a resumed
    /// run can tell that it sees the same training set.
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over labels and sampled pixels
        func mix(_ value: UInt64) { hash = (hash ^ value) &* 0x0000_0100_0000_01b3 }
        for label in labels { mix(UInt64(label)) }
        let step = max(1, pixels.count / 4096)
        for i in stride(from: 0, to: pixels.count, by: step) { mix(UInt64(pixels[i].bitPattern)) }
        return "\(count)x\(size)x\(size)/\(subjects.count)/\(String(hash, radix: 16))"
    }
}
