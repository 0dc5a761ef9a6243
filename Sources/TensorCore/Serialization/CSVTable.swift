/// A CSV file in memory: a header, rows of string fields, and optional leading `#`
/// comment lines (written before the header, skipped by readers that do not know them).
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]
    /// Comment lines without their leading `# `.
    public var comments: [String]
    /// Where the table came from (a path), for error messages.
    public var source: String
    /// The 1-based line on which each row starts in `source` (empty for built tables).
    public var lineNumbers: [Int]

    public init(header: [String], rows: [[String]] = [], comments: [String] = [], source: String = "<memory>") {
        self.header = header
        self.rows = rows
        self.comments = comments
        self.source = source
        self.lineNumbers = []
    }

    /// Whether the header has a column of that name.
    public func hasColumn(_ name: String) -> Bool { header.contains(name) }

    /// Index of the column `name`.
    public func columnIndex(named name: String) throws(CSVError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw .missingColumn(path: source, name: name, available: header)
        }
        return index
    }

    /// All values of the column `name`, in row order.
    public func column(named name: String) throws(CSVError) -> [String] {
        let index = try columnIndex(named: name)
        return rows.map { $0[index] }
    }

    /// The column `name` parsed as numbers; an unparsable value names its line.
    public func numericColumn(named name: String) throws(CSVError) -> [Double] {
        let index = try columnIndex(named: name)
        var values: [Double] = []
        values.reserveCapacity(rows.count)
        for (row, fields) in rows.enumerated() {
            guard let value = Double(fields[index].trimmingWhitespace) else {
                throw .invalidNumber(path: source, line: line(ofRow: row), column: name, value: fields[index])
            }
            values.append(value)
        }
        return values
    }

    /// The line on which row `row` starts (falls back to header + row for built tables).
    public func line(ofRow row: Int) -> Int {
        row < lineNumbers.count ? lineNumbers[row] : comments.count + row + 2
    }

    /// Appends a row; it must have one field per column.
    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "CSVTable.append: \(row.count) fields for \(header.count) columns")
        rows.append(row)
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let start = firstIndex(where: { !$0.isWhitespace }) ?? endIndex
        let end = lastIndex(where: { !$0.isWhitespace }).map(index(after:)) ?? start
        return self[start..<end]
    }
}
