import Foundation
import Imaging

/// PSNR and SSIM of a test image against its reference, on the 8-bit values the images
/// would have when saved (each value quantised as `ImageIO.writePNG` does:
/// `⌊v·255 + 0.5⌋`, clamped to 0…255), optionally split into the occluded and the
/// visible region of a ground-truth mask.
///
/// - PSNR: `10·log10(255² / MSE)` with the MSE over all pixels and channels together
///   (scikit-image's `peak_signal_noise_ratio(data_range=255)`); identical images give +∞.
/// - SSIM: `SSIM` per channel, RGB as the mean of the channel values (scikit-image's
///   `channel_axis`); identical images give 1.
/// - Masks: a mask pixel below 0.5 is occluded (OA-GAN's convention: 1 = visible).
///   Masked SSIM averages the full-size SSIM map (mean over channels) over the region's
///   pixels, border included; masked PSNR takes the MSE over the region's pixels in all
///   channels. An empty region gives nil.
public enum ImageQuality {
    /// Image values as saved in 8 bits, as Double in 0…255.
    /// - Shape: `[C, H, W]` → `[C·H·W]`
    public static func quantized(_ image: Image) -> [Double] {
        image.pixels.map { value in
            if !(value > 0) { return 0 }
            if value >= 1 { return 255 }
            return Double((value * 255 + 0.5).rounded(.down))
        }
    }

    /// PSNR in dB over all channels (data range 255); +∞ for identical 8-bit images.
    public static func psnr(reference: Image, test: Image, name: String = "image") throws -> Double {
        try checkPair(reference, test, name: name)
        return wholeImagePSNR(quantized(reference), quantized(test), channels: reference.channels)
    }

    /// SSIM (mean over channels of the per-channel mean SSIM).
    public static func ssim(reference: Image, test: Image, name: String = "image", settings: SSIM = SSIM()) throws -> Double {
        try scores(reference: reference, test: test, name: name, settings: settings).ssim
    }

    /// PSNR and SSIM of the whole image and, with a mask, of its occluded and visible
    /// regions; with a predicted mask too, the IoU of the two occluded regions.
    /// - Shape: images `[C, H, W]`; masks `[1, H, W]` (an RGB mask is converted to gray)
    public static func scores(reference: Image, test: Image, mask: Image? = nil, predictedMask: Image? = nil,
                              name: String = "image", settings: SSIM = SSIM()) throws -> QualityScores {
        try checkPair(reference, test, name: name)
        let window = settings.windowSize
        guard reference.width >= window, reference.height >= window else {
            throw EvaluationError.imageTooSmallForSSIM(name: name, width: reference.width, height: reference.height, windowSize: window)
        }
        let (width, height, channels, plane) = (reference.width, reference.height, reference.channels, reference.planeSize)
        let x = quantized(reference), y = quantized(test)
        var meanMap = [Double](repeating: 0, count: plane)  // (H, W), mean over channels
        var ssim = 0.0
        for c in 0..<channels {
            let range = c * plane..<(c + 1) * plane
            let map = settings.map(Array(x[range]), Array(y[range]), width: width, height: height)
            ssim += settings.meanOverValidRegion(map, width: width, height: height) / Double(channels)
            for i in 0..<plane { meanMap[i] += map[i] / Double(channels) }
        }
        var result = QualityScores(psnr: wholeImagePSNR(x, y, channels: channels), ssim: ssim)
        if let mask {
            let occluded = try occludedPixels(mask, like: reference, name: name)
            let visible = occluded.map { !$0 }
            result.regions = RegionQualityScores(
                psnrOccluded: psnr(x, y, where: occluded, channels: channels),
                ssimOccluded: mean(meanMap, where: occluded),
                psnrVisible: psnr(x, y, where: visible, channels: channels),
                ssimVisible: mean(meanMap, where: visible),
                occludedFraction: Double(occluded.count(where: { $0 })) / Double(plane))
            if let predictedMask {
                result.maskIoU = intersectionOverUnion(try occludedPixels(predictedMask, like: reference, name: name), occluded)
            }
        }
        return result
    }

    /// IoU of the occluded regions (mask < 0.5) of a predicted and a ground-truth mask;
    /// 1 when both regions are empty.
    public static func maskIoU(predicted: Image, groundTruth: Image, name: String = "mask") throws -> Double {
        let truth = try occludedPixels(groundTruth, like: groundTruth, name: name)
        return intersectionOverUnion(try occludedPixels(predicted, like: groundTruth, name: name), truth)
    }

    // MARK: Helpers

    static func describe(_ image: Image) -> String { "\(image.width)×\(image.height)×\(image.channels)" }

    private static func checkPair(_ reference: Image, _ test: Image, name: String) throws {
        guard reference.width == test.width, reference.height == test.height, reference.channels == test.channels else {
            throw EvaluationError.imageSizeMismatch(name: name, reference: describe(reference), test: describe(test))
        }
    }

    /// Occluded pixels (value < 0.5) of a mask that must have `image`'s width and height.
    /// - Shape: `[1 or 3, H, W]` → `[H·W]`
    static func occludedPixels(_ mask: Image, like image: Image, name: String) throws -> [Bool] {
        guard mask.width == image.width, mask.height == image.height else {
            throw EvaluationError.maskSizeMismatch(name: name, mask: "\(mask.width)×\(mask.height)", image: "\(image.width)×\(image.height)")
        }
        return mask.grayscale().pixels.map { $0 < 0.5 }
    }

    /// PSNR over every pixel (an `Image` is never empty, so the value exists).
    private static func wholeImagePSNR(_ x: [Double], _ y: [Double], channels: Int) -> Double {
        psnr(x, y, where: nil, channels: channels) ?? .nan
    }

    /// PSNR over the pixels selected by `region` (all when nil) in every channel; nil
    /// when the region is empty.
    private static func psnr(_ x: [Double], _ y: [Double], where region: [Bool]?, channels: Int) -> Double? {
        let plane = x.count / channels
        var sum = 0.0, count = 0
        for c in 0..<channels {
            for i in 0..<plane where region?[i] ?? true {
                let d = x[c * plane + i] - y[c * plane + i]
                sum += d * d
                count += 1
            }
        }
        guard count > 0 else { return nil }
        return sum == 0 ? .infinity : 10 * log10(255 * 255 / (sum / Double(count)))
    }

    private static func mean(_ values: [Double], where region: [Bool]) -> Double? {
        var sum = 0.0, count = 0
        for i in values.indices where region[i] {
            sum += values[i]
            count += 1
        }
        return count > 0 ? sum / Double(count) : nil
    }

    private static func intersectionOverUnion(_ a: [Bool], _ b: [Bool]) -> Double {
        var intersection = 0, union = 0
        for i in a.indices {
            if a[i] && b[i] { intersection += 1 }
            if a[i] || b[i] { union += 1 }
        }
        return union == 0 ? 1 : Double(intersection) / Double(union)
    }
}
