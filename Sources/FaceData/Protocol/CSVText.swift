import Foundation

/// Minimal RFC 4180 reading and writing for protocol lists: comma-separated fields,
/// double quotes around fields that hold commas, quotes or line breaks.
enum CSVText {
    /// One parsed record with its 1-based line number in the file.
    struct Row {
        var line: Int
        var fields: [String]
    }

    /// Parses `text` into rows, skipping empty lines.
    /// - Throws: `FaceDataError.malformedCSV` for an unterminated quote.
    static func parse(_ text: String, file: URL) throws -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1, rowLine = 1
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        func endRow() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []; field = ""
        }
        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = iterator.next() } else { inQuotes = false }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: inQuotes = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n": endRow(); line += 1; rowLine = line
            default: field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw FaceDataError.malformedCSV(file: file, line: rowLine, reason: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }

    /// Reads and parses a file.
    static func read(_ url: URL) throws -> [Row] {
        guard FileManager.default.fileExists(atPath: url.path) else { throw FaceDataError.missingFile(url) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw FaceDataError.unreadableFile(url, reason: "\(error.localizedDescription)") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FaceDataError.malformedCSV(file: url, line: 1, reason: "not UTF-8 text")
        }
        return try parse(text, file: url)
    }

    /// One CSV line (with trailing newline) for `fields`, quoting where needed.
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\n"
    }

    /// Writes a header and rows atomically.
    static func write(header: [String], rows: [[String]], to url: URL) throws {
        var text = line(header)
        for row in rows { text += line(row) }
        try AtomicFile.write(Data(text.utf8), to: url)
    }
}
