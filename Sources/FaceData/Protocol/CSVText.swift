import Foundation
import TensorCore

/// Protocol lists through TensorCore's `CSV` (RFC 4180), with its errors restated as
/// `FaceDataError`s so that every protocol problem reads the same way.
enum CSVText {
    /// One record with its 1-based line number in the file; the header is the first row.
    struct Row {
        var line: Int
        var fields: [String]
    }

    /// Reads `url`: the header row first, then the records.
    /// - Throws: `FaceDataError.missingFile`, `.malformedCSV`, `.wrongFieldCount`.
    static func read(_ url: URL) throws -> [Row] {
        guard FileManager.default.fileExists(atPath: url.path) else { throw FaceDataError.missingFile(url) }
        let table: CSVTable
        do {
            table = try CSV.read(from: url)
        } catch let error as CSVError {
            switch error {
            case let .fieldCount(_, line, expected, actual):
                throw FaceDataError.wrongFieldCount(file: url, line: line, expected: expected, actual: actual)
            case let .unterminatedQuote(_, line):
                throw FaceDataError.malformedCSV(file: url, line: line, reason: "a quoted field is never closed")
            case let .unexpectedQuote(_, line):
                throw FaceDataError.malformedCSV(file: url, line: line, reason: "stray quote")
            default:
                throw FaceDataError.malformedCSV(file: url, line: 1, reason: error.description)
            }
        } catch {
            throw FaceDataError.unreadableFile(url, reason: "\(error)")
        }
        let header = Row(line: table.comments.count + 1, fields: table.header)
        return [header] + table.rows.indices.map { Row(line: table.line(ofRow: $0), fields: table.rows[$0]) }
    }

    /// Writes a header and rows atomically (creating the folder).
    static func write(header: [String], rows: [[String]], to url: URL) throws {
        try AtomicFile.write(Data(CSV.encode(CSVTable(header: header, rows: rows)).utf8), to: url)
    }
}
