import Foundation

/// Whitespace-separated annotation text as CelebA ships it: optional header lines (a row
/// count, then column names), then `file value value …` rows padded with runs of spaces.
struct AnnotationFile {
    struct Row {
        var line: Int
        var file: String
        var values: [String]
    }

    var url: URL
    var columns: [String]
    var rows: [Row]

    /// Reads `url`; `hasHeader` expects the count line and the column-name line.
    /// - Throws: `FaceDataError.malformedAnnotation` naming the line.
    static func read(_ url: URL, hasHeader: Bool) throws -> AnnotationFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw FaceDataError.unreadableFile(url, reason: error.localizedDescription) }
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw FaceDataError.malformedAnnotation(file: url, line: 1, reason: "not text")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        }
        var columns: [String] = []
        var first = 0
        var expectedCount: Int?
        if hasHeader {
            guard lines.count >= 2, lines[0].count == 1, let count = Int(lines[0][0]), count >= 0 else {
                throw FaceDataError.malformedAnnotation(file: url, line: 1, reason: "the first line must hold the number of rows")
            }
            expectedCount = count
            columns = lines[1]
            guard !columns.isEmpty else {
                throw FaceDataError.malformedAnnotation(file: url, line: 2, reason: "the second line must name the columns")
            }
            first = 2
        }
        var rows: [Row] = []
        for index in first..<lines.count where !lines[index].isEmpty {
            let fields = lines[index]
            let line = index + 1
            if hasHeader, fields.count != columns.count + 1 {
                throw FaceDataError.malformedAnnotation(
                    file: url, line: line, reason: "\(fields.count - 1) values after the file name, the header names \(columns.count)")
            }
            guard fields.count >= 2 else {
                throw FaceDataError.malformedAnnotation(file: url, line: line, reason: "expected a file name and a value")
            }
            rows.append(Row(line: line, file: fields[0], values: Array(fields.dropFirst())))
        }
        if let expectedCount, expectedCount != rows.count {
            throw FaceDataError.malformedAnnotation(file: url, line: 1,
                                                    reason: "the header announces \(expectedCount) rows, the file has \(rows.count)")
        }
        return AnnotationFile(url: url, columns: columns, rows: rows)
    }

    /// The value of `row` at `index` as an integer.
    func integer(_ row: Row, _ index: Int, column: String) throws -> Int {
        guard index < row.values.count, let value = Int(row.values[index]) else {
            throw FaceDataError.malformedAnnotation(file: url, line: row.line,
                                                    reason: "\(column) '\(index < row.values.count ? row.values[index] : "")' is not an integer")
        }
        return value
    }
}
