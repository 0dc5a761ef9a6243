import Foundation
import Imaging

/// PSNR / SSIM of recovered probes against their ground truth (whole face, occluded and
/// visible regions by the ground-truth mask) and mask IoU of predicted masks, per
/// de-occluder, with the occluded input itself as the reference row.
struct QualityTable {
    /// Label of the row that scores the occluded input (the "before" of every gain).
    static let occludedInput = "occluded input"
    var rows: [DeoccluderQuality] = []
    /// Per-probe scores by de-occluder label (nil where the probe has no ground truth).
    var perProbe: [String: [QualityScores?]] = [:]

    static func compute(probes: ProbeSet, recovered: [(label: String, probes: RecoveredProbes)]) throws -> QualityTable {
        var table = QualityTable()
        let candidates = [(occludedInput, probes.occluded, [Image?](repeating: nil, count: probes.count))]
            + recovered.map { ($0.label, $0.probes.images, $0.probes.predictedMasks) }
        for (label, images, predictedMasks) in candidates {
            let scores: [QualityScores?] = try probes.entries.indices.map { i in
                guard let reference = probes.groundTruth[i] else { return nil }
                var test = images[i]
                if test.width != reference.width || test.height != reference.height {
                    test = test.resized(width: reference.width, height: reference.height)
                }
                if test.channels != reference.channels { test = reference.channels == 3 ? test.rgb() : test.grayscale() }
                return try ImageQuality.scores(reference: reference, test: test, mask: probes.masks[i],
                                               predictedMask: predictedMasks[i], name: probes.fileNames[i])
            }
            table.perProbe[label] = scores
            let scored = scores.compactMap { $0 }
            guard !scored.isEmpty else { continue }
            table.rows.append(DeoccluderQuality(
                deoccluder: label, images: scored.count,
                whole: RegionQuality(psnr: mean(scored.map(\.psnr)), ssim: mean(scored.map(\.ssim))),
                occluded: region(scored.compactMap { $0.regions?.psnrOccluded }, scored.compactMap { $0.regions?.ssimOccluded }),
                visible: region(scored.compactMap { $0.regions?.psnrVisible }, scored.compactMap { $0.regions?.ssimVisible }),
                maskIoU: scored.contains { $0.maskIoU != nil } ? mean(scored.compactMap(\.maskIoU)) : nil))
        }
        return table
    }

    /// Mean that stays infinite only when every value is (identical images give ∞ dB).
    private static func mean(_ values: [Double]) -> Double {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { return values.isEmpty ? .nan : .infinity }
        return finite.reduce(0, +) / Double(finite.count)
    }

    private static func region(_ psnr: [Double], _ ssim: [Double]) -> RegionQuality? {
        guard !psnr.isEmpty, !ssim.isEmpty else { return nil }
        return RegionQuality(psnr: mean(psnr), ssim: mean(ssim))
    }
}
