import ArgumentParser
import Evaluation
import Foundation

/// `unveil quality`: PSNR and SSIM per image pair, matched by file name.
struct Quality: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "PSNR and SSIM per image pair, matched by file name.",
        discussion: """
            Images are compared as saved in 8 bits: PSNR over all channels (data range 255), SSIM as \
            scikit-image's structural_similarity(gaussian_weights=True, sigma=1.5, \
            use_sample_covariance=False, data_range=255). With --masks (mask < 0.5 = occluded) the \
            scores are also given inside and outside the occluded region; with --predicted-masks too, \
            the IoU of the occluded regions.
            """)

    @Option(help: "Folder of reference (ground-truth) images.")
    var reference: String

    @Option(help: "Folder of test images with the same file names.")
    var test: String

    @Option(help: "Folder of ground-truth masks (1 visible, 0 occluded), same names.")
    var masks: String?

    @Option(help: "Folder of predicted masks, same names (needs --masks).")
    var predictedMasks: String?

    @Option(help: "CSV to write.")
    var out: String

    func validate() throws {
        if predictedMasks != nil, masks == nil { throw ValidationError("--predicted-masks needs --masks") }
    }

    func run() throws {
        let config = QualityConfig(
            reference: URL(fileURLWithPath: reference), test: URL(fileURLWithPath: test),
            masks: masks.map { URL(fileURLWithPath: $0) }, predictedMasks: predictedMasks.map { URL(fileURLWithPath: $0) },
            output: URL(fileURLWithPath: out))
        let records = try QualityRun.run(config)
        let finite = records.map(\.scores.psnr).filter(\.isFinite)
        let meanPSNR = finite.isEmpty ? Double.infinity : finite.reduce(0, +) / Double(finite.count)
        let meanSSIM = records.map(\.scores.ssim).reduce(0, +) / Double(records.count)
        print(String(format: "%d pairs: mean PSNR %.3f dB (%d identical left out), mean SSIM %.4f; wrote %@",
                     records.count, meanPSNR, records.count - finite.count, meanSSIM, config.output.path))
    }
}
