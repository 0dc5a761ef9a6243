import Foundation
import TensorCore

/// Inputs of `unveil identify`: gallery and probe embeddings (`.npy`, row i = list row i)
/// with their CSV lists (`subject` column; the probe list also `path`).
public struct IdentificationConfig: Sendable, Codable, Equatable {
    public var galleryEmbeddings: URL
    public var galleryList: URL
    public var probeEmbeddings: URL
    public var probeList: URL
    /// CMC is reported for ranks 1…maxRank.
    public var maxRank: Int
    /// The CMC table; `identification.csv` is written beside it.
    public var output: URL

    public init(galleryEmbeddings: URL, galleryList: URL, probeEmbeddings: URL, probeList: URL, maxRank: Int = 5, output: URL) {
        self.galleryEmbeddings = galleryEmbeddings
        self.galleryList = galleryList
        self.probeEmbeddings = probeEmbeddings
        self.probeList = probeList
        self.maxRank = maxRank
        self.output = output
    }

    /// The per-probe table, `identification.csv` in the output's folder.
    public var recordsOutput: URL {
        output.deletingLastPathComponent().appendingPathComponent("identification.csv")
    }
}

/// What `IdentificationRun.run` found.
public struct IdentificationResult: Sendable, Equatable {
    /// Probe paths (from the probe list), one per outcome.
    public var probePaths: [String]
    public var outcomes: [ProbeOutcome]
    public var cmc: [CMCPoint]
    /// Probes whose subject has no gallery row (left out of the CMC).
    public var probesWithoutMate: Int
    /// Wall time of normalisation, sgemm and ranking, in seconds.
    public var scoringSeconds: Double
}

/// Loads embeddings and lists, identifies, and writes `cmc.csv` and `identification.csv`.
public enum IdentificationRun {
    public static func run(_ config: IdentificationConfig) throws -> IdentificationResult {
        guard config.maxRank >= 1 else { throw EvaluationError.invalidArgument("--ranks must be at least 1, got \(config.maxRank)") }
        let gallery = try loadEmbeddings(config.galleryEmbeddings)
        let probes = try loadEmbeddings(config.probeEmbeddings)
        let galleryList = try CSV.read(from: config.galleryList)
        let probeList = try CSV.read(from: config.probeList)
        let gallerySubjects = try galleryList.column(named: "subject")
        let probeSubjects = try probeList.column(named: "subject")
        let probePaths = try probeList.column(named: "path")
        try checkRows(gallery, config.galleryEmbeddings, gallerySubjects.count, config.galleryList)
        try checkRows(probes, config.probeEmbeddings, probeSubjects.count, config.probeList)
        guard gallery.shape[0] > 0 else { throw EvaluationError.emptyGallery(path: config.galleryEmbeddings.path) }
        guard gallery.shape[1] == probes.shape[1] else {
            throw EvaluationError.embeddingWidthMismatch(gallery: gallery.shape[1], probe: probes.shape[1])
        }

        let start = DispatchTime.now().uptimeNanoseconds
        let outcomes = try Identification.identify(gallery: gallery, gallerySubjects: gallerySubjects,
                                               probes: probes, probeSubjects: probeSubjects)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let withoutMate = outcomes.count(where: { $0.rank == nil })
        guard withoutMate < outcomes.count else {
            throw EvaluationError.noProbesWithMate(probeList: config.probeList.path, excluded: withoutMate)
        }
        let cmc = CMC.curve(ranks: outcomes.map(\.rank), maxRank: config.maxRank)
        try CSV.write(cmcTable(cmc, probesWithoutMate: withoutMate), to: config.output)
        try CSV.write(recordsTable(paths: probePaths, outcomes: outcomes), to: config.recordsOutput)
        return IdentificationResult(probePaths: probePaths, outcomes: outcomes, cmc: cmc,
                                    probesWithoutMate: withoutMate, scoringSeconds: seconds)
    }

    /// `rank,rate,ci_low,ci_high,probes`, with a comment line on the interval and the
    /// probes left out.
    public static func cmcTable(_ cmc: [CMCPoint], probesWithoutMate: Int) -> CSVTable {
        var table = CSVTable(header: ["rank", "rate", "ci_low", "ci_high", "probes"], comments: [
            "ci: 95% Wilson score interval; probes without a gallery mate (excluded): \(probesWithoutMate)",
        ])
        for point in cmc {
            table.append([String(point.rank), CSVNumber.string(point.rate), CSVNumber.string(point.interval.lower),
                          CSVNumber.string(point.interval.upper), String(point.probes)])
        }
        return table
    }

    /// `path,subject,rank,mate_score,best_other_score`, one row per probe (rank and
    /// mate_score empty for probes without a gallery mate).
    public static func recordsTable(paths: [String], outcomes: [ProbeOutcome]) -> CSVTable {
        var table = CSVTable(header: ["path", "subject", "rank", "mate_score", "best_other_score"])
        for (path, outcome) in zip(paths, outcomes) {
            table.append([path, outcome.subject, outcome.rank.map(String.init) ?? "",
                          CSVNumber.string(outcome.mateScore), CSVNumber.string(outcome.bestOtherScore)])
        }
        return table
    }

    private static func loadEmbeddings(_ url: URL) throws -> TensorData {
        let array = try NPY.read(from: url)
        guard array.shape.count == 2 else { throw EvaluationError.embeddingsNotMatrix(path: url.path, shape: array.shape) }
        if let index = array.scalars.firstIndex(where: { !$0.isFinite }) {
            throw EvaluationError.nonFiniteEmbedding(path: url.path, row: index / max(array.shape[1], 1))
        }
        return array
    }

    private static func checkRows(_ embeddings: TensorData, _ url: URL, _ listRows: Int, _ list: URL) throws {
        guard embeddings.shape[0] == listRows else {
            throw EvaluationError.embeddingCountMismatch(embeddings: url.path, rows: embeddings.shape[0], list: list.path, listRows: listRows)
        }
    }
}
