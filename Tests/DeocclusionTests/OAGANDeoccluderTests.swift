import Foundation
import Imaging
import NeuralNet
import TensorCore
import TestSupport
import Testing
@testable import Deocclusion

@Suite struct OAGANDeoccluderTests {
    static func tinyDeoccluder() -> OAGANDeoccluder {
        var rng = SplitMix64(seed: 5)
        return OAGANDeoccluder(generator: OAGANGenerator(config: OAGANTestSupport.tinyConfig(), using: &rng),
                               identity: "oagan:test", batchSize: 2)
    }

    /// Faces of another size come back at their own size, grayscale as grayscale, with a mask.
    @Test func resultsKeepTheFaceSizeAndChannels() throws {
        var rng = SplitMix64(seed: 1)
        let colour = Image(width: 20, height: 20, channels: 3,
                           pixels: Tensor.randomUniform([3 * 400], using: &rng).scalars)
        let grey = Image(width: 16, height: 16, channels: 1, pixels: Tensor.randomUniform([256], using: &rng).scalars)
        let results = try Self.tinyDeoccluder().deocclude([colour, grey, colour])
        #expect(results.count == 3)
        #expect(results[0].recovered.width == 20 && results[0].recovered.channels == 3)
        #expect(results[1].recovered.width == 16 && results[1].recovered.channels == 1)
        let mask = try #require(results[0].predictedMask)
        #expect(mask.width == 20 && mask.channels == 1)
        #expect(mask.pixels.allSatisfy { (0...1).contains($0) })
        #expect(results[0].recovered.pixels.allSatisfy { (0...1).contains($0) })
        // Same face, same result, whatever the batch it came in.
        #expect(maxAbsoluteDifference(results[0].recovered.pixels, results[2].recovered.pixels) < Tolerance.kernel)
    }

    /// Each recovered pixel lies between the input and x_synth, weighted by the mask:
    /// where the mask is near 1 the input comes back nearly unchanged.
    @Test func recoveredPixelsFollowTheMask() throws {
        var rng = SplitMix64(seed: 2)
        let face = Image(width: 16, height: 16, channels: 3, pixels: Tensor.randomUniform([768], using: &rng).scalars)
        let result = try Self.tinyDeoccluder().deocclude([face])[0]
        let mask = try #require(result.predictedMask)
        for c in 0..<3 {
            for p in 0..<256 {
                let change = abs(result.recovered.pixels[c * 256 + p] - face.pixels[c * 256 + p])
                #expect(change <= (1 - mask.pixels[p]) + 1e-5)
            }
        }
    }

    @Test func identityIsTheCheckpointDigest() throws {
        let folder = try Fixtures.temporaryDirectory("oagan-deoccluder")
        defer { try? FileManager.default.removeItem(at: folder) }
        let trainer = try OAGANTrainerTests.makeTrainer()
        let url = folder.appendingPathComponent("g.safetensors")
        try OAGANCheckpoint.save(trainer, to: url)
        let deoccluder = try OAGANDeoccluder(weightsAt: url)
        #expect(deoccluder.identity == "oagan:" + (try FileDigest.shortHex(of: url)))
    }

    @Test func psnrOfKnownDifference() {
        // A difference of 0.2 in [−1, 1] is 0.1 in [0, 1]: MSE 0.01, PSNR 20 dB.
        let a = [Float](repeating: 0.2, count: 12), b = [Float](repeating: 0, count: 12)
        #expect(abs(OAGANEvaluation.psnr(a, b) - 20) < 1e-4)
        #expect(OAGANEvaluation.psnr(a, a) > 99.999)  // identical images: the 100 dB cap
    }

    @Test func missingPairedFolderNamesTheManifest() {
        let loader = OAGANDataLoader(config: OAGANTestSupport.tinyConfig())
        let folder = URL(fileURLWithPath: "/nonexistent/paired")
        #expect { _ = try loader.pairedSamples(manifestFolder: folder) } throws: { "\($0)".contains("manifest.csv") }
    }
}
