import FaceData
import Foundation
import Imaging
import Recognition
import TensorCore

/// Embeds gallery and probes per condition, ranks every probe, and turns the ranks into
/// rank-1..5 rates with Wilson intervals, McNemar tests and bootstrap intervals against the
/// occluded condition, per-probe rows and breakdowns.
struct ConditionScorer {
    static let maxRank = 5
    let probes: ProbeSet
    let config: ExperimentConfig
    let galleryEntries: [ProtocolEntry]
    let galleryImages: [Image]
    /// Mate rank per probe per condition; nil = not scored (no ground truth) or no mate.
    private(set) var ranks: [ConditionID: [Int?]] = [:]
    /// Best-scoring gallery subject per probe per condition.
    private(set) var predicted: [ConditionID: [String?]] = [:]
    private(set) var order: [ConditionID] = []
    private var galleryEmbeddings: [URL: TensorData] = [:]

    init(study: FaceProtocol, probes: ProbeSet, config: ExperimentConfig) throws {
        self.probes = probes
        self.config = config
        galleryEntries = study.gallery
        galleryImages = try study.gallery.map { try ImageIO.read(from: $0.path) }
    }

    /// Scores one condition: `probeImages[i]` nil leaves probe i out of it.
    mutating func score(_ condition: ConditionID, model: URL, probeImages: [Image?]) throws {
        let embedder = FaceEmbedder(model: try LightCNN9.load(from: model), resize: true)
        if galleryEmbeddings[model] == nil {
            galleryEmbeddings[model] = try embedder.embed(
                galleryImages, names: galleryEntries.map(\.path.lastPathComponent), batchSize: 32).tensorData
        }
        let gallery = galleryEmbeddings[model]!
        let included = probeImages.indices.filter { probeImages[$0] != nil }
        let embedded = try embedder.embed(included.map { probeImages[$0]! },
                                          names: included.map { probes.fileNames[$0] }, batchSize: 32).tensorData
        let gallerySubjects = galleryEntries.map(\.subject)
        let outcomes = try Identification.identify(
            gallery: gallery, gallerySubjects: gallerySubjects,
            probes: embedded, probeSubjects: included.map { probes.entries[$0].subject })
        var conditionRanks = [Int?](repeating: nil, count: probes.count)
        var conditionPredicted = [String?](repeating: nil, count: probes.count)
        for (row, index) in included.enumerated() {
            conditionRanks[index] = outcomes[row].rank
            conditionPredicted[index] = outcomes[row].bestSubject
        }
        ranks[condition] = conditionRanks
        predicted[condition] = conditionPredicted
        order.append(condition)
    }

    /// Rank-1..5 with 95 % Wilson intervals, over the scored probes that have a gallery mate.
    var conditionResults: [ConditionResult] {
        order.map { condition in
            let scored = ranks[condition]!.compactMap { $0 }
            let points = CMC.curve(ranks: scored.map { Optional($0) }, maxRank: Self.maxRank)
            return ConditionResult(condition: condition, probes: scored.count, ranks: points.map {
                RankRate(rank: $0.rank, rate: $0.rate, ciLow: $0.interval.lower, ciHigh: $0.interval.upper)
            })
        }
    }

    private var baseline: ConditionID { ConditionID(kind: .occluded) }

    /// Every other condition against the occluded probes, on the probes both scored.
    func comparisons() throws -> [ConditionComparison] {
        guard let base = ranks[baseline] else { return [] }
        var generator = SplitMix64(seed: config.seeds.bootstrap)
        return try order.filter { $0 != baseline }.map { condition in
            let treated = ranks[condition]!
            let paired = base.indices.filter { base[$0] != nil && treated[$0] != nil }
            let b = paired.map { base[$0] }, t = paired.map { treated[$0] }
            let mcnemar = try Statistics.mcNemar(baseline: b, treated: t, maxRank: Self.maxRank)
            let bootstrap = try Statistics.bootstrapRankOneDifference(
                baseline: b, treated: t, resamples: config.bootstrapSamples, using: &generator)
            return ConditionComparison(
                condition: condition, baseline: baseline, probes: paired.count,
                mcnemar: mcnemar.map { RankComparison(rank: $0.rank, fixed: $0.fixed, broken: $0.broken, pValue: $0.pValue) },
                rank1Difference: DifferenceInterval(estimate: bootstrap.estimate, low: bootstrap.interval.lower,
                                                    high: bootstrap.interval.upper),
                bootstrapSamples: bootstrap.resamples)
        }
    }

    /// One row per scored probe and condition, with its rank-1 flip against the occluded probe.
    func identifications() -> [ProbeIdentification] {
        let base = ranks[baseline]
        return order.flatMap { condition in
            probes.entries.indices.compactMap { i -> ProbeIdentification? in
                guard let rank = ranks[condition]![i] else { return nil }
                let flip = condition == baseline ? nil : base?[i].map {
                    RankFlip(baselineCorrect: $0 == 1, conditionCorrect: rank == 1)
                }
                return ProbeIdentification(
                    probe: probes.entries[i].path.lastPathComponent, subject: probes.entries[i].subject,
                    occluder: probes.entries[i].occluder ?? "", occludedFraction: probes.occludedFractions[i],
                    condition: condition, mateRank: rank, predictedSubject: predicted[condition]![i] ?? "",
                    flip: flip)
            }
        }
    }

    /// Rank-1 (and recovered-image quality) by occluder family and by occluded-area bin.
    func breakdowns(quality: QualityTable) throws -> [BreakdownRow] {
        let families = probes.entries.map { $0.occluder ?? "none" }
        let areas = probes.occludedFractions.map { fraction in
            fraction.map { BreakdownRow.areaBinLabel(for: $0, upperEdges: config.areaBins) } ?? "unknown"
        }
        var rows: [BreakdownRow] = []
        for (dimension, keys) in [(BreakdownRow.Dimension.occluder, families), (.area, areas)] {
            for condition in order {
                let conditionRanks = ranks[condition]!
                let perProbe = condition.deoccluder.flatMap { quality.perProbe[$0] }
                    ?? (condition.kind == .occluded ? quality.perProbe[QualityTable.occludedInput] : nil)
                for group in Set(keys).sorted() {
                    let members = keys.indices.filter { keys[$0] == group && conditionRanks[$0] != nil }
                    guard !members.isEmpty else { continue }
                    let rank1 = Double(members.filter { conditionRanks[$0] == 1 }.count) / Double(members.count)
                    let scores = perProbe.map { all in members.compactMap { all[$0] } } ?? []
                    let finitePSNR = scores.map(\.psnr).filter(\.isFinite)
                    rows.append(BreakdownRow(
                        dimension: dimension, group: group, condition: condition, probes: members.count, rank1: rank1,
                        psnr: finitePSNR.isEmpty ? nil : finitePSNR.reduce(0, +) / Double(finitePSNR.count),
                        ssim: scores.isEmpty ? nil : scores.map(\.ssim).reduce(0, +) / Double(scores.count)))
                }
            }
        }
        return rows
    }
}
