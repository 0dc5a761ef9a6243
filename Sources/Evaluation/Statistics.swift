import Foundation

/// A two-sided confidence interval.
public struct ConfidenceInterval: Sendable, Codable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// Rank-1 outcome of one probe when a treatment (e.g. de-occlusion) replaces a baseline.
public enum RankOneFlip: String, Sendable, Codable, CaseIterable {
    /// Wrong at rank 1 before, right after.
    case fixed
    /// Right at rank 1 before, wrong after.
    case broken
    /// The same before and after.
    case unchanged
}

/// The exact McNemar test at one rank for two conditions on the same probes.
public struct McNemarResult: Sendable, Codable, Equatable {
    public var rank: Int
    /// Probes right (rank ≤ `rank`) under the treatment only.
    public var fixed: Int
    /// Probes right under the baseline only.
    public var broken: Int
    /// Two-sided exact p-value (binomial on the discordant pairs, p = ½).
    public var pValue: Double
}

/// A paired bootstrap percentile interval of a difference of rates.
public struct BootstrapInterval: Sendable, Codable, Equatable {
    /// The observed difference (treatment − baseline).
    public var estimate: Double
    public var interval: ConfidenceInterval
    public var resamples: Int
}

/// Statistics of identification results: intervals for rates, and paired comparisons of
/// two conditions on the same probes.
public enum Statistics {
    /// z for a two-sided 95 % interval (the 0.975 quantile of the standard normal).
    public static let z95 = 1.959963984540054

    /// The Wilson score interval of a binomial proportion (Wilson 1927), 95 % by default;
    /// it stays inside [0, 1] and is sensible at 0 and n successes. `[0, 1]` for no trials.
    public static func wilsonInterval(successes: Int, trials: Int, z: Double = z95) -> ConfidenceInterval {
        guard trials > 0 else { return ConfidenceInterval(lower: 0, upper: 1) }
        let n = Double(trials), p = Double(successes) / n, z2 = z * z
        let center = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return ConfidenceInterval(lower: max(0, center - half), upper: min(1, center + half))
    }

    /// Two-sided exact McNemar p-value: with n = b + c discordant pairs,
    /// `min(1, 2 · P(X ≤ min(b, c)))` for X ~ Binomial(n, ½); 1 when n = 0.
    public static func exactMcNemarPValue(fixed b: Int, broken c: Int) -> Double {
        let n = b + c
        guard n > 0 else { return 1 }
        let logHalf = Double(n) * log(0.5)
        var tail = 0.0
        for i in 0...min(b, c) {
            tail += exp(logBinomial(n, i) + logHalf)
        }
        return min(1, 2 * tail)
    }

    /// McNemar tests at ranks 1…`maxRank` between a baseline and a treatment on the same
    /// probes (index i = probe i in both). Probes without a rank in either are skipped.
    public static func mcNemar(baseline: [Int?], treated: [Int?], maxRank: Int) throws -> [McNemarResult] {
        guard maxRank >= 1 else { throw EvaluationError.invalidArgument("McNemar needs maxRank ≥ 1, got \(maxRank)") }
        let pairs = try comparablePairs(baseline, treated)
        return (1...maxRank).map { k in
            var fixed = 0, broken = 0
            for (before, after) in pairs {
                if before > k && after <= k { fixed += 1 }
                if before <= k && after > k { broken += 1 }
            }
            return McNemarResult(rank: k, fixed: fixed, broken: broken, pValue: exactMcNemarPValue(fixed: fixed, broken: broken))
        }
    }

    /// Paired bootstrap over probes of the rank-1 rate difference (treatment − baseline):
    /// probes are resampled with replacement `resamples` times, and the interval is the
    /// percentile interval (linear interpolation between order statistics, as numpy).
    public static func bootstrapRankOneDifference(baseline: [Int?], treated: [Int?], resamples: Int = 2000,
                                                  confidence: Double = 0.95,
                                                  using generator: inout some RandomNumberGenerator) throws -> BootstrapInterval {
        guard resamples > 0, confidence > 0, confidence < 1 else {
            throw EvaluationError.invalidArgument("bootstrap needs resamples > 0 and 0 < confidence < 1")
        }
        let pairs = try comparablePairs(baseline, treated)
        guard !pairs.isEmpty else { throw EvaluationError.invalidArgument("bootstrap needs at least one probe ranked in both conditions") }
        let deltas = pairs.map { (before, after) in (after == 1 ? 1 : 0) - (before == 1 ? 1 : 0) }  // (n), each −1, 0 or 1
        let n = deltas.count
        let estimate = Double(deltas.reduce(0, +)) / Double(n)
        var differences = [Double](repeating: 0, count: resamples)
        for b in 0..<resamples {
            var sum = 0
            for _ in 0..<n { sum += deltas[Int.random(in: 0..<n, using: &generator)] }
            differences[b] = Double(sum) / Double(n)
        }
        differences.sort()
        let alpha = (1 - confidence) / 2
        return BootstrapInterval(
            estimate: estimate,
            interval: ConfidenceInterval(lower: quantile(differences, alpha), upper: quantile(differences, 1 - alpha)),
            resamples: resamples)
    }

    /// Per-probe rank-1 flips from baseline to treatment (nil for probes without a rank in
    /// either condition).
    public static func rankOneFlips(baseline: [Int?], treated: [Int?]) throws -> [RankOneFlip?] {
        guard baseline.count == treated.count else {
            throw EvaluationError.pairedLengthMismatch(baseline: baseline.count, treated: treated.count)
        }
        return zip(baseline, treated).map { before, after in
            guard let before, let after else { return nil }
            switch (before == 1, after == 1) {
            case (false, true): return .fixed
            case (true, false): return .broken
            default: return .unchanged
            }
        }
    }

    // MARK: Helpers

    private static func comparablePairs(_ baseline: [Int?], _ treated: [Int?]) throws -> [(Int, Int)] {
        guard baseline.count == treated.count else {
            throw EvaluationError.pairedLengthMismatch(baseline: baseline.count, treated: treated.count)
        }
        return zip(baseline, treated).compactMap { before, after in
            guard let before, let after else { return nil }
            return (before, after)
        }
    }

    /// log C(n, k) through log-gamma.
    private static func logBinomial(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }

    /// numpy's default (linear) quantile of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
