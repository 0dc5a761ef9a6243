import Foundation
import Imaging
import Testing
import TestSupport
@testable import FaceData

/// Builds the sample sheet of docs/face-data.md; set `UNVEIL_SAMPLE_SHEET=/path.png` to save it.
@Suite struct SampleSheetTests {
    @Test func sheetShowsCleanNaturalAndPastedOcclusions() throws {
        let config = SyntheticConfig(identities: 10, imagesPerIdentity: 4, size: 128, seed: 11)
        let synthesizer = OcclusionSynthesizer(library: OccluderLibrary(variantsPerFamily: 8))
        var tiles: [Image] = []
        for (row, family) in OccluderFamily.allCases.enumerated() {
            let clean = SyntheticFaces.render(identity: row, image: 0, config: config)
            let natural = SyntheticFaces.render(identity: row, image: 1, config: config)
            let occluder = ProceduralOccluders.make(family, variant: row)
            var random = FaceRandom(seed: 5, stream: UInt64(row))
            let placement = OcclusionPlacement.sample(
                for: occluder, landmarks: clean.landmarks.map { SIMD2(Double($0.x), Double($0.y)) }, using: &random)
            let pasted = synthesizer.paste(occluder, on: clean.image, at: placement)
            tiles += [clean.image, natural.image, try #require(natural.groundTruth), try #require(natural.mask),
                      pasted.image, pasted.mask]
        }
        let sheet = SampleSheet.grid(tiles, columns: 6)
        #expect(sheet.width == 6 * 130 + 2)
        if let path = ProcessInfo.processInfo.environment["UNVEIL_SAMPLE_SHEET"] {
            try ImageIO.writePNG(sheet, to: URL(fileURLWithPath: path))
        }
    }
}
