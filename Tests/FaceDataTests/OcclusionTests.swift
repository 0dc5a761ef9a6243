import Foundation
import Imaging
import Testing
import TestSupport
@testable import FaceData

@Suite struct OcclusionTests {
    /// A clean 128×128 synthetic face and its landmarks.
    static func face(_ identity: Int) -> (image: Image, landmarks: [SIMD2<Double>]) {
        let config = SyntheticConfig(identities: 20, imagesPerIdentity: 2, size: 128, seed: 8)
        let face = SyntheticFaces.render(identity: identity, image: 0, config: config)
        return (face.image, face.landmarks.map { SIMD2(Double($0.x), Double($0.y)) })
    }

    @Test(arguments: OccluderFamily.allCases)
    func occludedFractionStaysInTheDocumentedRange(_ family: OccluderFamily) {
        let synthesizer = OcclusionSynthesizer()
        for variant in 0..<6 {
            let (image, landmarks) = Self.face(variant)
            let occluder = ProceduralOccluders.make(family, variant: variant)
            var random = FaceRandom(seed: 100, stream: UInt64(variant))
            let placement = OcclusionPlacement.sample(for: occluder, landmarks: landmarks, using: &random)
            let result = synthesizer.paste(occluder, on: image, at: placement)
            #expect(family.occludedFractionRange.contains(result.occludedFraction),
                    "\(family) v\(variant): \(result.occludedFraction) outside \(family.occludedFractionRange)")
        }
    }

    @Test func pastedMaskMatchesChangedPixels() {
        let synthesizer = OcclusionSynthesizer(library: OccluderLibrary(variantsPerFamily: 4))
        for seed in 0..<10 {
            let (image, landmarks) = Self.face(seed)
            var random = FaceRandom(seed: UInt64(seed))
            let result = synthesizer.occlude(image, landmarks: landmarks, using: &random)
            let plane = image.planeSize
            var changed = 0
            for c in 0..<3 {
                for i in 0..<plane {
                    let difference = abs(result.image.pixels[c * plane + i] - image.pixels[c * plane + i])
                    #expect(difference <= 1 - result.mask.pixels[i] + 1e-5)
                    if difference > 0.02 { changed += 1 }
                }
            }
            #expect(changed > 0, "seed \(seed): \(result.family) changed nothing")
        }
    }

    @Test func variantsAreReproducibleAndDistinct() {
        let a = ProceduralOccluders.make(.scarf, variant: 3), b = ProceduralOccluders.make(.scarf, variant: 3)
        let c = ProceduralOccluders.make(.scarf, variant: 4)
        #expect(a.image == b.image && a.alpha == b.alpha)
        #expect(a.image != c.image)
    }

    @Test func pairedOcclusionWritesImagesMasksAndManifest() throws {
        let folder = try Fixtures.temporaryDirectory(), out = try Fixtures.temporaryDirectory()
        let study = try SyntheticFaces.generate(SyntheticConfig(identities: 4, imagesPerIdentity: 3, size: 32, seed: 4), into: folder)
        let config = OcclusionConfig(protocolFolder: folder.path, split: .train, outputFolder: out.path, variantsPerFamily: 4, seed: 9)
        let manifest = try PairedOcclusion.generate(config)
        #expect(manifest.samples.count == study.train.filter { !$0.isOccluded }.count)
        let loaded = try OcclusionManifest.load(from: out)
        #expect(loaded.samples.count == manifest.samples.count)
        for (sample, reloaded) in zip(manifest.samples, loaded.samples) {
            #expect(sample.image == reloaded.image && sample.groundTruth == reloaded.groundTruth && sample.family == reloaded.family)
            #expect(abs(sample.occludedFraction - reloaded.occludedFraction) < 1e-4)
            let mask = try ImageIO.read(from: sample.mask)
            #expect(mask.channels == 1 && mask.width == 32)
            #expect(FileManager.default.fileExists(atPath: sample.image.path))
        }
        let again = try PairedOcclusion.generate(config)
        #expect(again.samples.map(\.placement) == manifest.samples.map(\.placement))
    }

    @Test func userOccludersAreReadWithTheirFamily() throws {
        let folder = try Fixtures.temporaryDirectory()
        let sprite = Image(width: 8, height: 4, channels: 3, filledWith: 0.2)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sunglasses"), withIntermediateDirectories: true)
        try ImageIO.writePNG(sprite, alpha: [Float](repeating: 1, count: 32), to: folder.appendingPathComponent("sunglasses/a.png"))
        try ImageIO.writePNG(sprite, alpha: [Float](repeating: 0.5, count: 32), to: folder.appendingPathComponent("thing.png"))
        let occluders = try OccluderLibrary.userOccluders(in: folder)
        #expect(occluders.map(\.family) == [.sunglasses, .object])
        let library = OccluderLibrary(families: [], userOccluders: occluders)
        var random = FaceRandom(seed: 1)
        let (image, landmarks) = Self.face(0)
        let result = OcclusionSynthesizer(library: library).occlude(image, landmarks: landmarks, using: &random)
        #expect(["a.png", "thing.png"].contains(result.variant))
    }

    @Test func userOccluderWithoutAlphaIsAnError() throws {
        let folder = try Fixtures.temporaryDirectory()
        try ImageIO.writePNG(Image(width: 4, height: 4, channels: 3), to: folder.appendingPathComponent("flat.png"))
        #expect(throws: FaceDataError.self) { try OccluderLibrary.userOccluders(in: folder) }
    }

    @Test func emptyOccluderFolderIsAnError() throws {
        let folder = try Fixtures.temporaryDirectory()
        #expect(throws: FaceDataError.noImages(folder)) { try OccluderLibrary.userOccluders(in: folder) }
    }
}
