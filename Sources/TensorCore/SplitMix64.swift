/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast, seedable generator whose whole
/// state is one `UInt64`, so it is saved in checkpoints for exact resumption.
public struct SplitMix64: RandomNumberGenerator, Codable, Sendable, Hashable {
    /// The full generator state.
    public var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Float in [0, 1) from the top 24 bits.
    public mutating func nextUnitFloat() -> Float { Float(next() >> 40) * 0x1.0p-24 }
}
