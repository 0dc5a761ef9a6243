/// Mean image quality of one de-occluder's output against the ground-truth faces.
public struct DeoccluderQuality: Codable, Sendable, Equatable {
    public var deoccluder: String
    /// Image pairs scored (probes with ground truth).
    public var images: Int
    /// Whole face.
    public var whole: RegionQuality
    /// Inside the ground-truth occluded region, when masks are known.
    public var occluded: RegionQuality?
    /// Outside it.
    public var visible: RegionQuality?
    /// Mean IoU of the predicted mask with the ground-truth mask, when the de-occluder predicts one.
    public var maskIoU: Double?

    public init(deoccluder: String, images: Int, whole: RegionQuality, occluded: RegionQuality?,
                visible: RegionQuality?, maskIoU: Double?) {
        self.deoccluder = deoccluder
        self.images = images
        self.whole = whole
        self.occluded = occluded
        self.visible = visible
        self.maskIoU = maskIoU
    }
}

/// PSNR (dB, data range 255; +∞ for identical images) and SSIM over one region.
public struct RegionQuality: Codable, Sendable, Equatable {
    public var psnr: Double
    public var ssim: Double

    public init(psnr: Double, ssim: Double) {
        self.psnr = psnr
        self.ssim = ssim
    }
}
