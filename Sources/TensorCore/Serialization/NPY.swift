import Foundation

/// Reading and writing NumPy `.npy` files (format versions 1.0–3.0).
///
/// Reads little-endian float32 (`<f4`) and float64 (`<f8`, narrowed to Float32) arrays in
/// C order; writes float32 C order with a version 1.0 header laid out byte for byte as
/// `numpy.save` does (64-byte aligned), atomically.
public enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// `numpy.lib.format.ARRAY_ALIGN`.
    static let alignment = 64

    /// Reads a float32 or float64 `.npy` file.
    public static func read(from url: URL) throws -> TensorData {
        try decode(FileIO.read(from: url), path: url.path)
    }

    /// Writes `array` as a float32 C-order `.npy` file, atomically.
    public static func write(_ array: TensorData, to url: URL) throws {
        try FileIO.writeAtomically(encode(array), to: url)
    }

    /// The `.npy` bytes of `array` (float32, C order, version 1.0 header).
    public static func encode(_ array: TensorData) -> Data {
        let shape = array.shape.count == 1 ? "(\(array.shape[0]),)"
            : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        let body = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        // Version 1.0 unless the header needs more than 16 bits of length (as numpy).
        let lengthBytes = padded(body, lengthBytes: 2).utf8.count <= Int(UInt16.max) ? 2 : 4
        let header = padded(body, lengthBytes: lengthBytes)
        var out = Data(magic)
        out.append(contentsOf: lengthBytes == 2 ? [1, 0] : [2, 0])
        for i in 0..<lengthBytes { out.append(UInt8(truncatingIfNeeded: header.utf8.count >> (8 * i))) }
        out.append(contentsOf: Array(header.utf8))
        let littleEndian = array.scalars.map { $0.bitPattern.littleEndian }
        littleEndian.withUnsafeBytes { out.append(contentsOf: $0) }
        return out
    }

    /// `body` padded with spaces and a newline, as `numpy.lib.format._wrap_header`, so that
    /// magic + version + length + header is a multiple of 64 bytes.
    private static func padded(_ body: String, lengthBytes: Int) -> String {
        let used = magic.count + 2 + lengthBytes + body.utf8.count + 1
        return body + String(repeating: " ", count: alignment - used % alignment) + "\n"
    }

    /// Parses `.npy` bytes; `path` names the source in errors.
    public static func decode(_ data: Data, path: String) throws(NPYError) -> TensorData {
        let bytes = [UInt8](data)
        guard bytes.count >= magic.count + 2, bytes.starts(with: magic) else {
            if bytes.count < magic.count + 2, magic.starts(with: bytes) {
                throw .invalidHeader(path: path, reason: "file ends inside the preamble")
            }
            throw .badMagic(path: path)
        }
        let (major, minor) = (bytes[6], bytes[7])
        let lengthBytes: Int
        switch (major, minor) {
        case (1, 0): lengthBytes = 2
        case (2, 0), (3, 0): lengthBytes = 4
        default: throw .unsupportedVersion(path: path, major: major, minor: minor)
        }
        guard bytes.count >= 8 + lengthBytes else {
            throw .invalidHeader(path: path, reason: "file ends inside the header length")
        }
        var headerLength = 0
        for i in 0..<lengthBytes { headerLength |= Int(bytes[8 + i]) << (8 * i) }
        let headerStart = 8 + lengthBytes
        guard bytes.count >= headerStart + headerLength else {
            throw .invalidHeader(path: path, reason: "header of \(headerLength) bytes is cut off")
        }
        guard let text = String(validating: bytes[headerStart..<headerStart + headerLength], as: UTF8.self) else {
            throw .invalidHeader(path: path, reason: "header is not text")
        }
        let header: NPYHeader
        do {
            header = try NPYHeader.parse(text)
        } catch {
            throw .invalidHeader(path: path, reason: error.reason)
        }
        guard header.descr == "<f4" || header.descr == "<f8" else {
            throw .unsupportedDType(path: path, descr: header.descr)
        }
        let count = header.shape.reduce(1, *)
        if header.fortranOrder && header.shape.filter({ $0 > 1 }).count > 1 { throw .fortranOrder(path: path) }
        let elementSize = header.descr == "<f4" ? 4 : 8
        let dataStart = headerStart + headerLength
        let expected = count * elementSize
        let actual = bytes.count - dataStart
        guard actual >= expected else { throw .truncated(path: path, expectedBytes: expected, actualBytes: actual) }
        guard actual == expected else { throw .trailingBytes(path: path, count: actual - expected) }
        let scalars = bytes.withUnsafeBytes { raw in
            [Float](unsafeUninitializedCapacity: count) { out, initialized in
                if elementSize == 4 {
                    for i in 0..<count {
                        out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: dataStart + 4 * i, as: UInt32.self)))
                    }
                } else {
                    for i in 0..<count {
                        out[i] = Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: dataStart + 8 * i, as: UInt64.self))))
                    }
                }
                initialized = count
            }
        }
        return TensorData(shape: header.shape, scalars: scalars)
    }
}
