import Foundation
import Imaging
import Testing
import TestSupport
@testable import FaceData

/// One test per validation error of `FaceProtocol.load`, on a hand-written protocol.
@Suite struct ProtocolValidationTests {
    static let header = "path,subject,ground_truth,mask,occluder"

    /// A valid protocol folder: subjects a, b train; c, d test (gallery + probe).
    func makeProtocol(manifest: String? = nil, train: String? = nil, gallery: String? = nil, probe: String? = nil,
                      attributes: String? = nil) throws -> URL {
        let folder = try Fixtures.temporaryDirectory()
        let tiny = Image(width: 4, height: 4, channels: 3, filledWith: 0.5)
        for name in ["a1", "a2", "b1", "c1", "c2", "d1", "d2"] {
            try AtomicFile.writePNG(tiny, to: folder.appendingPathComponent("images/\(name).png"))
        }
        let files: [String: String] = [
            "protocol.json": manifest ?? #"{"name":"t","dataset":"t","imageSize":4,"notes":"","imageRoot":".","disjointSubjects":true,"attributes":[]}"#,
            "train.csv": train ?? "\(Self.header)\nimages/a1.png,a,,,\nimages/a2.png,a,,,\nimages/b1.png,b,,,\n",
            "gallery.csv": gallery ?? "\(Self.header)\nimages/c1.png,c,,,\nimages/d1.png,d,,,\n",
            "probe.csv": probe ?? "\(Self.header)\nimages/c2.png,c,,,eyeglasses\nimages/d2.png,d,images/d1.png,,scarf\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        if let attributes { try Data(attributes.utf8).write(to: folder.appendingPathComponent("attributes.csv")) }
        return folder
    }

    func loadError(_ folder: URL) -> FaceDataError? {
        do { _ = try FaceProtocol.load(from: folder); return nil } catch { return error as? FaceDataError }
    }

    @Test func validProtocolLoads() throws {
        let study = try FaceProtocol.load(from: makeProtocol())
        #expect(study.train.count == 3 && study.gallery.count == 2 && study.probe.count == 2)
        #expect(study.probe[0].occluder == "eyeglasses")
        #expect(study.probe[1].groundTruth?.lastPathComponent == "d1.png")
        #expect(study.gallery[0].occluder == nil)
    }

    @Test func writeThenLoadRoundTrips() throws {
        let study = try FaceProtocol.load(from: makeProtocol())
        let copy = FaceProtocol(manifest: study.manifest, folder: study.folder, train: study.train, gallery: study.gallery,
                                probe: study.probe)
        try copy.write()
        let again = try FaceProtocol.load(from: study.folder)
        #expect(again.train == study.train && again.gallery == study.gallery && again.probe == study.probe)
    }

    @Test func missingManifest() throws {
        let folder = try makeProtocol()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("protocol.json"))
        #expect(loadError(folder) == .missingFile(folder.appendingPathComponent("protocol.json")))
    }

    @Test func malformedManifest() throws {
        let error = loadError(try makeProtocol(manifest: #"{"name": "x"}"#))
        guard case .malformedManifest(_, let reason)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reason.contains("dataset"))
    }

    @Test func missingListFile() throws {
        let folder = try makeProtocol()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("gallery.csv"))
        #expect(loadError(folder) == .missingFile(folder.appendingPathComponent("gallery.csv")))
    }

    @Test func missingColumn() throws {
        let folder = try makeProtocol(train: "path\nimages/a1.png\n")
        #expect(loadError(folder) == .missingColumn(file: folder.appendingPathComponent("train.csv"), column: "subject"))
    }

