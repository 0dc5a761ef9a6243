import Foundation

/// A malformed CSV file or a missing/invalid column; each case names the file and,
/// where there is one, the line (1-based, counting every physical line of the file).
public enum CSVError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// No header line.
    case empty(path: String)
    /// A quoted field is still open at the end of the file.
    case unterminatedQuote(path: String, line: Int)
    /// A quote inside an unquoted field, or text right after a closing quote.
    case unexpectedQuote(path: String, line: Int)
    /// A row with a different number of fields than the header.
    case fieldCount(path: String, line: Int, expected: Int, actual: Int)
    /// The header names a column twice.
    case duplicateColumn(path: String, name: String)
    /// A required column is absent.
    case missingColumn(path: String, name: String, available: [String])
    /// A value that should be a number is not.
    case invalidNumber(path: String, line: Int, column: String, value: String)
    /// The file is not UTF-8 text.
    case notText(path: String)

    public var description: String {
        switch self {
        case let .empty(path):
            return "\(path): empty CSV file (a header line is required)"
        case let .unterminatedQuote(path, line):
            return "\(path):\(line): quoted field is never closed"
        case let .unexpectedQuote(path, line):
            return "\(path):\(line): stray quote (quote fields that contain quotes, and double the inner quotes)"
        case let .fieldCount(path, line, expected, actual):
            return "\(path):\(line): \(actual) fields, the header has \(expected)"
        case let .duplicateColumn(path, name):
            return "\(path): column '\(name)' appears twice in the header"
        case let .missingColumn(path, name, available):
            return "\(path): no column '\(name)' (columns: \(available.joined(separator: ", ")))"
        case let .invalidNumber(path, line, column, value):
            return "\(path):\(line): column '\(column)' holds '\(value)', a number was expected"
        case let .notText(path):
            return "\(path): not UTF-8 text"
        }
    }

    public var errorDescription: String? { description }
}
