import ArgumentParser
import Foundation
import Reports

/// `unveil report --from results.json --out DIR`: re-renders a report folder.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-render a report (index.html and CSV files) from results.json.")

    @Option(help: "The results.json of an earlier study.")
    var from: String

    @Option(help: "Report folder to write (created if missing).")
    var out: String

    func validate() throws {
        guard !from.isEmpty else { throw ValidationError("--from must name a results.json file") }
        guard !out.isEmpty else { throw ValidationError("--out must name a folder") }
    }

    func run() throws {
        let output = try ReportBuilder.rerender(from: URL(fileURLWithPath: from), to: URL(fileURLWithPath: out))
        for warning in output.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        print(output.folder.appendingPathComponent("index.html").path)
    }
}