    @Test func unknownColumn() throws {
        let folder = try makeProtocol(train: "path,subject,identity\nimages/a1.png,a,3\n")
        #expect(loadError(folder) == .unknownColumn(file: folder.appendingPathComponent("train.csv"), column: "identity",
                                                    allowed: ProtocolColumns.allowed))
        #expect(FaceDataError.unknownColumn(file: folder, column: "identity", allowed: ProtocolColumns.allowed).description.contains("allowed: path, subject"))
    }

    @Test func wrongFieldCount() throws {
        let folder = try makeProtocol(train: "\(Self.header)\nimages/a1.png,a,,,\nimages/a2.png,a\n")
        #expect(loadError(folder) == .wrongFieldCount(file: folder.appendingPathComponent("train.csv"), line: 3, expected: 5, actual: 2))
    }

    @Test func emptySubject() throws {
        let folder = try makeProtocol(train: "\(Self.header)\nimages/a1.png,,,,\n")
        #expect(loadError(folder) == .emptyField(file: folder.appendingPathComponent("train.csv"), line: 2, column: "subject"))
    }

    @Test func invalidLandmarkNumber() throws {
        let header = "path,subject," + ProtocolColumns.landmarks.joined(separator: ",")
        let folder = try makeProtocol(train: "\(header)\nimages/a1.png,a,1,2,3,4,5,6,7,8,9,ten\n")
        #expect(loadError(folder) == .invalidNumber(file: folder.appendingPathComponent("train.csv"), line: 2, column: "y5", text: "ten"))
    }

    @Test func missingImage() throws {
        let folder = try makeProtocol(gallery: "\(Self.header)\nimages/c1.png,c,,,\nimages/d9.png,d,,,\n")
        #expect(loadError(folder) == .missingImage(file: folder.appendingPathComponent("gallery.csv"), line: 3, path: "images/d9.png"))
    }

    @Test func duplicateRow() throws {
        let folder = try makeProtocol(train: "\(Self.header)\nimages/a1.png,a,,,\nimages/b1.png,b,,,\nimages/a1.png,a,,,\n")
        #expect(loadError(folder) == .duplicateRow(file: folder.appendingPathComponent("train.csv"), line: 4,
                                                   path: "images/a1.png", firstLine: 2))
    }

    @Test func subjectInTrainAndGallery() throws {
        let folder = try makeProtocol(gallery: "\(Self.header)\nimages/c1.png,c,,,\nimages/d1.png,d,,,\nimages/b1.png,b,,,\n")
        #expect(loadError(folder) == .subjectInTrainAndTest(
            file: folder.appendingPathComponent("gallery.csv"), line: 4, subject: "b",
            trainFile: folder.appendingPathComponent("train.csv"), trainLine: 4))
    }

    @Test func overlapIsAllowedWhenTheProtocolSaysSo() throws {
        let manifest = #"{"name":"t","dataset":"t","imageSize":4,"notes":"","imageRoot":".","disjointSubjects":false,"attributes":[]}"#
        let folder = try makeProtocol(manifest: manifest, gallery: "\(Self.header)\nimages/c1.png,c,,,\nimages/d1.png,d,,,\nimages/b1.png,b,,,\n")
        #expect(loadError(folder) == nil)
    }

    @Test func probeWithoutGalleryMate() throws {
        let folder = try makeProtocol(gallery: "\(Self.header)\nimages/c1.png,c,,,\n")
        #expect(loadError(folder) == .probeWithoutGalleryMate(file: folder.appendingPathComponent("probe.csv"), line: 3, subject: "d"))
    }

    @Test func unterminatedQuote() throws {
        let folder = try makeProtocol(train: "\(Self.header)\n\"images/a1.png,a,,,\n")
        #expect(loadError(folder) == .malformedCSV(file: folder.appendingPathComponent("train.csv"), line: 2,
                                                   reason: "a quoted field is never closed"))
    }

    @Test func quotedFieldsAreRead() throws {
        let folder = try makeProtocol(train: "\(Self.header)\n\"images/a1.png\",\"a, the first\",,,\n")
        #expect(try FaceProtocol.load(from: folder).train[0].subject == "a, the first")
    }

    @Test func attributesAreAttachedAndChecked() throws {
        let manifest = #"{"name":"t","dataset":"t","imageSize":4,"notes":"","imageRoot":".","disjointSubjects":true,"attributes":["Male","Young"]}"#
        let good = try makeProtocol(manifest: manifest, attributes: "path,Male,Young\nimages/a1.png,1,0\nimages/c2.png,0,1\n")
        let study = try FaceProtocol.load(from: good)
        #expect(study.train[0].attributes == [1, 0])
        #expect(study.probe[0].attributes == [0, 1])
        #expect(study.train[1].attributes == nil)
        let bad = try makeProtocol(manifest: manifest, attributes: "path,Male,Young,Smiling\nimages/a1.png,1,0,1\n")
        #expect(loadError(bad) == .unknownColumn(file: bad.appendingPathComponent("attributes.csv"), column: "Smiling",
                                                 allowed: ["path", "Male", "Young"]))
    }

    @Test func errorMessagesNameFileAndLine() {
        let file = URL(fileURLWithPath: "/data/p/train.csv")
        let text = FaceDataError.duplicateRow(file: file, line: 7, path: "x.png", firstLine: 2).description
        #expect(text.hasPrefix("/data/p/train.csv:7:"))
        #expect(!text.contains("\n"))
    }
}
