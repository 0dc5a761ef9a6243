/// Identification rates of one condition: the CMC at ranks 1…5 with 95 % intervals.
public struct ConditionResult: Codable, Sendable, Equatable {
    public var condition: ConditionID
    /// Probes scored (all probes, or those with ground truth for the clean condition).
    public var probes: Int
    /// Ranks 1, 2, … in order.
    public var ranks: [RankRate]

    public init(condition: ConditionID, probes: Int, ranks: [RankRate]) {
        self.condition = condition
        self.probes = probes
        self.ranks = ranks
    }

    /// The rate at `rank`, if scored.
    public func rate(atRank rank: Int) -> RankRate? { ranks.first { $0.rank == rank } }
}

/// The fraction of probes whose mate is within the first `rank` matches, with its 95 % interval.
public struct RankRate: Codable, Sendable, Equatable {
    public var rank: Int
    public var rate: Double
    public var ciLow: Double
    public var ciHigh: Double

    public init(rank: Int, rate: Double, ciLow: Double, ciHigh: Double) {
        self.rank = rank
        self.rate = rate
        self.ciLow = ciLow
        self.ciHigh = ciHigh
    }
}

/// One condition against a baseline (the occluded condition) on the same probes.
public struct ConditionComparison: Codable, Sendable, Equatable {
    public var condition: ConditionID
    public var baseline: ConditionID
    /// Probes both conditions scored.
    public var probes: Int
    /// Exact McNemar test at each rank.
    public var mcnemar: [RankComparison]
    /// Rank-1 rate of `condition` minus that of `baseline`, with a paired bootstrap 95 % interval.
    public var rank1Difference: DifferenceInterval
    public var bootstrapSamples: Int

    public init(condition: ConditionID, baseline: ConditionID, probes: Int, mcnemar: [RankComparison],
                rank1Difference: DifferenceInterval, bootstrapSamples: Int) {
        self.condition = condition
        self.baseline = baseline
        self.probes = probes
        self.mcnemar = mcnemar
        self.rank1Difference = rank1Difference
        self.bootstrapSamples = bootstrapSamples
    }

    /// The McNemar result at `rank`, if computed.
    public func mcnemar(atRank rank: Int) -> RankComparison? { mcnemar.first { $0.rank == rank } }
}

/// Discordant pairs and the exact McNemar p-value at one rank.
public struct RankComparison: Codable, Sendable, Equatable {
    public var rank: Int
    /// Probes identified within `rank` by the condition but not by the baseline.
    public var fixed: Int
    /// Probes identified within `rank` by the baseline but not by the condition.
    public var broken: Int
    /// Two-sided exact (binomial) McNemar p-value.
    public var pValue: Double

    public init(rank: Int, fixed: Int, broken: Int, pValue: Double) {
        self.rank = rank
        self.fixed = fixed
        self.broken = broken
        self.pValue = pValue
    }
}

/// A difference with its 95 % interval.
public struct DifferenceInterval: Codable, Sendable, Equatable {
    public var estimate: Double
    public var low: Double
    public var high: Double

    public init(estimate: Double, low: Double, high: Double) {
        self.estimate = estimate
        self.low = low
        self.high = high
    }
}
