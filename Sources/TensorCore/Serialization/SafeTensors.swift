import Foundation

/// Reading and writing the safetensors format: an 8-byte little-endian header length,
/// a JSON header (`{"__metadata__": {…}, "name": {"dtype", "shape", "data_offsets"}, …}`),
/// then the raw little-endian tensor bytes.
///
/// Reads validate the file as the format's reference (Rust) validator does — header
/// size cap, JSON object, known dtypes, non-negative shapes, offsets inside the data,
/// sizes equal to shape × dtype size, tensors covering the data contiguously without
/// overlap — with one `SafeTensorsError` case per failure. F32, F16, BF16 and F64 are
/// read (widened to Float32); writes are F32, atomic, with the header laid out like the
/// reference writer's (metadata first, tensors by name, space-padded to 8 bytes).
public enum SafeTensors {
    /// The reference implementation's cap on the header length.
    public static let maximumHeaderSize: UInt64 = 100_000_000

    /// Reads and validates a safetensors file.
    public static func read(from url: URL) throws -> SafeTensorsFile {
        try decode(FileIO.read(from: url), path: url.path)
    }

    /// Writes `file` as F32 safetensors, atomically.
    public static func write(_ file: SafeTensorsFile, to url: URL) throws {
        try FileIO.writeAtomically(encode(file), to: url)
    }

