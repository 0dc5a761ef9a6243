import Foundation

/// Failures of rendering or writing a report.
public enum ReportError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// `results.json` was written by a newer Unveil.
    case unsupportedFormatVersion(file: String, found: Int, supported: Int)
    /// The results hold no condition, so there is nothing to report.
    case noConditions(file: String)
    /// The output folder could not be created.
    case cannotCreateFolder(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unsupportedFormatVersion(file, found, supported):
            return "\(file): formatVersion \(found) is newer than this unveil understands (\(supported)); re-render with a newer unveil"
        case let .noConditions(file):
            return "\(file): results hold no condition; nothing to report"
        case let .cannotCreateFolder(path, reason):
            return "\(path): cannot create report folder (\(reason))"
        }
    }

    public var errorDescription: String? { description }
}
