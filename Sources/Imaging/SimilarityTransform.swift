import CLAPACKE
import Foundation

/// A similarity (rotation, uniform scale, translation; no reflection or shear),
/// `p ↦ scale·R(angle)·p + translation`.
public struct SimilarityTransform: Sendable, Equatable, Codable {
    public var scale: Double
    /// Rotation in radians (positive turns +x towards +y).
    public var angle: Double
    public var translation: SIMD2<Double>

    public init(scale: Double, angle: Double, translation: SIMD2<Double>) {
        self.scale = scale
        self.angle = angle
        self.translation = translation
    }

    /// The same map as a 2×3 affine matrix.
    public var affine: AffineTransform {
        .similarity(scale: scale, angle: angle, translation: translation)
    }

    /// Least-squares similarity taking `source[i]` towards `destination[i]`
    /// (Umeyama 1991, "Least-squares estimation of transformation parameters between
    /// two point patterns", eqs. 38–42, as scikit-image's `SimilarityTransform.estimate`).
    /// The 2×2 cross-covariance is decomposed with LAPACK's `dgesvd`; when the best
    /// orthogonal map would be a reflection the smallest singular direction is
    /// flipped, so the result is always a proper rotation.
    /// - Throws: `ImageError.landmarkCount` for fewer than 2 or unequal point
    ///   counts, `ImageError.degenerateLandmarks` when the source points coincide.
    public static func estimate(from source: [SIMD2<Double>], to destination: [SIMD2<Double>]) throws -> SimilarityTransform {
        guard source.count == destination.count else {
            throw ImageError.landmarkCount(expected: source.count, actual: destination.count)
        }
        guard source.count >= 2 else { throw ImageError.landmarkCount(expected: 2, actual: source.count) }
        let n = Double(source.count)
        let meanSource = source.reduce(SIMD2<Double>.zero, +) / n
        let meanDestination = destination.reduce(SIMD2<Double>.zero, +) / n
        var covariance = [Double](repeating: 0, count: 4)  // (2, 2) row-major: Σ = 1/n Σ (y−μy)(x−μx)ᵀ
        var varianceSource = 0.0
        for (x, y) in zip(source, destination) {
            let xc = x - meanSource, yc = y - meanDestination
            covariance[0] += yc.x * xc.x
            covariance[1] += yc.x * xc.y
            covariance[2] += yc.y * xc.x
            covariance[3] += yc.y * xc.y
            varianceSource += (xc * xc).sum()
        }
        covariance = covariance.map { $0 / n }
        varianceSource /= n
        guard varianceSource > 1e-12, varianceSource.isFinite, covariance.allSatisfy(\.isFinite) else {
            throw ImageError.degenerateLandmarks("source points coincide or are not finite")
        }
        let (u, singular, vt) = try svd2x2(covariance)
        let determinantU = u[0] * u[3] - u[1] * u[2]
        let determinantVt = vt[0] * vt[3] - vt[1] * vt[2]
        let flip: Double = determinantU * determinantVt < 0 ? -1 : 1  // S = diag(1, flip)
        // R = U·S·Vᵀ (2×2, row-major)
        let r00 = u[0] * vt[0] + flip * u[1] * vt[2]
        let r10 = u[2] * vt[0] + flip * u[3] * vt[2]
        let scale = (singular[0] + flip * singular[1]) / varianceSource
        let angle = atan2(r10, r00)
        let rotated = SIMD2(r00 * meanSource.x - r10 * meanSource.y, r10 * meanSource.x + r00 * meanSource.y)
        return SimilarityTransform(scale: scale, angle: angle, translation: meanDestination - scale * rotated)
    }

    /// `estimate` for points given as `(x, y)` tuples.
    public static func estimate(from source: [(x: Double, y: Double)], to destination: [(x: Double, y: Double)]) throws -> SimilarityTransform {
        try estimate(from: source.map { SIMD2($0.x, $0.y) }, to: destination.map { SIMD2($0.x, $0.y) })
    }

    /// SVD of a row-major 2×2 matrix: `m = U·diag(s)·Vᵀ`, s descending.
    private static func svd2x2(_ m: [Double]) throws -> (u: [Double], s: [Double], vt: [Double]) {
        var a = m
        var s = [Double](repeating: 0, count: 2)
        var u = [Double](repeating: 0, count: 4)
        var vt = [Double](repeating: 0, count: 4)
        var superb = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "A")), Int8(UInt8(ascii: "A")),
                                  2, 2, &a, 2, &s, &u, 2, &vt, 2, &superb)
        guard info == 0 else { throw ImageError.degenerateLandmarks("LAPACK dgesvd failed (info \(info))") }
        return (u, s, vt)
    }
}
