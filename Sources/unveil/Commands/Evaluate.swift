import ArgumentParser
import Evaluation
import Foundation

/// `unveil evaluate --config experiment.json --out reports/NAME`.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The full experiment (paper Sec. IV-E), any number of de-occluders.",
        discussion: """
            Trains LightCNN-9 on the original training images and on each de-occluder's output, \
            scores clean, occluded and recovered probes, and writes index.html, cmc.csv, quality.csv, \
            identification.csv, summary.csv and results.json into --out. Stages are cached under \
            --work (default OUT/work): an interrupted run resumes, and adding a de-occluder reruns \
            only what it changes. De-occluder specs: none, oagan:PATH, oagan (train one), inpaint, \
            inpaint:SPEC, pca:PATH, pca (fit one), command:'PROGRAM {input} {output}'.
            """)

    @Option(help: "Experiment configuration (JSON; see docs/report.md).")
    var config: String

    @Option(help: "Report folder.")
    var out: String

    @Option(help: "Stage cache folder (default: OUT/work).")
    var work: String?

    func run() throws {
        let experiment = try ExperimentConfig.load(from: URL(fileURLWithPath: config))
        try StudyCommand.run(config: experiment, out: URL(fileURLWithPath: out), work: work.map { URL(fileURLWithPath: $0) })
    }
}
