/// A table of already formatted fields, rendered as RFC 4180 CSV (a header line, `\n`
/// line ends, fields quoted when they hold a comma, quote or line break).
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The CSV text, ending with a newline.
    public var text: String {
        ([header] + rows).map { $0.map(CSVTable.quoted).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
