import Foundation
@testable import Imaging
import TestSupport

/// `Tests/Fixtures/imaging/expected.json`, written by `scripts/make_imaging_fixtures.py`.
struct ImagingFixtures: Decodable {
    /// Integer samples of a decoded file, interleaved (H, W, C) as the reference decoder gave them.
    struct Samples: Decodable {
        let width: Int, height: Int, channels: Int, maximum: Int
        let samples: [Int]  // (H, W, channels)

        /// Colour channel `c` (or alpha, the last channel) of pixel (x, y) in [0, 1].
        func value(x: Int, y: Int, c: Int) -> Float {
            Float(samples[(y * width + x) * channels + c]) / Float(maximum)
        }
    }
    struct Resize: Decodable {
        let source: [Float], sourceWidth: Int, sourceHeight: Int
        let width: Int, height: Int, expected: [Float]
    }
    struct Warp: Decodable {
        let source: [Float], sourceWidth: Int, sourceHeight: Int
        let matrix: [[Double]], fill: Float, width: Int, height: Int, expected: [Float]
    }
    struct Similarity: Decodable {
        let source: [[Double]], destination: [[Double]], matrix: [[Double]]
    }
    let png: [String: Samples]
    let jpeg: [String: Samples]
    let resize: Resize
    let warp: Warp
    let similarity: [String: Similarity]

    static func load() throws -> ImagingFixtures {
        try JSONDecoder().decode(ImagingFixtures.self, from: Data(contentsOf: Fixtures.url("imaging/expected.json")))
    }
}

/// Named tolerances of the imaging tests.
enum ImagingTolerance {
    /// Float32 rounding of a few multiply-adds on values in [0, 1].
    static let float32: Float = 1e-5
    /// Pillow's bundled libjpeg-turbo and the system one may differ by one level in
    /// IDCT / chroma upsampling rounding (different versions and SIMD paths).
    static let jpegDecoders: Float = 1 / 255 + 1e-6
    /// Double-precision geometry fitted by different SVD routines.
    static let geometry: Double = 1e-9
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, seedable, reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Standard normal sample (Box–Muller).
    mutating func normal() -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let v = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

/// A random image with values in [0, 1].
func randomImage(width: Int, height: Int, channels: Int, using generator: inout SeededGenerator) -> Image {
    Image(width: width, height: height, channels: channels,
          pixels: (0..<(width * height * channels)).map { _ in Float.random(in: 0...1, using: &generator) })
}
