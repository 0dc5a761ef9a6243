import Foundation
import Testing
import TestSupport
@testable import TensorCore

/// `.npy` bytes with a hand-written header (padded like numpy's) and raw data.
private func npyBytes(_ header: String, data: [UInt8], version: [UInt8] = [1, 0]) -> Data {
    var out = Data([0x93] + Array("NUMPY".utf8) + version)
    let text = Array((header + "\n").utf8)
    if version[0] == 1 {
        out.append(contentsOf: [UInt8(text.count & 0xFF), UInt8(text.count >> 8)])
    } else {
        withUnsafeBytes(of: UInt32(text.count).littleEndian) { out.append(contentsOf: $0) }
    }
    out.append(contentsOf: text)
    out.append(contentsOf: data)
    return out
}

private let path = "bad.npy"

/// Whether `python3` with NumPy can run here (the cross-check is skipped otherwise).
private let pythonWithNumPy: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import numpy"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

@Suite struct NPYTests {
    @Test func roundTrip() throws {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("e.npy")
        for shape in [[3, 5], [7], [], [0, 256], [2, 3, 4]] {
            let array = serializationFormula(shape)
            try NPY.write(array, to: url)
            #expect(try NPY.read(from: url) == array, "shape \(shape)")
        }
    }

    @Test func encodingMatchesNumPySaveByteForByte() throws {
        #expect(NPY.encode(serializationFormula([2, 3])) == (try Data(contentsOf: Fixtures.url("serialization/float32_2x3.npy"))))
        #expect(NPY.encode(serializationFormula([5])) == (try Data(contentsOf: Fixtures.url("serialization/float32_5.npy"))))
    }

    @Test func readsFilesWrittenByNumPy() throws {
        #expect(try NPY.read(from: Fixtures.url("serialization/float32_2x3.npy")) == serializationFormula([2, 3]))
        #expect(try NPY.read(from: Fixtures.url("serialization/float32_5.npy")) == serializationFormula([5]))
        #expect(try NPY.read(from: Fixtures.url("serialization/float64_3x2.npy")) == serializationFormula([3, 2]))
    }

    @Test func readsVersion2Headers() throws {
        let data = npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0x80, 0x3F], version: [2, 0])
        #expect(try NPY.decode(data, path: path) == TensorData(shape: [1], scalars: [1]))
    }

    @Test(.enabled(if: pythonWithNumPy, "python3 with NumPy is not installed; skipping the NumPy cross-check"))
    func fileWrittenByUnveilLoadsInNumPy() throws {
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("unveil.npy")
        try NPY.write(serializationFormula([4, 6]), to: url)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.repositoryRoot.appendingPathComponent("scripts/check_npy.py").path, url.path, "4", "6"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(message)")
    }

    @Test func badMagic() {
        #expect(throws: NPYError.badMagic(path: path)) { try NPY.decode(Data("PK\u{3}\u{4} not numpy".utf8), path: path) }
    }

    @Test func unsupportedVersion() {
        #expect(throws: NPYError.unsupportedVersion(path: path, major: 4, minor: 0)) {
            try NPY.decode(npyBytes("{}", data: [], version: [4, 0]), path: path)
        }
    }

    @Test func fortranOrder() throws {
        #expect(throws: NPYError.fortranOrder(path: Fixtures.url("serialization/float32_fortran_2x3.npy").path)) {
            try NPY.read(from: Fixtures.url("serialization/float32_fortran_2x3.npy"))
        }
    }

    @Test func wrongDType() {
        #expect(throws: NPYError.unsupportedDType(path: Fixtures.url("serialization/int32_4.npy").path, descr: "<i4")) {
            try NPY.read(from: Fixtures.url("serialization/int32_4.npy"))
        }
        #expect(throws: NPYError.unsupportedDType(path: path, descr: ">f4")) {
            try NPY.decode(npyBytes("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0]), path: path)
        }
    }

    @Test func truncatedData() throws {
        var data = try Data(contentsOf: Fixtures.url("serialization/float32_2x3.npy"))
        data.removeLast(5)
        #expect(throws: NPYError.truncated(path: path, expectedBytes: 24, actualBytes: 19)) { try NPY.decode(data, path: path) }
    }

    @Test func trailingBytes() {
        let data = npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0, 9])
        #expect(throws: NPYError.trailingBytes(path: path, count: 1)) { try NPY.decode(data, path: path) }
    }

    @Test func headerCutOff() throws {
        let data = try Data(contentsOf: Fixtures.url("serialization/float32_2x3.npy")).prefix(40)
        #expect(throws: NPYError.invalidHeader(path: path, reason: "header of 118 bytes is cut off")) { try NPY.decode(data, path: path) }
    }

    @Test func malformedHeaderDictionary() {
        let data = npyBytes("{'descr': '<f4', 'shape': (2,), }", data: [UInt8](repeating: 0, count: 8))
        #expect {
            try NPY.decode(data, path: path)
        } throws: { error in
            guard case .invalidHeader(path, let reason)? = error as? NPYError else { return false }
            return reason.contains("fortran_order")
        }
    }
}
