import Foundation
import Testing
import TestSupport
@testable import TensorCore

/// The fixture formula of `scripts/make_serialization_fixtures.py`: scale·((i·37) mod 101 − 50)/8.
func serializationFormula(_ shape: [Int], scale: Float = 1) -> TensorData {
    let count = shape.reduce(1, *)
    return TensorData(shape: shape, scalars: (0..<count).map { scale * Float(($0 * 37) % 101 - 50) / 8 })
}

/// safetensors bytes from a header text and raw data; `declaredLength` overrides the prefix.
private func safetensorsBytes(_ header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> Data {
    var out = Data()
    withUnsafeBytes(of: (declaredLength ?? UInt64(header.utf8.count)).littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: Array(header.utf8))
    out.append(contentsOf: data)
    return out
}

private let path = "bad.safetensors"

@Suite struct SafeTensorsRoundTripTests {
    @Test func writeThenReadGivesTheSameTensorsAndMetadata() throws {
        let folder = try Fixtures.temporaryDirectory()
        let url = folder.appendingPathComponent("weights.safetensors")
        let file = SafeTensorsFile(
            tensors: ["conv.weight": serializationFormula([2, 1, 3, 3]), "fc.bias": serializationFormula([5]),
                      "scalar": TensorData(shape: [], scalars: [3.5]), "empty": TensorData(shape: [0, 4], scalars: [])],
            metadata: ["config": "{\"lr\": 0.01, \"note\": \"quotes \\\" and ünïcode\"}", "step": "12"])
        try SafeTensors.write(file, to: url)
        let read = try SafeTensors.read(from: url)
        #expect(read.tensors == file.tensors)
        #expect(read.metadata == file.metadata)
        #expect(read.names == ["conv.weight", "empty", "fc.bias", "scalar"])
        #expect(Set(read.storedDTypes.values) == [.f32])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(leftovers == ["weights.safetensors"], "no temporary file is left behind")
    }

    @Test func headerIsPaddedToEightBytesWithSpaces() {
        let bytes = [UInt8](SafeTensors.encode(SafeTensorsFile(tensors: ["a": serializationFormula([3])])))
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        #expect(headerLength % 8 == 0)
        #expect(bytes[8 + headerLength - 1] == UInt8(ascii: " ") || bytes[8 + headerLength - 1] == UInt8(ascii: "}"))
    }

    @Test func encodingMatchesTheReferenceWriterByteForByte() throws {
        let reference = try Data(contentsOf: Fixtures.url("serialization/reference_f32.safetensors"))
        let file = SafeTensorsFile(tensors: ["a": serializationFormula([4], scale: 0.25), "b": serializationFormula([2, 3])],
                                   metadata: ["format": "pt"])
        #expect(SafeTensors.encode(file) == reference)
    }

    @Test func readsTheReferenceFileWithF16AndF64Widened() throws {
        let file = try SafeTensors.read(from: Fixtures.url("serialization/reference.safetensors"))
        #expect(file.metadata == ["format": "pt", "note": "written by make_serialization_fixtures.py"])
        #expect(file.storedDTypes == ["module.conv.weight": .f32, "module.conv.bias": .f16, "module.fc.weight": .f64])
        #expect(file.tensors["module.conv.weight"] == serializationFormula([2, 1, 3, 3]))
        #expect(file.tensors["module.conv.bias"] == serializationFormula([2]))
        #expect(file.tensors["module.fc.weight"] == serializationFormula([3, 4], scale: 0.5))
        let stripped = try file.strippingPrefix("module.")
        #expect(stripped.names == ["conv.bias", "conv.weight", "fc.weight"])
        #expect(stripped.metadata == file.metadata)
        #expect(stripped.storedDTypes["conv.bias"] == .f16)
    }

    @Test func bf16IsWidenedByShifting() throws {
        // 1.0 = 0x3F80, -2.5 = 0xC020 in bfloat16.
        let data = safetensorsBytes(#"{"x":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}"#, data: [0x80, 0x3F, 0x20, 0xC0])
        #expect(try SafeTensors.decode(data, path: path).tensors["x"]?.scalars == [1, -2.5])
    }

    @Test func halfPrecisionWideningIsExact() {
        #expect(SafeTensorsDType.widenHalf(0x3C00) == 1)
        #expect(SafeTensorsDType.widenHalf(0xC000) == -2)
        #expect(SafeTensorsDType.widenHalf(0x7BFF) == 65504)
        #expect(SafeTensorsDType.widenHalf(0x0001) == 0x1p-24)
        #expect(SafeTensorsDType.widenHalf(0x8000).sign == .minus)
        #expect(SafeTensorsDType.widenHalf(0x7C00) == .infinity)
        #expect(SafeTensorsDType.widenHalf(0x7E00).isNaN)
    }

    @Test func strippingPrefixKeepsOtherNamesAndRejectsCollisions() throws {
        let file = SafeTensorsFile(tensors: ["module.a": serializationFormula([1]), "b": serializationFormula([2])])
        #expect(try file.strippingPrefix("module.").names == ["a", "b"])
        let clash = SafeTensorsFile(tensors: ["module.a": serializationFormula([1]), "a": serializationFormula([1])])
        #expect(throws: SafeTensorsError.prefixCollision(prefix: "module.", name: "a")) { try clash.strippingPrefix("module.") }
    }

    @Test func missingFileNamesThePath() {
        #expect(throws: FileIOError.fileNotFound(path: "/nonexistent/w.safetensors")) {
            try SafeTensors.read(from: URL(fileURLWithPath: "/nonexistent/w.safetensors"))
        }
    }
}

@Suite struct SafeTensorsMalformedFileTests {
    private let f32x2 = #"{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#
    private let eight = [UInt8](repeating: 0, count: 8)

    @Test func headerTooShort() {
        #expect(throws: SafeTensorsError.headerTooShort(path: path, fileSize: 5)) {
            try SafeTensors.decode(Data([1, 2, 3, 4, 5]), path: path)
        }
    }

    @Test func headerTooLarge() {
        #expect(throws: SafeTensorsError.headerTooLarge(path: path, headerSize: 100_000_001)) {
            try SafeTensors.decode(safetensorsBytes("{}", declaredLength: 100_000_001), path: path)
        }
    }

    @Test func headerLengthPastTheEndIsTruncated() {
        #expect(throws: SafeTensorsError.truncated(path: path, headerSize: 1000, fileSize: 10)) {
            try SafeTensors.decode(safetensorsBytes("{}", declaredLength: 1000), path: path)
        }
    }

    @Test func invalidHeaderJSON() {
        #expect {
            try SafeTensors.decode(safetensorsBytes(#"{"a": {"dtype": "F32", "#), path: path)
        } throws: { error in
            guard case .invalidHeaderJSON(path, _)? = error as? SafeTensorsError else { return false }
            return "\(error)".hasPrefix(path)
        }
    }

    @Test func headerNotObject() {
        #expect(throws: SafeTensorsError.headerNotObject(path: path)) {
            try SafeTensors.decode(safetensorsBytes("[1, 2]"), path: path)
        }
    }

    @Test func metadataValuesMustBeStrings() {
        #expect(throws: SafeTensorsError.invalidMetadata(path: path, reason: "value of 'step' is not a string")) {
            try SafeTensors.decode(safetensorsBytes(#"{"__metadata__":{"step":12}}"#), path: path)
        }
    }

    @Test func duplicateName() {
        #expect(throws: SafeTensorsError.duplicateName(path: path, name: "a")) {
            try SafeTensors.decode(safetensorsBytes(#"{"a":\#(f32x2),"a":\#(f32x2)}"#, data: eight), path: path)
        }
    }

    @Test func entryMissingAField() {
        #expect(throws: SafeTensorsError.invalidEntry(path: path, name: "a", reason: "missing 'dtype'")) {
            try SafeTensors.decode(safetensorsBytes(#"{"a":{"shape":[2],"data_offsets":[0,8]}}"#, data: eight), path: path)
        }
    }

    @Test func negativeDimension() {
        #expect(throws: SafeTensorsError.invalidShape(path: path, name: "a", shape: "[-2]")) {
            try SafeTensors.decode(safetensorsBytes(#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: eight), path: path)
        }
    }

    @Test(arguments: ["Q8", "I64"])
    func unsupportedDType(_ dtype: String) {
        #expect(throws: SafeTensorsError.unsupportedDType(path: path, name: "a", dtype: dtype)) {
            try SafeTensors.decode(safetensorsBytes(#"{"a":{"dtype":"\#(dtype)","shape":[1],"data_offsets":[0,8]}}"#, data: eight), path: path)
        }
    }

    @Test func offsetPastTheData() {
        #expect(throws: SafeTensorsError.invalidOffset(path: path, name: "a", begin: 0, end: 8, dataLength: 4)) {
            try SafeTensors.decode(safetensorsBytes(#"{"a":\#(f32x2)}"#, data: [0, 0, 0, 0]), path: path)
        }
    }

    @Test func endBeforeBegin() {
        #expect(throws: SafeTensorsError.invalidOffset(path: path, name: "a", begin: 8, end: 0, dataLength: 8)) {
            try SafeTensors.decode(safetensorsBytes(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, data: eight), path: path)
        }
    }

    @Test func sizeMismatch() {
        #expect(throws: SafeTensorsError.sizeMismatch(path: path, name: "a", expectedBytes: 12, actualBytes: 8)) {
            try SafeTensors.decode(safetensorsBytes(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: eight), path: path)
        }
    }

    @Test func overlap() {
        let header = #"{"a":\#(f32x2),"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        #expect(throws: SafeTensorsError.overlap(path: path, name: "b")) {
            try SafeTensors.decode(safetensorsBytes(header, data: [UInt8](repeating: 0, count: 12)), path: path)
        }
    }

    @Test func holeBetweenTensors() {
        let header = #"{"a":\#(f32x2),"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}}"#
        #expect(throws: SafeTensorsError.gap(path: path, name: "b")) {
            try SafeTensors.decode(safetensorsBytes(header, data: [UInt8](repeating: 0, count: 20)), path: path)
        }
    }

    @Test func bytesAfterTheLastTensor() {
        #expect(throws: SafeTensorsError.trailingBytes(path: path, count: 4)) {
            try SafeTensors.decode(safetensorsBytes(#"{"a":\#(f32x2)}"#, data: [UInt8](repeating: 0, count: 12)), path: path)
        }
    }

    @Test func emptyName() {
        #expect(throws: SafeTensorsError.invalidName(path: path, name: "")) {
            try SafeTensors.decode(safetensorsBytes(#"{"":\#(f32x2)}"#, data: eight), path: path)
        }
    }

    @Test func errorMessagesNameTheFileOnDisk() throws {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("cut.safetensors")
        try safetensorsBytes(#"{"a":\#(f32x2)}"#, data: [0, 0]).write(to: url)
        #expect {
            try SafeTensors.read(from: url)
        } throws: { error in
            "\(error)".hasPrefix(url.path) && "\(error)".contains("'a'")
        }
    }
}
