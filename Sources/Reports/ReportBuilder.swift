import TensorCore
import Evaluation
import Foundation

/// What writing a report produced.
public struct ReportOutput: Sendable, Equatable {
    public var folder: URL
    /// Every file written, `index.html` first.
    public var files: [URL]
    /// Problems that did not stop the report (missing images), one line each.
    public var warnings: [String]
}

/// Writes a study's report folder: `index.html`, `summary.csv`, `cmc.csv`, `quality.csv`,
/// `breakdown.csv`, `identification.csv` and `results.json`, each written atomically.
public enum ReportBuilder {
    /// Writes the report of `results` into `folder`. Relative image paths in `results` are
    /// resolved against `imageRoot` and rewritten relative to `folder` in the copy of
    /// `results.json` written there, so the folder can be re-rendered later.
    @discardableResult
    public static func write(_ results: StudyResults, to folder: URL, imageRoot: URL) throws -> ReportOutput {
        guard results.formatVersion <= StudyResults.currentFormatVersion else {
            throw ReportError.unsupportedFormatVersion(file: "results", found: results.formatVersion, supported: StudyResults.currentFormatVersion)
        }
        guard !results.conditions.isEmpty else { throw ReportError.noConditions(file: "results") }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportError.cannotCreateFolder(path: folder.path, reason: error.localizedDescription)
        }
        let tables = ReportTables.all(results)
        let page = HTMLReport(results: results, imageRoot: imageRoot, files: tables.map(\.file)).render()
        var written: [URL] = []
        func save(_ text: String, _ name: String) throws {
            let url = folder.appendingPathComponent(name)
            try AtomicFile.write(text, to: url)
            written.append(url)
        }
        try save(page.html, "index.html")
        for (file, table) in tables { try save(CSV.encode(table), file) }
        let rebased = ImagePaths.rebase(results, from: imageRoot, to: folder)
        let resultsURL = folder.appendingPathComponent("results.json")
        try JSONFile.write(rebased, to: resultsURL)
        written.append(resultsURL)
        return ReportOutput(folder: folder, files: written, warnings: page.warnings)
    }

    /// Re-renders the report of the `results.json` at `resultsURL` into `folder`.
    @discardableResult
    public static func rerender(from resultsURL: URL, to folder: URL) throws -> ReportOutput {
        let results = try load(from: resultsURL)
        return try write(results, to: folder, imageRoot: resultsURL.deletingLastPathComponent())
    }

    /// Reads `results.json`; a malformed file gives a one-line error with the JSON path.
    public static func load(from url: URL) throws -> StudyResults {
        let results = try JSONFile.read(StudyResults.self, from: url)
        guard results.formatVersion <= StudyResults.currentFormatVersion else {
            throw ReportError.unsupportedFormatVersion(file: url.path, found: results.formatVersion, supported: StudyResults.currentFormatVersion)
        }
        guard !results.conditions.isEmpty else { throw ReportError.noConditions(file: url.path) }
        return results
    }
}