    /// The bytes of `file` in the safetensors format (all tensors F32).
    public static func encode(_ file: SafeTensorsFile) -> Data {
        var header = "{"
        var members: [String] = []
        if !file.metadata.isEmpty {
            let entries = file.metadata.keys.sorted().map {
                "\(SafeTensorsJSON.quoted($0)):\(SafeTensorsJSON.quoted(file.metadata[$0]!))"
            }
            members.append("\"__metadata__\":{\(entries.joined(separator: ","))}")
        }
        var offset = 0
        let ordered = file.orderedTensors
        for (name, data) in ordered {
            let end = offset + 4 * data.count
            let shape = data.shape.map(String.init).joined(separator: ",")
            members.append("\(SafeTensorsJSON.quoted(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        header += members.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        headerBytes += [UInt8](repeating: UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8)

        var out = Data(capacity: 8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: headerBytes)
        for (_, data) in ordered {
            let littleEndian = data.scalars.map { $0.bitPattern.littleEndian }
            littleEndian.withUnsafeBytes { out.append(contentsOf: $0) }
        }
        return out
    }

    /// Parses and validates safetensors bytes; `path` names the source in errors.
    public static func decode(_ data: Data, path: String) throws(SafeTensorsError) -> SafeTensorsFile {
        guard data.count >= 8 else { throw .headerTooShort(path: path, fileSize: data.count) }
        let headerSize = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerSize <= maximumHeaderSize else { throw .headerTooLarge(path: path, headerSize: headerSize) }
        guard 8 + Int(headerSize) <= data.count else {
            throw .truncated(path: path, headerSize: headerSize, fileSize: data.count)
        }
        let headerBytes = [UInt8](data[data.startIndex + 8 ..< data.startIndex + 8 + Int(headerSize)])
        let entries = try parseHeader(headerBytes, path: path)
        let dataStart = 8 + Int(headerSize)
        let dataLength = data.count - dataStart
        try validateLayout(entries, dataLength: dataLength, path: path)

        var file = SafeTensorsFile(metadata: entries.metadata)
        if let entry = entries.tensors.first(where: { !$0.dtype.isReadable }) {
            throw .unsupportedDType(path: path, name: entry.name, dtype: entry.dtype.rawValue)
        }
        data.withUnsafeBytes { raw in
            for entry in entries.tensors {
                let scalars = entry.dtype.decode(raw, offset: dataStart + entry.begin, count: entry.count)
                file.tensors[entry.name] = TensorData(shape: entry.shape, scalars: scalars)
                file.storedDTypes[entry.name] = entry.dtype
            }
        }
        return file
    }

    // MARK: Header

    struct Entry {
        let name: String
        let dtype: SafeTensorsDType
        let shape: [Int]
        let count: Int  // product(shape), overflow-checked
        let begin: Int
        let end: Int
    }

    static func parseHeader(_ bytes: [UInt8], path: String) throws(SafeTensorsError) -> (tensors: [Entry], metadata: [String: String]) {
        let json: SafeTensorsJSON
        do {
            json = try SafeTensorsJSON.parse(bytes)
        } catch {
            throw .invalidHeaderJSON(path: path, reason: error.reason)
        }
        guard case let .object(members) = json else { throw .headerNotObject(path: path) }
        var metadata: [String: String] = [:]
        var tensors: [Entry] = []
        var seen = Set<String>()
        for (name, value) in members {
            guard seen.insert(name).inserted else { throw .duplicateName(path: path, name: name) }
            if name == "__metadata__" {
                metadata = try parseMetadata(value, path: path)
            } else {
                tensors.append(try parseEntry(name: name, value, path: path))
            }
        }
        return (tensors, metadata)
    }

    private static func parseMetadata(_ value: SafeTensorsJSON, path: String) throws(SafeTensorsError) -> [String: String] {
        if value == .null { return [:] }
        guard case let .object(members) = value else { throw .invalidMetadata(path: path, reason: "not an object") }
        var metadata: [String: String] = [:]
        for (key, value) in members {
            guard case let .string(text) = value else {
                throw .invalidMetadata(path: path, reason: "value of '\(key)' is not a string")
            }
            guard metadata[key] == nil else { throw .invalidMetadata(path: path, reason: "key '\(key)' appears twice") }
            metadata[key] = text
        }
        return metadata
    }

    private static func parseEntry(name: String, _ value: SafeTensorsJSON, path: String) throws(SafeTensorsError) -> Entry {
        guard !name.isEmpty else { throw .invalidName(path: path, name: name) }
        guard case let .object(fields) = value else {
            throw .invalidEntry(path: path, name: name, reason: "entry is not an object")
        }
        func field(_ key: String) throws(SafeTensorsError) -> SafeTensorsJSON {
            guard let found = fields.first(where: { $0.key == key }) else {
                throw .invalidEntry(path: path, name: name, reason: "missing '\(key)'")
            }
            return found.value
        }
        guard case let .string(dtypeName) = try field("dtype") else {
            throw .invalidEntry(path: path, name: name, reason: "'dtype' is not a string")
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw .unsupportedDType(path: path, name: name, dtype: dtypeName)
        }
        guard case let .array(dimensions) = try field("shape") else {
            throw .invalidEntry(path: path, name: name, reason: "'shape' is not an array")
        }
        let shape = dimensions.compactMap(\.nonNegativeInteger)
        guard shape.count == dimensions.count else {
            let text = "[" + dimensions.map { json in
                if case let .number(n) = json { return n } else { return "?" }
            }.joined(separator: ", ") + "]"
            throw .invalidShape(path: path, name: name, shape: text)
        }
        guard case let .array(offsets) = try field("data_offsets"), offsets.count == 2,
              let begin = offsets[0].integer, let end = offsets[1].integer
        else {
            throw .invalidEntry(path: path, name: name, reason: "'data_offsets' is not [begin, end] with two integers")
        }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw .sizeMismatch(path: path, name: name, expectedBytes: Int.max, actualBytes: end - begin)
            }
            count = product
        }
        return Entry(name: name, dtype: dtype, shape: shape, count: count, begin: begin, end: end)
    }

    /// Offsets inside the buffer, sizes equal to shape × dtype, contiguous coverage.
    private static func validateLayout(_ entries: (tensors: [Entry], metadata: [String: String]),
                                       dataLength: Int, path: String) throws(SafeTensorsError) {
        let sorted = entries.tensors.sorted { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var cursor = 0
        for entry in sorted {
            guard entry.begin >= 0, entry.begin <= entry.end, entry.end <= dataLength else {
                throw .invalidOffset(path: path, name: entry.name, begin: entry.begin, end: entry.end, dataLength: dataLength)
            }
            let (expected, overflow) = entry.count.multipliedReportingOverflow(by: entry.dtype.size)
            guard !overflow, expected == entry.end - entry.begin else {
                throw .sizeMismatch(path: path, name: entry.name, expectedBytes: overflow ? Int.max : expected,
                                    actualBytes: entry.end - entry.begin)
            }
            if entry.begin < cursor { throw .overlap(path: path, name: entry.name) }
            if entry.begin > cursor { throw .gap(path: path, name: entry.name) }
            cursor = entry.end
        }
        if cursor != dataLength { throw .trailingBytes(path: path, count: dataLength - cursor) }
    }
}
