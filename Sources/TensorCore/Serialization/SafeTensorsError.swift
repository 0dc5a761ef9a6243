import Foundation

/// A malformed or unreadable safetensors file; one case per failure, each naming the file
/// (and the tensor where there is one). Cases follow the format's reference validator.
public enum SafeTensorsError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// Fewer than the 8 bytes of the header-length prefix.
    case headerTooShort(path: String, fileSize: Int)
    /// The header length exceeds the format's cap (100 MB).
    case headerTooLarge(path: String, headerSize: UInt64)
    /// The header length points past the end of the file.
    case truncated(path: String, headerSize: UInt64, fileSize: Int)
    /// The header is not valid UTF-8 JSON.
    case invalidHeaderJSON(path: String, reason: String)
    /// The header is JSON but not an object.
    case headerNotObject(path: String)
    /// `__metadata__` is not an object of strings.
    case invalidMetadata(path: String, reason: String)
    /// A tensor name appears twice in the header.
    case duplicateName(path: String, name: String)
    /// An entry lacks `dtype`, `shape` or `data_offsets`, or one has the wrong JSON type.
    case invalidEntry(path: String, name: String, reason: String)
    /// A dimension is negative or not an integer.
    case invalidShape(path: String, name: String, shape: String)
    /// The dtype is unknown to the format, or known but not convertible to Float32.
    case unsupportedDType(path: String, name: String, dtype: String)
    /// `data_offsets` is not `[begin, end]` with begin ≤ end ≤ data length.
    case invalidOffset(path: String, name: String, begin: Int, end: Int, dataLength: Int)
    /// `end - begin` differs from product(shape) · dtype size.
    case sizeMismatch(path: String, name: String, expectedBytes: Int, actualBytes: Int)
    /// The tensor's bytes overlap the previous tensor's.
    case overlap(path: String, name: String)
    /// Unused bytes lie between the previous tensor and this one.
    case gap(path: String, name: String)
    /// Bytes after the last tensor belong to no tensor.
    case trailingBytes(path: String, count: Int)
    /// `strippingPrefix` would map two tensors to one name.
    case prefixCollision(prefix: String, name: String)
    /// A tensor name is empty or would be the reserved `__metadata__`.
    case invalidName(path: String, name: String)

    public var description: String {
        switch self {
        case let .headerTooShort(path, size):
            return "\(path): not a safetensors file (\(size) bytes; at least the 8-byte header length is needed)"
        case let .headerTooLarge(path, size):
            return "\(path): safetensors header of \(size) bytes exceeds the 100 MB limit (corrupt file?)"
        case let .truncated(path, size, fileSize):
            return "\(path): truncated safetensors file: header claims \(size) bytes but the file has \(fileSize)"
        case let .invalidHeaderJSON(path, reason):
            return "\(path): safetensors header is not valid JSON: \(reason)"
        case let .headerNotObject(path):
            return "\(path): safetensors header must be a JSON object"
        case let .invalidMetadata(path, reason):
            return "\(path): __metadata__ must map strings to strings: \(reason)"
        case let .duplicateName(path, name):
            return "\(path): tensor '\(name)' appears twice in the header"
        case let .invalidEntry(path, name, reason):
            return "\(path): tensor '\(name)': \(reason)"
        case let .invalidShape(path, name, shape):
            return "\(path): tensor '\(name)' has an invalid shape \(shape) (non-negative integers expected)"
        case let .unsupportedDType(path, name, dtype):
            return "\(path): tensor '\(name)' has dtype '\(dtype)'; readable dtypes are F32, F16, BF16 and F64"
        case let .invalidOffset(path, name, begin, end, length):
            return "\(path): tensor '\(name)' has data_offsets [\(begin), \(end)] outside the \(length)-byte data buffer (truncated file?)"
        case let .sizeMismatch(path, name, expected, actual):
            return "\(path): tensor '\(name)' spans \(actual) bytes but its shape and dtype need \(expected)"
        case let .overlap(path, name):
            return "\(path): tensor '\(name)' overlaps the bytes of another tensor"
        case let .gap(path, name):
            return "\(path): unused bytes before tensor '\(name)' (tensors must cover the data contiguously)"
        case let .trailingBytes(path, count):
            return "\(path): \(count) bytes after the last tensor belong to no tensor"
        case let .prefixCollision(prefix, name):
            return "stripping the prefix '\(prefix)' maps two tensors to '\(name)'"
        case let .invalidName(path, name):
            return "\(path): invalid tensor name '\(name)'"
        }
    }

    public var errorDescription: String? { description }
}
