/// One point of a cumulative match characteristic: the share of probes (with a gallery
/// mate) whose mate ranks at or above `rank`, with its 95 % Wilson score interval.
public struct CMCPoint: Sendable, Codable, Equatable {
    public var rank: Int
    public var rate: Double
    public var interval: ConfidenceInterval
    /// Probes with a mate at rank ≤ `rank`.
    public var hits: Int
    /// Probes with a gallery mate (the denominator).
    public var probes: Int

    public init(rank: Int, hits: Int, probes: Int) {
        self.rank = rank
        self.hits = hits
        self.probes = probes
        rate = probes > 0 ? Double(hits) / Double(probes) : .nan
        interval = Statistics.wilsonInterval(successes: hits, trials: probes)
    }
}

/// Cumulative match characteristic of identification outcomes.
public enum CMC {
    /// CMC(k) for k = 1…`maxRank` over the probes that have a rank (mate-less probes,
    /// rank nil, are left out of the denominator).
    public static func curve(ranks: [Int?], maxRank: Int) -> [CMCPoint] {
        guard maxRank >= 1 else { return [] }
        let ranked = ranks.compactMap { $0 }
        var atRank = [Int](repeating: 0, count: maxRank + 1)
        for rank in ranked where rank <= maxRank { atRank[rank] += 1 }
        var hits = 0
        return (1...maxRank).map { k in
            hits += atRank[k]
            return CMCPoint(rank: k, hits: hits, probes: ranked.count)
        }
    }
}
