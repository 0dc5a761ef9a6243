import Evaluation
import Foundation
import Reports

/// What `evaluate` and `demo` share: run the study, write the report, print the summary.
enum StudyCommand {
    static func log(_ line: String) {
        FileHandle.standardError.write(Data("[\(timestamp())] \(line)\n".utf8))
    }

    static func run(config: ExperimentConfig, out: URL, work: URL?) throws {
        let started = Date()
        let results = try StudyRunner(config: config, outputFolder: out, workFolder: work, log: log).run()
        let output = try ReportBuilder.write(results, to: out, imageRoot: out)
        for warning in output.warnings { log("warning: \(warning)") }
        print("report: \(out.appendingPathComponent("index.html").path)")
        for line in SummaryLine.terminalLines(of: results) { print(line) }
        print(String(format: "wall time %.0f s", Date().timeIntervalSince(started)))
    }

    private static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }
}
