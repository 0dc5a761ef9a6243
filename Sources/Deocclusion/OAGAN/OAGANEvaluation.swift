import Foundation
import NeuralNet
import TensorCore

/// Held-out quality of a generator on paired samples: how well the mask finds the occluder
/// and how much closer the recovered face is to the ground truth than the occluded input.
public struct OAGANEvaluation: Sendable, Codable, CustomStringConvertible {
    /// Samples evaluated.
    public var count: Int
    /// IoU of the occluded regions (predicted M < 0.5 vs ground-truth mask < 0.5), pooled
    /// over all samples (Σ intersection / Σ union); nil when no sample has a mask.
    public var maskIoU: Double?
    /// Mean per-image IoU over samples whose ground-truth mask has occluded pixels.
    public var meanMaskIoU: Double?
    /// Mean PSNR (dB, data range 1) of the occluded input vs the ground truth.
    public var occludedPSNR: Double
    /// Mean PSNR of the recovered face x_final vs the ground truth.
    public var recoveredPSNR: Double

    public var description: String {
        let iou = maskIoU.map { String(format: "mask IoU %.3f (per-image mean %.3f)", $0, meanMaskIoU ?? .nan) } ?? "no masks"
        return String(format: "%d images: %@, PSNR occluded %.2f dB → recovered %.2f dB (%+.2f dB)",
                      count, iou, occludedPSNR, recoveredPSNR, recoveredPSNR - occludedPSNR)
    }

    /// Runs `generator` on `samples` in batches of `batchSize`.
    public static func evaluate(_ generator: OAGANGenerator, on samples: [OAGANTrainingData.PairedSample],
                                batchSize: Int = 16) -> OAGANEvaluation {
        var intersection = 0, union = 0, masked = 0
        var iouSum = 0.0, iouCount = 0
        var occludedSum = 0.0, recoveredSum = 0.0
        for start in stride(from: 0, to: samples.count, by: batchSize) {
            let chunk = Array(samples[start..<min(start + batchSize, samples.count)])
            let shape = [chunk.count] + chunk[0].occluded.shape
            let input = Variable(Tensor(shape: shape, scalars: chunk.flatMap(\.occluded.scalars)))
            let output = withoutGradients { generator(input) }
            let plane = shape[2] * shape[3]
            for (i, sample) in chunk.enumerated() {
                let recovered = Array(output.recovered.value.scalars[(i * 3 * plane)..<((i + 1) * 3 * plane)])
                occludedSum += psnr(sample.occluded.scalars, sample.groundTruth.scalars)
                recoveredSum += psnr(recovered, sample.groundTruth.scalars)
                guard let truth = sample.mask?.scalars else { continue }
                masked += 1
                var inter = 0, uni = 0
                for p in 0..<plane {
                    let predictedHole = output.mask.value.scalars[i * plane + p] < 0.5
                    let trueHole = truth[p] < 0.5
                    if predictedHole && trueHole { inter += 1 }
                    if predictedHole || trueHole { uni += 1 }
                }
                intersection += inter
                union += uni
                if truth.contains(where: { $0 < 0.5 }) {
                    iouSum += Double(inter) / Double(max(uni, 1))
                    iouCount += 1
                }
            }
        }
        let n = Double(max(samples.count, 1))
        return OAGANEvaluation(
            count: samples.count,
            maskIoU: masked > 0 ? Double(intersection) / Double(max(union, 1)) : nil,
            meanMaskIoU: iouCount > 0 ? iouSum / Double(iouCount) : nil,
            occludedPSNR: occludedSum / n, recoveredPSNR: recoveredSum / n)
    }

    /// PSNR in dB of two images in [−1, 1], measured in [0, 1] (data range 1); capped at 100 dB.
    static func psnr(_ a: [Float], _ b: [Float]) -> Double {
        var sum = 0.0
        for i in a.indices {
            let d = Double(a[i] - b[i]) / 2
            sum += d * d
        }
        let mse = sum / Double(a.count)
        return mse > 0 ? min(100, 10 * log10(1 / mse)) : 100
    }
}
