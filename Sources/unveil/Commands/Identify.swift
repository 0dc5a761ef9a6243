import ArgumentParser
import Evaluation
import Foundation

/// `unveil identify`: rank-k identification (CMC) of probe embeddings against a gallery.
struct Identify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank-k identification (CMC) of probes against a gallery.",
        discussion: """
            Cosine similarity; a subject's score is the max over its gallery rows; the mate's rank is \
            1 + the number of other subjects scoring at least as high (ties count against the mate). \
            Probes whose subject has no gallery row are left out and counted. Writes CMC with 95% \
            Wilson score intervals to --out and per-probe rows to identification.csv beside it.
            """)

    @Option(help: "Gallery embeddings (.npy, float32 N×D; row i = list row i).")
    var gallery: String

    @Option(help: "Gallery list (CSV with a 'subject' column).")
    var galleryList: String

    @Option(help: "Probe embeddings (.npy, float32 M×D).")
    var probe: String

    @Option(help: "Probe list (CSV with 'path' and 'subject' columns).")
    var probeList: String

    @Option(help: "Report CMC for ranks 1…N.")
    var ranks = 5

    @Option(help: "CMC table to write (rank,rate,ci_low,ci_high,probes).")
    var out: String

    func validate() throws {
        guard ranks >= 1 else { throw ValidationError("--ranks must be at least 1") }
    }

    func run() throws {
        let config = IdentificationConfig(
            galleryEmbeddings: URL(fileURLWithPath: gallery), galleryList: URL(fileURLWithPath: galleryList),
            probeEmbeddings: URL(fileURLWithPath: probe), probeList: URL(fileURLWithPath: probeList),
            maxRank: ranks, output: URL(fileURLWithPath: out))
        let result = try IdentificationRun.run(config)
        let ranked = result.outcomes.count - result.probesWithoutMate
        print("probes: \(ranked) with a gallery mate, \(result.probesWithoutMate) without (excluded)")
        for point in result.cmc {
            print(String(format: "rank-%d: %.4f  [%.4f, %.4f]", point.rank, point.rate, point.interval.lower, point.interval.upper))
        }
        print(String(format: "scored in %.2f s; wrote %@ and %@", result.scoringSeconds, config.output.path, config.recordsOutput.path))
    }
}
