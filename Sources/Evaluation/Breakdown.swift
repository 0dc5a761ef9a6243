/// Rank-1 rate of one group of probes (an occluder family, an occluded-area bin, …).
public struct RankOneGroup: Sendable, Codable, Equatable {
    public var key: String
    /// Probes of the group with a gallery mate.
    public var probes: Int
    public var hits: Int
    public var rate: Double
    /// 95 % Wilson score interval of `rate`.
    public var interval: ConfidenceInterval
}

/// Mean image quality of one group of images.
public struct QualityGroup: Sendable, Codable, Equatable {
    public var key: String
    public var images: Int
    /// Mean PSNR over the images with finite PSNR (identical pairs, +∞, are left out).
    public var meanPSNR: Double?
    /// Images left out of `meanPSNR` because they equal their reference.
    public var identicalImages: Int
    public var meanSSIM: Double
}

/// Results split by a per-probe or per-image key, e.g. occluder family or occluded-area
/// bin (labels such as `BreakdownRow.areaBinLabel` of the study runner).
public enum Breakdown {
    /// Rank-1 rate per key, keys in ascending order; probes without a rank are skipped.
    /// - Shape: `ranks`, `keys` `[P]`
    public static func rankOne(ranks: [Int?], keys: [String]) throws -> [RankOneGroup] {
        guard ranks.count == keys.count else { throw EvaluationError.pairedLengthMismatch(baseline: ranks.count, treated: keys.count) }
        var counts: [String: (probes: Int, hits: Int)] = [:]
        for (rank, key) in zip(ranks, keys) {
            guard let rank else { continue }
            counts[key, default: (0, 0)].probes += 1
            if rank == 1 { counts[key, default: (0, 0)].hits += 1 }
        }
        return counts.keys.sorted().map { key in
            let (probes, hits) = counts[key]!
            return RankOneGroup(key: key, probes: probes, hits: hits, rate: Double(hits) / Double(probes),
                                interval: Statistics.wilsonInterval(successes: hits, trials: probes))
        }
    }

    /// Mean PSNR and SSIM per key, keys in ascending order.
    /// - Shape: `scores`, `keys` `[N]`
    public static func quality(scores: [QualityScores], keys: [String]) throws -> [QualityGroup] {
        guard scores.count == keys.count else { throw EvaluationError.pairedLengthMismatch(baseline: scores.count, treated: keys.count) }
        var groups: [String: [QualityScores]] = [:]
        for (score, key) in zip(scores, keys) { groups[key, default: []].append(score) }
        return groups.keys.sorted().map { key in
            let members = groups[key]!
            let finite = members.map(\.psnr).filter(\.isFinite)
            return QualityGroup(key: key, images: members.count,
                                meanPSNR: finite.isEmpty ? nil : finite.reduce(0, +) / Double(finite.count),
                                identicalImages: members.count - finite.count,
                                meanSSIM: members.map(\.ssim).reduce(0, +) / Double(members.count))
        }
    }
}
