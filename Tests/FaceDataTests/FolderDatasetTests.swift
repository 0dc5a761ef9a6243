import Foundation
import Imaging
import Testing
import TestSupport
@testable import FaceData

@Suite struct FolderDatasetTests {
    /// ROOT/<subject>/<n>.png for 6 subjects × 3 images of 32×32.
    func writeTree() throws -> URL {
        let root = try Fixtures.temporaryDirectory("folder")
        for subject in ["ann", "bob", "cid", "dee", "eve", "fay"] {
            for index in 0..<3 {
                try AtomicFile.writePNG(Image(width: 32, height: 32, channels: 3, filledWith: Float(index) / 3),
                                        to: root.appendingPathComponent("\(subject)/\(index).png"))
            }
        }
        return root
    }

    @Test func buildsASubjectDisjointProtocol() throws {
        let root = try writeTree(), out = try Fixtures.temporaryDirectory()
        _ = try FolderDataset.buildProtocol(FolderProtocolConfig(root: root.path, output: out.path, seed: 3))
        let study = try FaceProtocol.load(from: out)
        #expect(study.train.count == 9 && study.gallery.count == 3 && study.probe.count == 6)
        #expect(study.manifest.imageSize == 32)
        #expect(Set(study.train.map(\.subject)).isDisjoint(with: study.gallery.map(\.subject)))
    }

    @Test func alignsWithALandmarkFile() throws {
        let root = try writeTree(), out = try Fixtures.temporaryDirectory()
        var csv = "path," + ProtocolColumns.landmarks.joined(separator: ",") + "\n"
        for subject in ["ann", "bob", "cid", "dee", "eve", "fay"] {
            for index in 0..<3 { csv += "\(subject)/\(index).png,10,12,22,12,16,18,11,24,21,24\n" }
        }
        let landmarks = root.appendingPathComponent("landmarks.csv")
        try Data(csv.utf8).write(to: landmarks)
        _ = try FolderDataset.buildProtocol(FolderProtocolConfig(root: root.path, output: out.path, landmarks: landmarks.path, size: 64))
        let study = try FaceProtocol.load(from: out)
        #expect(try ImageIO.read(from: study.gallery[0].path).width == 64)
        #expect(study.gallery[0].landmarks != nil)
    }

    @Test func emptyFolderIsAnError() throws {
        let root = try Fixtures.temporaryDirectory()
        #expect(throws: FaceDataError.noImages(root)) { try FolderDataset.scan(root) }
    }
}
