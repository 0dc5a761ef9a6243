import Foundation

/// A seeded SplitMix64 generator private to FaceData, so that every synthetic face,
/// occluder and placement is bit-identical for a seed on any machine.
///
/// Reference: Steele, Lea, Flood, "Fast splittable pseudorandom number generators"
/// (OOPSLA 2014); constants as in `java.util.SplittableRandom`.
public struct FaceRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose whole stream is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator for one labelled sub-stream (an identity, an image, a variant):
    /// streams of different labels do not overlap in practice.
    public init(seed: UInt64, stream: UInt64...) {
        var mixed = seed
        for label in stream { mixed = FaceRandom.mix(mixed &+ 0x9E37_79B9_7F4A_7C15 &* (label &+ 1)) }
        state = mixed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return FaceRandom.mix(state)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 24 random bits (exact in Float32).
    public mutating func unit() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// Uniform in `range`.
    public mutating func uniform(_ range: ClosedRange<Float>) -> Float {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    /// Standard normal (Box–Muller on two uniforms), deterministic across platforms
    /// as long as `log`, `sqrt` and `cos` are correctly rounded to Float32's precision.
    public mutating func normal() -> Float {
        let u1 = max(unit(), 1e-7)
        let u2 = unit()
        return (-2 * logf(u1)).squareRoot() * cosf(2 * Float.pi * u2)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Float) -> Bool { unit() < p }

    /// Uniform integer in `0..<count`.
    public mutating func index(_ count: Int) -> Int {
        Int(next() % UInt64(max(count, 1)))
    }
}
