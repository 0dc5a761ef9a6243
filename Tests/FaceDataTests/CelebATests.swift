import Foundation
import Imaging
import Testing
import TestSupport
@testable import FaceData

/// CelebA's annotation formats on a tiny tree written by the test (official and flattened).
@Suite struct CelebATests {
    static let attributeNames = """
        5_o_Clock_Shadow Arched_Eyebrows Attractive Bags_Under_Eyes Bald Bangs Big_Lips Big_Nose Black_Hair Blond_Hair \
        Blurry Brown_Hair Bushy_Eyebrows Chubby Double_Chin Eyeglasses Goatee Gray_Hair Heavy_Makeup High_Cheekbones Male \
        Mouth_Slightly_Open Mustache Narrow_Eyes No_Beard Oval_Face Pale_Skin Pointy_Nose Receding_Hairline Rosy_Cheeks \
        Sideburns Smiling Straight_Hair Wavy_Hair Wearing_Earrings Wearing_Hat Wearing_Lipstick Wearing_Necklace \
        Wearing_Necktie Young
        """.split(separator: " ").map(String.init)

    /// (file, identity, partition, eyeglasses)
    static let images: [(String, Int, Int, Bool)] = [
        ("000001.jpg", 1, 0, false), ("000002.jpg", 1, 0, true), ("000003.jpg", 2, 2, true), ("000004.jpg", 2, 2, false),
        ("000005.jpg", 2, 2, true), ("000006.jpg", 3, 2, false), ("000007.jpg", 4, 2, true), ("000008.jpg", 5, 1, false),
    ]

    /// Writes the tree; `official` uses Img/ Anno/ Eval/, otherwise one flat folder.
    static func writeTree(official: Bool, attributeLine: ((Int) -> String?)? = nil) throws -> URL {
        let root = try Fixtures.temporaryDirectory("celeba")
        let anno = official ? root.appendingPathComponent("Anno") : root
        let eval = official ? root.appendingPathComponent("Eval") : root
        let images = root.appendingPathComponent(official ? "Img/img_align_celeba" : "img_align_celeba")
        for folder in [anno, eval, images] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        var pixels = [Float](repeating: 0, count: 3 * 218 * 178)
        for i in pixels.indices { pixels[i] = Float(i % 178) / 178 }
        // PNG bytes under the .jpg name: ImageIO decodes by content, as it does CelebA's JPEGs.
        for (file, _, _, _) in Self.images {
            try ImageIO.writePNG(Image(width: 178, height: 218, channels: 3, pixels: pixels), to: images.appendingPathComponent(file))
        }
        let glasses = attributeNames.firstIndex(of: "Eyeglasses")!
        let identity = Self.images.map { "\($0.0) \($0.1)" }.joined(separator: "\n") + "\n"
        let partition = Self.images.map { "\($0.0) \($0.2)" }.joined(separator: "\n") + "\n"
        var attributes = "\(Self.images.count)\n" + attributeNames.joined(separator: " ") + " \n"
        for (index, image) in Self.images.enumerated() {
            let values = attributeNames.indices.map { $0 == glasses ? (image.3 ? 1 : -1) : ($0 + index) % 3 == 0 ? 1 : -1 }
            attributes += attributeLine?(index) ?? (image.0 + values.map { $0 == 1 ? "  1" : " -1" }.joined()) + "\n"
        }
        var landmarks = "\(Self.images.count)\n"
            + "lefteye_x lefteye_y righteye_x righteye_y nose_x nose_y leftmouth_x leftmouth_y rightmouth_x rightmouth_y\n"
        for image in Self.images { landmarks += "\(image.0) 69  109  106  113   77  142   73  152  108  154\n" }
        try Data(identity.utf8).write(to: anno.appendingPathComponent("identity_CelebA.txt"))
        try Data(attributes.utf8).write(to: anno.appendingPathComponent("list_attr_celeba.txt"))
        try Data(landmarks.utf8).write(to: anno.appendingPathComponent("list_landmarks_align_celeba.txt"))
        try Data(partition.utf8).write(to: eval.appendingPathComponent("list_eval_partition.txt"))
        return root
    }

