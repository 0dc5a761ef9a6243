/// Kinds of pasted occluders; each family has its own placement rule relative to the
/// face's landmarks (glasses across the eyes, masks and scarves over the lower face,
/// hands and objects anywhere).
public enum OccluderFamily: String, Sendable, Codable, CaseIterable {
    case eyeglasses, sunglasses, respirator, surgicalMask = "surgical_mask", scarf, hand, cup, phone
    case hatBrim = "hat_brim", object

    /// Families of the procedural library.
    public static let procedural: [OccluderFamily] = allCases

    /// Documented range of the occluded-area fraction (pixels with alpha ≥ ½) on a
    /// 128×128 aligned face; `tests` check every family stays inside it.
    public var occludedFractionRange: ClosedRange<Double> {
        switch self {
        case .eyeglasses: return 0.003...0.05
        case .sunglasses: return 0.02...0.15
        case .respirator: return 0.05...0.25
        case .surgicalMask: return 0.07...0.35
        case .scarf: return 0.15...0.6
        case .hand: return 0.02...0.3
        case .cup: return 0.02...0.2
        case .phone: return 0.02...0.2
        case .hatBrim: return 0.08...0.4
        case .object: return 0.003...0.25
        }
    }
}
