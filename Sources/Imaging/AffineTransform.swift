import Foundation

/// A 2-D affine map `(x, y) ↦ (a·x + b·y + tx, c·x + d·y + ty)`, the 2×3 matrix
/// `[[a, b, tx], [c, d, ty]]` of OpenCV's `warpAffine`.
///
/// Coordinates are in pixels with pixel centres at integers: pixel (x, y) covers
/// [x − ½, x + ½] × [y − ½, y + ½] (OpenCV, scikit-image and landmark files use this).
public struct AffineTransform: Sendable, Equatable, Codable {
    public var a: Double, b: Double, tx: Double
    public var c: Double, d: Double, ty: Double

    public init(a: Double, b: Double, tx: Double, c: Double, d: Double, ty: Double) {
        (self.a, self.b, self.tx, self.c, self.d, self.ty) = (a, b, tx, c, d, ty)
    }

    /// From the row-major 2×3 matrix `[[a, b, tx], [c, d, ty]]`.
    public init(matrix: [[Double]]) {
        precondition(matrix.count == 2 && matrix.allSatisfy { $0.count == 3 }, "AffineTransform: 2×3 matrix expected")
        self.init(a: matrix[0][0], b: matrix[0][1], tx: matrix[0][2],
                  c: matrix[1][0], d: matrix[1][1], ty: matrix[1][2])
    }

    public static let identity = AffineTransform(a: 1, b: 0, tx: 0, c: 0, d: 1, ty: 0)

    /// Translation by (dx, dy).
    public static func translation(x dx: Double, y dy: Double) -> AffineTransform {
        AffineTransform(a: 1, b: 0, tx: dx, c: 0, d: 1, ty: dy)
    }

    /// Scaling about the origin.
    public static func scaling(x sx: Double, y sy: Double) -> AffineTransform {
        AffineTransform(a: sx, b: 0, tx: 0, c: 0, d: sy, ty: 0)
    }

    /// Rotation by `angle` radians about the origin (counter-clockwise in a y-up
    /// frame, i.e. clockwise on screen where y points down), scaled by `scale`.
    public static func similarity(scale: Double, angle: Double, translation: SIMD2<Double>) -> AffineTransform {
        let cosine = scale * Foundation.cos(angle), sine = scale * Foundation.sin(angle)
        return AffineTransform(a: cosine, b: -sine, tx: translation.x, c: sine, d: cosine, ty: translation.y)
    }

    /// Rows `[[a, b, tx], [c, d, ty]]`.
    public var matrix: [[Double]] { [[a, b, tx], [c, d, ty]] }

    /// Determinant of the linear part.
    public var determinant: Double { a * d - b * c }

    /// The image of point `p`.
    public func apply(_ p: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(a * p.x + b * p.y + tx, c * p.x + d * p.y + ty)
    }

    /// The inverse map, or nil when the linear part is singular.
    public func inverted() -> AffineTransform? {
        let det = determinant
        guard det.isFinite, abs(det) > 1e-12 else { return nil }
        let ia = d / det, ib = -b / det, ic = -c / det, id = a / det
        return AffineTransform(a: ia, b: ib, tx: -(ia * tx + ib * ty),
                               c: ic, d: id, ty: -(ic * tx + id * ty))
    }

    /// `other ∘ self`: first `self`, then `other`.
    public func followed(by other: AffineTransform) -> AffineTransform {
        AffineTransform(
            a: other.a * a + other.b * c, b: other.a * b + other.b * d, tx: other.a * tx + other.b * ty + other.tx,
            c: other.c * a + other.d * c, d: other.c * b + other.d * d, ty: other.c * tx + other.d * ty + other.ty)
    }
}
