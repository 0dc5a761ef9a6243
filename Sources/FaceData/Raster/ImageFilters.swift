import Foundation
import Imaging

/// Separable Gaussian blur and additive noise on planar buffers (edges clamped).
enum ImageFilters {
    /// Blurs each `width × height` plane of `planes` with a Gaussian of `sigma` pixels.
    /// - Shape: `[planes, height, width]` → same
    static func gaussianBlur(_ values: inout [Float], width: Int, height: Int, sigma: Float) {
        guard sigma > 0.05 else { return }
        let radius = max(Int((3 * sigma).rounded(.up)), 1)
        var kernel = (-radius...radius).map { expf(-Float($0 * $0) / (2 * sigma * sigma)) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        let plane = width * height
        var scratch = [Float](repeating: 0, count: plane)
        for p in 0..<(values.count / plane) {
            let base = p * plane
            for y in 0..<height {
                for x in 0..<width {
                    var sum: Float = 0
                    for k in -radius...radius {
                        sum += kernel[k + radius] * values[base + y * width + min(max(x + k, 0), width - 1)]
                    }
                    scratch[y * width + x] = sum
                }
            }
            for y in 0..<height {
                for x in 0..<width {
                    var sum: Float = 0
                    for k in -radius...radius {
                        sum += kernel[k + radius] * scratch[min(max(y + k, 0), height - 1) * width + x]
                    }
                    values[base + y * width + x] = sum
                }
            }
        }
    }

    /// Adds Gaussian noise of `sigma` (same draw for a given generator state) and clamps to [0, 1].
    static func addNoise(_ values: inout [Float], sigma: Float, using random: inout FaceRandom) {
        for i in values.indices {
            values[i] = min(max(values[i] + sigma * random.normal(), 0), 1)
        }
    }
}
