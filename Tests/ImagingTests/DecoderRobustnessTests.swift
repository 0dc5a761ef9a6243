import Foundation
import Testing
import TestSupport
@testable import Imaging

/// Seeded mutations of valid files (flipped bytes, cuts, spliced garbage) must
/// decode or throw an `ImageError`; a crash or exit inside libpng/libjpeg would
/// end the test process.
@Test(arguments: ["rgb8.png", "rgba16.png", "palette4_trns.png", "rgb8_interlaced.png", "rgb.jpg", "gray.jpg"])
func mutatedFilesNeverCrashTheDecoder(_ name: String) throws {
    let original = try Data(contentsOf: Fixtures.url("imaging/\(name)"))
    var generator = SeededGenerator(seed: 99)
    var outcomes = (decoded: 0, rejected: 0)
    for trial in 0..<150 {
        var bytes = original
        switch trial % 3 {
        case 0:
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
        case 1:
            bytes = bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator))
        default:
            let at = Int.random(in: 0..<bytes.count, using: &generator)
            bytes.replaceSubrange(at..<min(at + 16, bytes.count),
                                  with: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        do {
            let image = try ImageIO.decode(data: bytes, name: "\(name)#\(trial)")
            #expect(image.pixels.count == image.channels * image.planeSize)
            outcomes.decoded += 1
        } catch let error as ImageError {
            #expect(error.description.contains("\(name)#\(trial)"))
            outcomes.rejected += 1
        }
    }
    #expect(outcomes.rejected > 0, "\(outcomes)")
}