    @Test(arguments: [true, false])
    func parsesBothLayouts(official: Bool) throws {
        let celeba = try CelebA.load(root: Self.writeTree(official: official))
        #expect(celeba.records.count == 8)
        #expect(celeba.attributeNames.count == 40)
        let third = celeba.records[2]
        #expect(third.file == "000003.jpg" && third.identity == 2 && third.partition == .test)
        #expect(third.attributes[try celeba.attributeIndex("Eyeglasses")])
        #expect(third.attributes[0] == ((0 + 2) % 3 == 0))
        #expect(third.landmarks[4] == SIMD2(108, 154))
    }

    @Test func selectsThePapersStudy() throws {
        let (train, gallery, probe) = try CelebAProtocol.select(CelebA.load(root: Self.writeTree(official: true)))
        #expect(train.map(\.file) == ["000001.jpg", "000002.jpg"])
        #expect(gallery.map(\.file) == ["000004.jpg"])
        #expect(probe.map(\.file) == ["000003.jpg", "000005.jpg"])
    }

    @Test func buildsAlignedProtocol() throws {
        let root = try Self.writeTree(official: false), out = try Fixtures.temporaryDirectory()
        let study = try CelebAProtocol.build(CelebAProtocolConfig(root: root.path, output: out.path, alignment: .lightcnn))
        let loaded = try FaceProtocol.load(from: out)
        #expect(loaded.train.count == 2 && loaded.gallery.count == 1 && loaded.probe.count == 2)
        #expect(loaded.probe.allSatisfy { $0.occluder == "eyeglasses" })
        #expect(loaded.manifest.attributes == FaceAttribute.paper.map(\.rawValue))
        #expect(loaded.train[0].attributes?.count == 10)
        let image = try ImageIO.read(from: loaded.gallery[0].path)
        #expect(image.width == 128 && image.height == 128)
        let eyes = try #require(study.gallery[0].landmarks)
        let eyeCentre = (eyes[0] + eyes[1]) / 2
        #expect(abs(eyeCentre.x - 64) < 0.01 && abs(eyeCentre.y - 40) < 0.01)
    }

    @Test func missingAnnotationFileIsNamed() throws {
        let root = try Self.writeTree(official: true)
        try FileManager.default.removeItem(at: root.appendingPathComponent("Anno/identity_CelebA.txt"))
        #expect(throws: FaceDataError.missingAnnotation(root: root, name: "identity_CelebA.txt")) { try CelebA.load(root: root) }
    }

    @Test func malformedAttributeValueNamesItsLine() throws {
        let root = try Self.writeTree(official: true) { index -> String? in
            index == 3 ? "000004.jpg" + String(repeating: "  x", count: 40) + "\n" : nil
        }
        let error = #expect(throws: FaceDataError.self) { try CelebA.load(root: root) }
        guard case let .malformedAnnotation(file, line, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(file.lastPathComponent == "list_attr_celeba.txt" && line == 6)
    }

    @Test func missingAttributeColumnsAreAnError() throws {
        let root = try Self.writeTree(official: true) { index -> String? in index == 0 ? "000001.jpg  1 -1\n" : nil }
        #expect(throws: FaceDataError.malformedAnnotation(
            file: root.appendingPathComponent("Anno/list_attr_celeba.txt"), line: 3,
            reason: "2 values after the file name, the header names 40")) { try CelebA.load(root: root) }
    }

    @Test func truncatedFileContradictsItsCount() throws {
        let root = try Self.writeTree(official: false)
        let url = root.appendingPathComponent("list_landmarks_align_celeba.txt")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropLast()
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        #expect(throws: FaceDataError.malformedAnnotation(file: url, line: 1, reason: "the header announces 8 rows, the file has 7")) {
            try CelebA.load(root: root)
        }
    }
}
