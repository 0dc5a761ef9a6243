import Foundation
import TensorCore

/// FaceData's seeded generator: TensorCore's `SplitMix64` plus labelled sub-streams and
/// the draws the renderer needs, so every synthetic face, occluder and placement is
/// bit-identical for a seed on any machine.
public struct FaceRandom: RandomNumberGenerator, Sendable {
    private var core: SplitMix64

    /// A generator whose whole stream is fixed by `seed`.
    public init(seed: UInt64) { core = SplitMix64(seed: seed) }

    /// A generator for one labelled sub-stream (an identity, an image, a variant): each
    /// label is folded into the seed through one SplitMix64 step, so streams of different
    /// labels do not overlap in practice.
    public init(seed: UInt64, stream: UInt64...) {
        var mixed = seed
        for label in stream {
            var step = SplitMix64(seed: mixed ^ (label &* 0xD1B5_4A32_D192_ED03))
            mixed = step.next()
        }
        core = SplitMix64(seed: mixed)
    }

    public mutating func next() -> UInt64 { core.next() }

    /// Uniform in [0, 1) with 24 random bits (exact in Float32).
    public mutating func unit() -> Float { core.nextUnitFloat() }

    /// Uniform in `range`.
    public mutating func uniform(_ range: ClosedRange<Float>) -> Float {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    /// Standard normal (Box–Muller on two uniforms).
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
