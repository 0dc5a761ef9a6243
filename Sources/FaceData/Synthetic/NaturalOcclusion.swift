/// An occlusion worn by a synthetic face and drawn by the face renderer itself, in the
/// face's own pose and lighting (unlike pasted occluders, which are flat sprites).
public struct NaturalOcclusion: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case glasses, sunglasses, mask, scarf
    }

    public var kind: Kind
    public var color: RGB          // frame, lens, mask or scarf colour
    public var accent: RGB         // stripes, pleats, rims
    public var size: Float         // lens size / coverage scale
    public var roundness: Float    // lens corner roundness / mask curvature
    public var thickness: Float    // frame thickness / pattern frequency

    /// Draws a natural occlusion of `kind` with random style.
    public static func sample(_ kind: Kind, using random: inout FaceRandom) -> NaturalOcclusion {
        let frames = [RGB(0.05, 0.05, 0.05), RGB(0.35, 0.2, 0.1), RGB(0.6, 0.6, 0.65), RGB(0.55, 0.1, 0.1), RGB(0.1, 0.15, 0.4)]
        let masks = [RGB(0.55, 0.75, 0.9), RGB(0.95, 0.95, 0.95), RGB(0.12, 0.12, 0.14), RGB(0.7, 0.85, 0.8)]
        let color: RGB
        switch kind {
        case .glasses, .sunglasses: color = frames[random.index(frames.count)]
        case .mask: color = masks[random.index(masks.count)]
        case .scarf: color = RGB(random.uniform(0.1...0.9), random.uniform(0.1...0.9), random.uniform(0.1...0.9))
        }
        return NaturalOcclusion(
            kind: kind, color: color,
            accent: RGB(random.uniform(0.1...0.9), random.uniform(0.1...0.9), random.uniform(0.1...0.9)),
            size: random.uniform(0.85...1.2), roundness: random.unit(), thickness: random.uniform(0.6...1.4))
    }
}
