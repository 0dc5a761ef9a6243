import Foundation
import Imaging
import Testing
import TestSupport
@testable import FaceData

@Suite struct SyntheticFacesTests {
    @Test func sampleSheetOfSyntheticFaces() throws {
        let config = SyntheticConfig(identities: 8, imagesPerIdentity: 6, size: 128, seed: 3)
        var tiles: [Image] = []
        for identity in 0..<8 {
            for image in 0..<6 {
                let face = SyntheticFaces.render(identity: identity, image: image, config: config)
                tiles.append(face.image)
                #expect(face.image.width == 128)
            }
        }
        let sheet = SampleSheet.grid(tiles, columns: 6)
        if let path = ProcessInfo.processInfo.environment["UNVEIL_SAMPLE_SHEET"] {
            try ImageIO.writePNG(sheet, to: URL(fileURLWithPath: path))
        }
    }
}
