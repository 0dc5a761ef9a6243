import Testing
@testable import Evaluation

/// SplitMix64 (Steele et al. 2014), a seeded generator for reproducible tests.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct StatisticsTests {
    /// Hand-computed: n = b + c, p = min(1, 2·Σ_{i ≤ min(b,c)} C(n, i) / 2ⁿ).
    @Test func exactMcNemarOnHandComputedCases() {
        #expect(abs(Statistics.exactMcNemarPValue(fixed: 5, broken: 1) - 14.0 / 64) < 1e-12)  // 2·(1 + 6)/64
        #expect(abs(Statistics.exactMcNemarPValue(fixed: 0, broken: 10) - 2.0 / 1024) < 1e-12)
        #expect(abs(Statistics.exactMcNemarPValue(fixed: 2, broken: 8) - 2 * 56.0 / 1024) < 1e-12)  // 1 + 10 + 45
        #expect(Statistics.exactMcNemarPValue(fixed: 3, broken: 3) == 1)  // 2·42/64 > 1
        #expect(Statistics.exactMcNemarPValue(fixed: 0, broken: 0) == 1)
    }

    @Test func mcNemarAtEachRank() throws {
        // Ranks before → after for 6 probes (+ one without a mate).
        let baseline: [Int?] = [1, 3, 2, 5, 1, 2, nil]
        let treated: [Int?] = [1, 1, 1, 2, 2, 1, nil]
        let results = try Statistics.mcNemar(baseline: baseline, treated: treated, maxRank: 2)
        // Rank 1: fixed = probes 1, 2 and 5 (probe 3 only reaches rank 2); broken = probe 4.
        #expect(results[0].fixed == 3 && results[0].broken == 1)
        #expect(abs(results[0].pValue - 2 * 5.0 / 16) < 1e-12)  // n = 4: 2·(1 + 4)/16
        // Rank 2: fixed = probes 1, 3 → 2; broken = none.
        #expect(results[1].fixed == 2 && results[1].broken == 0)
        #expect(abs(results[1].pValue - 0.5) < 1e-12)
    }

    /// Wilson 95 % for 8/10: center (0.8 + z²/20)/(1 + z²/10), the textbook [0.490, 0.943].
    @Test func wilsonIntervalOnHandComputedCases() {
        let interval = Statistics.wilsonInterval(successes: 8, trials: 10)
        #expect(abs(interval.lower - 0.490_162) < 1e-5)
        #expect(abs(interval.upper - 0.943_318) < 1e-5)
        let zero = Statistics.wilsonInterval(successes: 0, trials: 10)
        let z2 = Statistics.z95 * Statistics.z95
        #expect(zero.lower == 0)
        #expect(abs(zero.upper - z2 / (10 + z2)) < 1e-12)
        #expect(Statistics.wilsonInterval(successes: 0, trials: 0) == ConfidenceInterval(lower: 0, upper: 1))
    }

    @Test func rankOneFlips() throws {
        let flips = try Statistics.rankOneFlips(baseline: [1, 2, 1, 3, nil], treated: [1, 1, 4, 2, nil])
        #expect(flips == [.unchanged, .fixed, .broken, .unchanged, nil])
    }

    @Test func pairedInputsMustHaveEqualLength() {
        #expect(throws: EvaluationError.pairedLengthMismatch(baseline: 2, treated: 1)) {
            try Statistics.rankOneFlips(baseline: [1, 2], treated: [1])
        }
    }

    /// 100 probes: 30 fixed, 10 broken, 60 unchanged → Δ = 0.2, per-probe variance
    /// 0.4 − 0.04 = 0.36, standard error 0.06, so the 95 % interval is about 0.2 ± 0.118.
    @Test func pairedBootstrapAgreesWithTheNormalApproximation() throws {
        let baseline: [Int?] = Array(repeating: 2, count: 30) + Array(repeating: 1, count: 10) + Array(repeating: 1, count: 60)
        let treated: [Int?] = Array(repeating: 1, count: 30) + Array(repeating: 3, count: 10) + Array(repeating: 1, count: 60)
        var generator = SeededGenerator(state: 42)
        let result = try Statistics.bootstrapRankOneDifference(baseline: baseline, treated: treated, resamples: 4000, using: &generator)
        #expect(abs(result.estimate - 0.2) < 1e-12)
        #expect(abs(result.interval.lower - (0.2 - Statistics.z95 * 0.06)) < 0.015)
        #expect(abs(result.interval.upper - (0.2 + Statistics.z95 * 0.06)) < 0.015)
        var again = SeededGenerator(state: 42)
        #expect(try Statistics.bootstrapRankOneDifference(baseline: baseline, treated: treated, resamples: 4000, using: &again) == result)
    }

    @Test func bootstrapOfIdenticalConditionsIsZero() throws {
        var generator = SeededGenerator(state: 1)
        let ranks: [Int?] = [1, 2, 1, 5, nil]
        let result = try Statistics.bootstrapRankOneDifference(baseline: ranks, treated: ranks, resamples: 50, using: &generator)
        #expect(result.interval == ConfidenceInterval(lower: 0, upper: 0))
    }

    @Test func quantileInterpolatesLikeNumPy() {
        // numpy.quantile([0, 1, 2, 10], 0.5) = 1.5; 0.9 → 2 + 0.7·8 = 7.6
        #expect(Statistics.quantile([0, 1, 2, 10], 0.5) == 1.5)
        #expect(abs(Statistics.quantile([0, 1, 2, 10], 0.9) - 7.6) < 1e-12)
    }
}

@Suite struct BreakdownTests {
    @Test func rankOneByGroup() throws {
        let groups = try Breakdown.rankOne(ranks: [1, 2, 1, nil, 1, 3], keys: ["glasses", "mask", "mask", "mask", "glasses", "hand"])
        #expect(groups.map(\.key) == ["glasses", "hand", "mask"])
        #expect(groups.map(\.probes) == [2, 1, 2])
        #expect(groups.map(\.hits) == [2, 0, 1])
        #expect(groups[2].rate == 0.5)
        #expect(groups[2].interval == Statistics.wilsonInterval(successes: 1, trials: 2))
    }

    @Test func qualityByGroupLeavesIdenticalPairsOutOfThePSNRMean() throws {
        let scores = [QualityScores(psnr: 20, ssim: 0.8), QualityScores(psnr: 30, ssim: 0.9), QualityScores(psnr: .infinity, ssim: 1)]
        let groups = try Breakdown.quality(scores: scores, keys: ["a", "a", "a"])
        #expect(groups.map(\.key) == ["a"])
        #expect(groups[0].images == 3 && groups[0].identicalImages == 1)
        #expect(abs(try #require(groups[0].meanPSNR) - 25) < 1e-12)
        #expect(abs(groups[0].meanSSIM - 0.9) < 1e-12)
    }

    @Test func lengthsMustAgree() {
        #expect(throws: EvaluationError.pairedLengthMismatch(baseline: 2, treated: 1)) { try Breakdown.rankOne(ranks: [1, 2], keys: ["a"]) }
    }
}
