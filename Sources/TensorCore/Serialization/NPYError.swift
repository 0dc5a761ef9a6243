import Foundation

/// A malformed or unsupported `.npy` file; one case per failure, each naming the file.
public enum NPYError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// The file does not start with `\x93NUMPY`.
    case badMagic(path: String)
    /// A format version other than 1.0, 2.0 or 3.0.
    case unsupportedVersion(path: String, major: UInt8, minor: UInt8)
    /// The header dictionary is cut off or cannot be parsed.
    case invalidHeader(path: String, reason: String)
    /// An element type other than little-endian float32 (`<f4`) or float64 (`<f8`).
    case unsupportedDType(path: String, descr: String)
    /// The array is stored in Fortran (column-major) order.
    case fortranOrder(path: String)
    /// Fewer data bytes than the shape needs.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// More data bytes than the shape needs.
    case trailingBytes(path: String, count: Int)

    public var description: String {
        switch self {
        case let .badMagic(path):
            return "\(path): not a .npy file (missing the \\x93NUMPY magic)"
        case let .unsupportedVersion(path, major, minor):
            return "\(path): .npy format version \(major).\(minor) is not supported (1.0, 2.0 and 3.0 are)"
        case let .invalidHeader(path, reason):
            return "\(path): malformed .npy header: \(reason)"
        case let .unsupportedDType(path, descr):
            return "\(path): .npy dtype '\(descr)' is not supported (little-endian float32 '<f4' or float64 '<f8' expected)"
        case let .fortranOrder(path):
            return "\(path): .npy array is in Fortran order; save it C-contiguous (numpy.ascontiguousarray)"
        case let .truncated(path, expected, actual):
            return "\(path): truncated .npy file: the shape needs \(expected) data bytes, the file has \(actual)"
        case let .trailingBytes(path, count):
            return "\(path): \(count) unexpected bytes after the .npy array data"
        }
    }

    public var errorDescription: String? { description }
}
