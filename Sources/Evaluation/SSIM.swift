import Foundation

/// Structural similarity (Wang et al., "Image quality assessment: from error visibility to
/// structural similarity", IEEE TIP 2004) computed exactly as scikit-image's
/// `structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
/// data_range=255)`: local statistics under a Gaussian window (σ = 1.5, truncated at 3.5σ,
/// so 11×11) with scipy's `reflect` border, population (co)variances, K1 = 0.01,
/// K2 = 0.03, and the image's SSIM the mean of the map over pixels at least the window
/// radius away from the border. Arithmetic in Double, as scikit-image on 8-bit input.
public struct SSIM: Sendable, Codable, Equatable {
    public var sigma: Double
    public var truncate: Double
    public var k1: Double
    public var k2: Double
    public var dataRange: Double

    public init(sigma: Double = 1.5, truncate: Double = 3.5, k1: Double = 0.01, k2: Double = 0.03, dataRange: Double = 255) {
        self.sigma = sigma
        self.truncate = truncate
        self.k1 = k1
        self.k2 = k2
        self.dataRange = dataRange
    }

    /// Window radius, as scipy's `gaussian_filter`: `Int(truncate·σ + 0.5)` (5 for σ = 1.5).
    public var radius: Int { Int(truncate * sigma + 0.5) }

    /// Window side length (11 for σ = 1.5).
    public var windowSize: Int { 2 * radius + 1 }

    /// Normalised 1-D Gaussian taps for offsets −radius…radius.
    var taps: [Double] {
        let weights = (-radius...radius).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// The full-size SSIM map of one channel.
    /// - Shape: `x`, `y` `[H·W]` (row-major planes) → `[H·W]`
    public func map(_ x: [Double], _ y: [Double], width: Int, height: Int) -> [Double] {
        precondition(x.count == width * height && y.count == x.count, "SSIM.map: plane sizes differ")
        let n = width * height
        var xx = [Double](repeating: 0, count: n), yy = xx, xy = xx
        for i in 0..<n {
            xx[i] = x[i] * x[i]
            yy[i] = y[i] * y[i]
            xy[i] = x[i] * y[i]
        }
        let ux = blurred(x, width: width, height: height), uy = blurred(y, width: width, height: height)
        let uxx = blurred(xx, width: width, height: height), uyy = blurred(yy, width: width, height: height)
        let uxy = blurred(xy, width: width, height: height)
        let c1 = (k1 * dataRange) * (k1 * dataRange), c2 = (k2 * dataRange) * (k2 * dataRange)
        var result = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let vx = uxx[i] - ux[i] * ux[i], vy = uyy[i] - uy[i] * uy[i], vxy = uxy[i] - ux[i] * uy[i]
            let numerator = (2 * ux[i] * uy[i] + c1) * (2 * vxy + c2)
            let denominator = (ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2)
            result[i] = numerator / denominator
        }
        return result
    }

    /// Mean of `map` over pixels at least `radius` from every border (scikit-image's crop).
    /// - Shape: `map` `[H·W]`
    public func meanOverValidRegion(_ map: [Double], width: Int, height: Int) -> Double {
        let r = radius
        var sum = 0.0
        for y in r..<(height - r) {
            for x in r..<(width - r) { sum += map[y * width + x] }
        }
        return sum / Double((width - 2 * r) * (height - 2 * r))
    }

    /// Separable Gaussian filter with scipy's `reflect` border (d c b a | a b c d | d c b a),
    /// first along rows' index (axis 0), then along columns (axis 1), as `gaussian_filter`.
    /// - Shape: `[H·W]` → `[H·W]`
    func blurred(_ plane: [Double], width: Int, height: Int) -> [Double] {
        let taps = self.taps, r = radius
        let rowIndex = (-r..<(height + r)).map { Self.reflect($0, count: height) }
        let columnIndex = (-r..<(width + r)).map { Self.reflect($0, count: width) }
        var vertical = [Double](repeating: 0, count: plane.count)
        plane.withUnsafeBufferPointer { source in
            vertical.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    for t in 0..<taps.count {
                        let weight = taps[t], row = rowIndex[y + t] * width
                        for x in 0..<width { target[y * width + x] += weight * source[row + x] }
                    }
                }
            }
        }
        var result = [Double](repeating: 0, count: plane.count)
        vertical.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    let row = y * width
                    for x in 0..<width {
                        var sum = 0.0
                        for t in 0..<taps.count { sum += taps[t] * source[row + columnIndex[x + t]] }
                        target[row + x] = sum
                    }
                }
            }
        }
        return result
    }

    /// scipy.ndimage `reflect` index mapping (period 2·count, edge sample repeated).
    static func reflect(_ index: Int, count: Int) -> Int {
        let period = 2 * count
        let m = ((index % period) + period) % period
        return m < count ? m : period - 1 - m
    }
}
