import Foundation
import Imaging
import Testing
import TestSupport
@testable import FaceData

@Suite struct SyntheticFacesTests {
    static let tiny = SyntheticConfig(identities: 4, imagesPerIdentity: 3, size: 32, seed: 21)

    /// Every file of a folder, by relative path.
    func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                files[FaceProtocol.relative(url, to: folder)] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test func sameSeedGivesIdenticalBytes() throws {
        let a = try Fixtures.temporaryDirectory(), b = try Fixtures.temporaryDirectory(), c = try Fixtures.temporaryDirectory()
        _ = try SyntheticFaces.generate(Self.tiny, into: a)
        _ = try SyntheticFaces.generate(Self.tiny, into: b)
        var other = Self.tiny
        other.seed = 22
        _ = try SyntheticFaces.generate(other, into: c)
        let first = try contents(of: a), second = try contents(of: b), third = try contents(of: c)
        #expect(first.count == 4 + 4 * 3 + 2 * first.keys.filter { $0.hasPrefix("masks/") }.count + 1)
        #expect(first == second)
        #expect(first["images/id00000/0.png"] != third["images/id00000/0.png"])
    }

    @Test func splitsFollowTheDocumentedRule() throws {
        let folder = try Fixtures.temporaryDirectory()
        _ = try SyntheticFaces.generate(Self.tiny, into: folder)
        let study = try FaceProtocol.load(from: folder)
        #expect(study.train.count == 2 * 3)
        #expect(Set(study.train.map(\.subject)).isDisjoint(with: study.gallery.map(\.subject)))
        #expect(study.gallery.count == 2)
        #expect(study.gallery.allSatisfy { !$0.isOccluded && $0.path.lastPathComponent == "0.png" })
        #expect(study.probe.count >= 2)
        for probe in study.probe {
            #expect(probe.isOccluded)
            #expect(probe.groundTruth != nil && probe.mask != nil)
        }
        #expect(study.manifest.attributes == FaceAttribute.paper.map(\.rawValue))
    }

    @Test func attributesAreStableAcrossAnIdentitysImages() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = SyntheticConfig(identities: 6, imagesPerIdentity: 4, size: 32, seed: 5)
        _ = try SyntheticFaces.generate(config, into: folder)
        let study = try FaceProtocol.load(from: folder)
        let all = study.train + study.gallery + study.probe
        for subject in Set(all.map(\.subject)) {
            let vectors = all.filter { $0.subject == subject }.map(\.attributes)
            let identity = Int(subject.dropFirst(2))!
            let expected = SyntheticFaces.traits(identity: identity, seed: config.seed).attributes.vector()
            #expect(vectors.allSatisfy { $0 == expected }, "\(subject): \(vectors)")
        }
    }

    @Test func attributesFollowTheTraits() {
        var random = FaceRandom(seed: 9)
        for _ in 0..<200 {
            let traits = IdentityTraits.sample(using: &random)
            let a = traits.attributes
            #expect(!(a[.goatee] || a[.mustache] || a[.sideburns] || a[.fiveOClockShadow]) || a[.male])
            #expect(a[.noBeard] == !(traits.hasBeard || traits.hasGoatee))
            #expect(!a[.wearingLipstick] || !a[.male])
        }
    }

    @Test(arguments: NaturalOcclusion.Kind.allCases)
    func naturalOcclusionMaskMatchesChangedPixels(_ kind: NaturalOcclusion.Kind) throws {
        var random = FaceRandom(seed: 40)
        let traits = IdentityTraits.sample(using: &random)
        let variation = ImageVariation.sample(using: &random)
        let face = FaceRenderer(size: 64).render(traits, variation, occlusion: .sample(kind, using: &random), noiseSeed: 3)
        let truth = try #require(face.groundTruth), mask = try #require(face.mask)
        var changed = 0
        for c in 0..<3 {
            for i in 0..<mask.planeSize {
                let difference = abs(face.image.pixels[c * mask.planeSize + i] - truth.pixels[c * mask.planeSize + i])
                #expect(difference <= 1 - mask.pixels[i] + FaceDataTolerance.quantization)
                if difference > 0.05 { changed += 1 }
            }
        }
        let occluded = mask.pixels.filter { $0 < 0.5 }.count
        #expect(changed > 0)
        #expect(occluded > 0 || kind == .glasses)
    }

    /// Raw-pixel nearest neighbour (cosine on gray pixels, one gallery image per identity)
    /// must be far from chance and from 100 %: the task needs learning but is learnable.
    @Test func rawPixelMatchingIsAFairTask() {
        let config = SyntheticConfig(identities: 40, imagesPerIdentity: 5, size: 32, seed: 2, naturalOcclusionRate: 0)
        func gray(_ identity: Int, _ image: Int) -> [Float] {
            let pixels = SyntheticFaces.render(identity: identity, image: image, config: config).image.grayscale().pixels
            let norm = pixels.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return pixels.map { $0 / norm }
        }
        let gallery = (0..<config.identities).map { gray($0, 0) }
        var correct = 0, total = 0
        for identity in 0..<config.identities {
            for image in 2..<config.imagesPerIdentity {
                let probe = gray(identity, image)
                let scores = gallery.map { zip($0, probe).reduce(0) { $0 + $1.0 * $1.1 } }
                if scores.indices.max(by: { scores[$0] < scores[$1] }) == identity { correct += 1 }
                total += 1
            }
        }
        let rank1 = Double(correct) / Double(total)
        #expect(rank1 > 5.0 / Double(config.identities), "rank-1 \(rank1)")
        #expect(rank1 < 0.9, "rank-1 \(rank1)")
    }

    @Test func badConfigurationIsRejected() {
        #expect(throws: FaceDataError.self) { try SyntheticConfig(identities: 1).validate() }
        #expect(throws: FaceDataError.self) { try SyntheticConfig(imagesPerIdentity: 1).validate() }
        #expect(throws: FaceDataError.self) { try SyntheticConfig(size: 8).validate() }
    }

    @Test func generatorIsDeterministicInMemory() {
        var a = FaceRandom(seed: 77), b = FaceRandom(seed: 77)
        let x = FaceRenderer(size: 32).render(.sample(using: &a), .sample(using: &a), noiseSeed: 1)
        let y = FaceRenderer(size: 32).render(.sample(using: &b), .sample(using: &b), noiseSeed: 1)
        #expect(x.image == y.image)
    }
}
