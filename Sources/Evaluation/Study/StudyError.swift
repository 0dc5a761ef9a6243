import Foundation

/// Failures of the study's configuration, results files and artefact cache.
public enum StudyError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// A JSON file could not be read at all.
    case unreadableFile(file: String, reason: String)
    /// A JSON file parsed badly or does not have the expected shape; `path` is the JSON coding path.
    case malformedJSON(file: String, path: String, reason: String)
    /// A configuration value is out of range or inconsistent with another one.
    case invalidConfig(field: String, reason: String)
    /// A file or folder could not be written.
    case writeFailed(file: String, reason: String)
    /// A value could not be encoded as JSON (a programming error surfaced as a message).
    case encodingFailed(reason: String)

    public var description: String {
        switch self {
        case let .unreadableFile(file, reason):
            return "\(file): cannot read file (\(reason))"
        case let .malformedJSON(file, path, reason):
            return "\(file): malformed JSON at \(path.isEmpty ? "top level" : path): \(reason)"
        case let .invalidConfig(field, reason):
            return "experiment config: \(field) \(reason)"
        case let .writeFailed(file, reason):
            return "\(file): cannot write (\(reason))"
        case let .encodingFailed(reason):
            return "cannot encode JSON: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
