import Foundation

/// Every way face data can be wrong, each naming the file (and line) to fix.
public enum FaceDataError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case missingFile(URL)
    case unreadableFile(URL, reason: String)
    case unwritableFile(URL, reason: String)
    case malformedCSV(file: URL, line: Int, reason: String)
    case malformedManifest(URL, reason: String)
    case missingColumn(file: URL, column: String)
    case unknownColumn(file: URL, column: String, allowed: [String])
    case wrongFieldCount(file: URL, line: Int, expected: Int, actual: Int)
    case emptyField(file: URL, line: Int, column: String)
    case invalidNumber(file: URL, line: Int, column: String, text: String)
    case missingImage(file: URL, line: Int, path: String)
    case duplicateRow(file: URL, line: Int, path: String, firstLine: Int)
    case subjectInTrainAndTest(file: URL, line: Int, subject: String, trainFile: URL, trainLine: Int)
    case probeWithoutGalleryMate(file: URL, line: Int, subject: String)
    case missingAnnotation(root: URL, name: String)
    case malformedAnnotation(file: URL, line: Int, reason: String)
    case noImages(URL)
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case let .missingFile(url):
            return "\(url.path): file not found"
        case let .unreadableFile(url, reason):
            return "\(url.path): cannot read (\(reason))"
        case let .unwritableFile(url, reason):
            return "\(url.path): cannot write (\(reason))"
        case let .malformedCSV(file, line, reason):
            return "\(file.path):\(line): malformed CSV: \(reason)"
        case let .malformedManifest(url, reason):
            return "\(url.path): malformed protocol manifest: \(reason)"
        case let .missingColumn(file, column):
            return "\(file.path):1: required column '\(column)' is missing from the header"
        case let .unknownColumn(file, column, allowed):
            return "\(file.path):1: unknown column '\(column)' (allowed: \(allowed.joined(separator: ", ")))"
        case let .wrongFieldCount(file, line, expected, actual):
            return "\(file.path):\(line): \(actual) fields, the header has \(expected)"
        case let .emptyField(file, line, column):
            return "\(file.path):\(line): column '\(column)' is empty"
        case let .invalidNumber(file, line, column, text):
            return "\(file.path):\(line): column '\(column)' holds '\(text)', not a number"
        case let .missingImage(file, line, path):
            return "\(file.path):\(line): image '\(path)' does not exist"
        case let .duplicateRow(file, line, path, firstLine):
            return "\(file.path):\(line): '\(path)' is listed again (first on line \(firstLine))"
        case let .subjectInTrainAndTest(file, line, subject, trainFile, trainLine):
            return "\(file.path):\(line): subject '\(subject)' is also in \(trainFile.lastPathComponent) (line \(trainLine)), "
                + "but the protocol says train and test subjects are disjoint"
        case let .probeWithoutGalleryMate(file, line, subject):
            return "\(file.path):\(line): probe subject '\(subject)' has no image in gallery.csv"
        case let .missingAnnotation(root, name):
            return "\(root.path): annotation file '\(name)' not found (looked in the folder, Anno/ and Eval/)"
        case let .malformedAnnotation(file, line, reason):
            return "\(file.path):\(line): malformed annotation: \(reason)"
        case let .noImages(url):
            return "\(url.path): no images found"
        case let .invalidConfiguration(reason):
            return "invalid configuration: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
