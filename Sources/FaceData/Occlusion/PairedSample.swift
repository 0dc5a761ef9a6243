import Foundation

/// One row of an occlusion manifest: an occluded image, its source and mask, and how
/// it was made.
public struct PairedSample: Sendable, Equatable {
    /// The occluded image.
    public var image: URL
    public var subject: String
    /// The clean source image (the ground truth).
    public var groundTruth: URL
    /// 1 = visible, 0 = occluded.
    public var mask: URL
    public var family: OccluderFamily
    public var variant: String
    public var placement: OcclusionPlacement
    public var occludedFraction: Double
}
