/// Rank-1 (and, for recovered conditions, image quality) of one condition on a subset of
/// probes: one occluder family or one occluded-area bin.
public struct BreakdownRow: Codable, Sendable, Equatable {
    /// What the probes are grouped by.
    public enum Dimension: String, Codable, Sendable, CaseIterable {
        case occluder
        case area
    }

    public var dimension: Dimension
    /// Group label: an occluder family (`sunglasses`) or an area bin (`10-20%`).
    public var group: String
    public var condition: ConditionID
    public var probes: Int
    public var rank1: Double
    /// Mean PSNR/SSIM of the condition's de-occluder on these probes, when it has one (the
    /// same for every condition of that de-occluder, since the images are the same).
    public var psnr: Double?
    public var ssim: Double?

    public init(dimension: Dimension, group: String, condition: ConditionID, probes: Int,
                rank1: Double, psnr: Double?, ssim: Double?) {
        self.dimension = dimension
        self.group = group
        self.condition = condition
        self.probes = probes
        self.rank1 = rank1
        self.psnr = psnr
        self.ssim = ssim
    }

    /// Label of the bin holding `fraction`, given the bins' ascending upper edges (`[0.1, 0.2, 1]`):
    /// bins are `[0, e0]`, `(e0, e1]`, …; a fraction above the last edge falls in the last bin.
    public static func areaBinLabel(for fraction: Double, upperEdges: [Double]) -> String {
        guard let last = upperEdges.last else { return areaBinLabel(lower: 0, upper: 1) }
        let index = upperEdges.firstIndex { fraction <= $0 } ?? upperEdges.count - 1
        return areaBinLabel(lower: index == 0 ? 0 : upperEdges[index - 1], upper: index == upperEdges.count - 1 ? last : upperEdges[index])
    }

    /// Label of the area bin `(lower, upper]`, as fractions: `0.1, 0.2` → `10-20%`.
    public static func areaBinLabel(lower: Double, upper: Double) -> String {
        "\(Int((lower * 100).rounded()))-\(Int((upper * 100).rounded()))%"
    }
}
