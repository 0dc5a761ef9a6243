/// Image-quality numbers of one test image against its reference (see `ImageQuality`).
public struct QualityScores: Sendable, Codable, Equatable {
    /// PSNR in dB over the whole image (+∞ for identical images).
    public var psnr: Double
    /// SSIM over the whole image (scikit-image's definition).
    public var ssim: Double
    /// Scores inside and outside the ground-truth occluded region, when a mask was given.
    public var regions: RegionQualityScores?
    /// IoU of predicted and ground-truth occluded regions, when both masks were given.
    public var maskIoU: Double?

    public init(psnr: Double, ssim: Double, regions: RegionQualityScores? = nil, maskIoU: Double? = nil) {
        self.psnr = psnr
        self.ssim = ssim
        self.regions = regions
        self.maskIoU = maskIoU
    }
}

/// PSNR and SSIM restricted to the occluded (mask < 0.5) and visible regions; nil where a
/// region has no pixels.
public struct RegionQualityScores: Sendable, Codable, Equatable {
    public var psnrOccluded: Double?
    public var ssimOccluded: Double?
    public var psnrVisible: Double?
    public var ssimVisible: Double?
    /// Share of pixels in the occluded region.
    public var occludedFraction: Double

    public init(psnrOccluded: Double?, ssimOccluded: Double?, psnrVisible: Double?, ssimVisible: Double?, occludedFraction: Double) {
        self.psnrOccluded = psnrOccluded
        self.ssimOccluded = ssimOccluded
        self.psnrVisible = psnrVisible
        self.ssimVisible = ssimVisible
        self.occludedFraction = occludedFraction
    }
}
