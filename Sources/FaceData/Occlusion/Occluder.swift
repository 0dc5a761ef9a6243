import Imaging

/// An occluder sprite: colour plus alpha matte, with the family that decides its placement.
public struct Occluder: Sendable {
    public var family: OccluderFamily
    /// Variant label: `v<index>` for procedural occluders, the file name for user PNGs.
    public var variant: String
    /// - Shape: `[3, h, w]`
    public var image: Image
    /// Opacity in [0, 1].
    /// - Shape: `[h, w]`
    public var alpha: [Float]
    /// Sprite width in units of the eye distance when placed (before random scaling).
    public var relativeWidth: Double

    public init(family: OccluderFamily, variant: String, image: Image, alpha: [Float], relativeWidth: Double) {
        precondition(alpha.count == image.planeSize, "Occluder: alpha size does not match the image")
        self.family = family
        self.variant = variant
        self.image = image
        self.alpha = alpha
        self.relativeWidth = relativeWidth
    }
}
