/// Training augmentation of the public LightCNN recipe: random crop and horizontal flip.
///
/// The published models crop 128×128 at random from 144×144 faces aligned at the same scale,
/// a translation of up to ±8 px. Our faces arrive aligned at the input size S, so the same
/// jitter is made by padding S/16 pixels on every side (edge replication) and cropping S×S at
/// a random offset: same scale, same range of shifts.
public struct Augmentation: Codable, Sendable, Hashable {
    /// Pixels of padding on each side; the crop offset is uniform in `0...2·padding`.
    public var padding: Int
    /// Mirror left–right with probability ½.
    public var horizontalFlip: Bool

    public init(padding: Int, horizontalFlip: Bool = true) {
        self.padding = padding
        self.horizontalFlip = horizontalFlip
    }

    /// The recipe's jitter for input size S: padding S/16 (8 px at 128), flips on.
    public static func recipe(inputSize: Int) -> Self { Self(padding: inputSize / 16, horizontalFlip: true) }

    /// No augmentation (evaluation).
    public static let none = Self(padding: 0, horizontalFlip: false)

    /// Writes an augmented copy of one S×S image into `destination`.
    /// Draws exactly three values from `rng` (x offset, y offset, flip) whatever the settings,
    /// so a run's random stream does not depend on them.
    /// - Shape: `source` `[S, S]` → `destination` `[S, S]`
    public func apply(_ source: UnsafeBufferPointer<Float>, size: Int,
                      into destination: UnsafeMutableBufferPointer<Float>,
                      using rng: inout some RandomNumberGenerator) {
        let offsetX = Int(rng.next() % UInt64(2 * padding + 1)) - padding
        let offsetY = Int(rng.next() % UInt64(2 * padding + 1)) - padding
        let flip = horizontalFlip && rng.next() & 1 == 1
        let last = size - 1
        for y in 0..<size {
            let sourceRow = min(max(y + offsetY, 0), last) * size
            let row = y * size
            for x in 0..<size {
                let cropX = flip ? last - x : x
                destination[row + x] = source[sourceRow + min(max(cropX + offsetX, 0), last)]
            }
        }
    }
}
