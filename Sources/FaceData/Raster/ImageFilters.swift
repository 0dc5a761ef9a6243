import Foundation

/// Separable Gaussian blur on planar buffers (edges clamped) and Gaussian noise.
enum ImageFilters {
    /// Blurs each `width × height` plane of `values` with a Gaussian of `sigma` pixels
    /// (kernel radius ⌈3σ⌉, normalised; borders replicate the edge pixel).
    /// - Shape: `[planes, height, width]` → same
    static func gaussianBlur(_ values: inout [Float], width: Int, height: Int, sigma: Float) {
        guard sigma > 0.05 else { return }
        let radius = max(Int((3 * sigma).rounded(.up)), 1)
        var kernel = (-radius...radius).map { expf(-Float($0 * $0) / (2 * sigma * sigma)) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        let plane = width * height
        let longest = max(width, height)
        var padded = [Float](repeating: 0, count: longest + 2 * radius)   // one row or column with clamped borders
        var scratch = [Float](repeating: 0, count: plane)
        kernel.withUnsafeBufferPointer { k in
            padded.withUnsafeMutableBufferPointer { line in
                scratch.withUnsafeMutableBufferPointer { rows in
                    values.withUnsafeMutableBufferPointer { v in
                        for p in 0..<(v.count / plane) {
                            let base = p * plane
                            for y in 0..<height {
                                for x in 0..<(width + 2 * radius) { line[x] = v[base + y * width + min(max(x - radius, 0), width - 1)] }
                                for x in 0..<width {
                                    var sum: Float = 0
                                    for t in 0...(2 * radius) { sum += k[t] * line[x + t] }
                                    rows[y * width + x] = sum
                                }
                            }
                            for x in 0..<width {
                                for y in 0..<(height + 2 * radius) { line[y] = rows[min(max(y - radius, 0), height - 1) * width + x] }
                                for y in 0..<height {
                                    var sum: Float = 0
                                    for t in 0...(2 * radius) { sum += k[t] * line[y + t] }
                                    v[base + y * width + x] = sum
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `count` Gaussian samples of standard deviation `sigma` (both Box–Muller outputs used).
    static func noise(count: Int, sigma: Float, using random: inout FaceRandom) -> [Float] {
        var values = [Float](repeating: 0, count: count)
        guard sigma > 0 else { return values }
        var i = 0
        while i < count {
            let u1 = max(random.unit(), 1e-7), u2 = random.unit()
            let r = sigma * (-2 * logf(u1)).squareRoot(), angle = 2 * Float.pi * u2
            values[i] = r * cosf(angle)
            if i + 1 < count { values[i + 1] = r * sinf(angle) }
            i += 2
        }
        return values
    }
}
