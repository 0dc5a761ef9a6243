import Imaging

/// One rendered synthetic image, with the unoccluded rendering and the occlusion matte
/// when it wears a natural occlusion.
public struct RenderedFace: Sendable {
    /// The image as a camera would see it.
    /// - Shape: `[3, size, size]`
    public var image: Image
    /// The same rendering without the occlusion (nil for clean images).
    public var groundTruth: Image?
    /// 1 = visible, 0 = occluded, soft at edges and behind tinted lenses (nil for clean images).
    /// - Shape: `[1, size, size]`
    public var mask: Image?
    /// The natural occlusion worn (nil for clean images).
    public var occlusion: NaturalOcclusion?
    /// Eye centres (left, right in the image), nose tip, mouth corners, in pixels.
    public var landmarks: [Point2]
}
