import Foundation

/// Reading and writing CSV with RFC 4180 quoting: fields holding a comma, a quote or a
/// line break are quoted, inner quotes doubled. The first non-comment line is the
/// header; leading lines starting with `#` are comments; blank lines are skipped;
/// CRLF and LF both end a line, and a UTF-8 byte-order mark is ignored. Files are
/// written with LF line ends, atomically.
public enum CSV {
    /// Reads and parses a CSV file.
    public static func read(from url: URL) throws -> CSVTable {
        try parse(FileIO.read(from: url), source: url.path)
    }

    /// Writes `table` atomically.
    public static func write(_ table: CSVTable, to url: URL) throws {
        try FileIO.writeAtomically(Data(encode(table).utf8), to: url)
    }

    /// The CSV text of `table` (comments, header, rows; LF line ends).
    public static func encode(_ table: CSVTable) -> String {
        var out = ""
        for comment in table.comments { out += "# \(comment)\n" }
        out += table.header.map(quoted).joined(separator: ",") + "\n"
        for row in table.rows { out += row.map(quoted).joined(separator: ",") + "\n" }
        return out
    }

    /// `field`, quoted when it holds a comma, a quote, a line break or a leading `#`.
    public static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || field.hasPrefix("#") else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Parses CSV bytes; `source` names the file in errors.
    public static func parse(_ data: Data, source: String) throws(CSVError) -> CSVTable {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .notText(path: source) }
        let (comments, records) = try records(of: bytes, source: source)
        guard let header = records.first?.fields else { throw .empty(path: source) }
        var seen = Set<String>()
        for name in header where !seen.insert(name).inserted { throw .duplicateColumn(path: source, name: name) }
        var table = CSVTable(header: header, comments: comments, source: source)
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                throw .fieldCount(path: source, line: record.line, expected: header.count, actual: record.fields.count)
            }
            table.rows.append(record.fields)
            table.lineNumbers.append(record.line)
        }
        return table
    }

    /// Parses CSV text (as `parse(_:source:)` on its UTF-8 bytes).
    public static func parse(_ text: String, source: String) throws(CSVError) -> CSVTable {
        try parse(Data(text.utf8), source: source)
    }

    private struct Record {
        var fields: [String]
        var line: Int
    }

    /// Splits bytes into leading `#` comment lines and records of fields, honouring
    /// quotes; blank lines are dropped.
    private static func records(of bytes: [UInt8], source: String) throws(CSVError) -> (comments: [String], records: [Record]) {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
        var records: [Record] = []
        var comments: [String] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var inQuotes = false, wasQuoted = false, afterClosingQuote = false
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
            afterClosingQuote = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) || bytes[lineStart] == quote {
                records.append(Record(fields: fields, line: recordLine))
            }
            fields.removeAll(keepingCapacity: true)
        }
        var lineStart = 0  // first byte of the current record
        while i < bytes.count {
            let byte = bytes[i]
            if records.isEmpty, fields.isEmpty, field.isEmpty, !inQuotes, !wasQuoted, byte == UInt8(ascii: "#") {
                let end = bytes[i...].firstIndex(where: { $0 == newline || $0 == carriage }) ?? bytes.count
                comments.append(String(decoding: bytes[(i + 1)..<end], as: UTF8.self).trimmingWhitespace.description)
                i = end
                continue
            }
            if inQuotes {
                if byte == quote {
                    if i + 1 < bytes.count, bytes[i + 1] == quote {
                        field.append(quote)
                        i += 1
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                    }
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
            } else if byte == comma {
                endField()
            } else if byte == newline || byte == carriage {
                if byte == carriage, i + 1 < bytes.count, bytes[i + 1] == newline { i += 1 }
                endRecord()
                line += 1
                recordLine = line
                lineStart = i + 1
            } else if byte == quote {
                guard field.isEmpty, !wasQuoted else { throw .unexpectedQuote(path: source, line: line) }
                inQuotes = true
                wasQuoted = true
            } else {
                if afterClosingQuote { throw .unexpectedQuote(path: source, line: line) }
                field.append(byte)
            }
            i += 1
        }
        if inQuotes { throw .unterminatedQuote(path: source, line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return (comments, records)
    }
}
