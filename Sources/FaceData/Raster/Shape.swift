import Foundation

/// A 2-D point or vector in shape coordinates (normalised image units, y down).
public struct Point2: Sendable, Equatable, Codable {
    public var x: Float
    public var y: Float
    public init(_ x: Float, _ y: Float) { self.x = x; self.y = y }

    static func + (a: Point2, b: Point2) -> Point2 { Point2(a.x + b.x, a.y + b.y) }
    static func - (a: Point2, b: Point2) -> Point2 { Point2(a.x - b.x, a.y - b.y) }
    static func * (a: Point2, s: Float) -> Point2 { Point2(a.x * s, a.y * s) }
    var length: Float { (x * x + y * y).squareRoot() }
}

/// An RGB colour with components in [0, 1].
public struct RGB: Sendable, Equatable, Codable {
    public var r: Float, g: Float, b: Float
    public init(_ r: Float, _ g: Float, _ b: Float) { self.r = r; self.g = g; self.b = b }

    /// Linear blend: `self` at t = 0, `other` at t = 1.
    func mixed(with other: RGB, _ t: Float) -> RGB {
        RGB(r + (other.r - r) * t, g + (other.g - g) * t, b + (other.b - b) * t)
    }
    func scaled(_ s: Float) -> RGB { RGB(min(r * s, 1), min(g * s, 1), min(b * s, 1)) }
}

/// Signed-distance primitives (negative inside) drawn with smooth edge coverage.
///
/// Distances are exact for circles, capsules and boxes and a first-order
/// approximation for ellipses and eggs, which is all the anti-aliasing needs.
indirect enum Shape: Sendable {
    /// Ellipse with half-axes `radii`, rotated by `angle` radians.
    case ellipse(center: Point2, radii: Point2, angle: Float)
    /// Outline of an ellipse, `width` thick (centred on the ellipse).
    case ellipseRing(center: Point2, radii: Point2, angle: Float, width: Float)
    /// Segment from `a` to `b` thickened by `radius` (lines, brows, frames).
    case capsule(a: Point2, b: Point2, radius: Float)
    /// Box of half-size `half` with rounded corners, rotated by `angle`.
    case roundedBox(center: Point2, half: Point2, corner: Float, angle: Float)
    /// Egg: ellipse of half-width `halfWidth`, reaching `top` above and `bottom` below the
    /// centre, the lower half narrowing by `taper` towards the chin.
    case egg(center: Point2, halfWidth: Float, top: Float, bottom: Float, taper: Float)
    /// Parabolic arc `y = curve·(2t−1)²` between `a` and `b`, `radius` thick (smile, lids).
    case arc(a: Point2, b: Point2, sag: Float, radius: Float)
    /// Inside both shapes.
    case intersection(Shape, Shape)
    /// Inside the first shape but not the second.
    case subtraction(Shape, Shape)

    /// Signed distance at `p`.
    @inline(__always)
    func distance(_ p: Point2) -> Float {
        switch self {
        case let .ellipse(c, r, angle):
            return Shape.ellipseDistance(Shape.local(p, c, angle), r)
        case let .ellipseRing(c, r, angle, width):
            return abs(Shape.ellipseDistance(Shape.local(p, c, angle), r)) - width / 2
        case let .capsule(a, b, radius):
            return Shape.segmentDistance(p, a, b) - radius
        case let .roundedBox(c, half, corner, angle):
            let q = Shape.local(p, c, angle)
            let dx = abs(q.x) - half.x + corner, dy = abs(q.y) - half.y + corner
            let outside = Point2(max(dx, 0), max(dy, 0)).length
            return outside + min(max(dx, dy), 0) - corner
        case let .egg(c, halfWidth, top, bottom, taper):
            let q = p - c
            if q.y <= 0 { return Shape.ellipseDistance(q, Point2(halfWidth, top)) }
            let narrowing = 1 - taper * min(q.y / bottom, 1) * min(q.y / bottom, 1)
            let width = max(halfWidth * narrowing, 1e-3)
            return Shape.ellipseDistance(Point2(q.x * halfWidth / width, q.y), Point2(halfWidth, bottom))
        case let .arc(a, b, sag, radius):
            // Approximate: distance to the polyline of 6 segments along the parabola.
            var best = Float.greatestFiniteMagnitude
            var previous = a
            for step in 1...6 {
                let t = Float(step) / 6
                let s = 2 * t - 1
                let point = Point2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t + sag * (1 - s * s))
                best = min(best, Shape.segmentDistance(p, previous, point))
                previous = point
            }
            return best - radius
        case let .intersection(a, b):
            return max(a.distance(p), b.distance(p))
        case let .subtraction(a, b):
            return max(a.distance(p), -b.distance(p))
        }
    }

    /// Axis-aligned bounds (min, max) in shape coordinates, generous for rotated shapes.
    var bounds: (Point2, Point2) {
        switch self {
        case let .ellipse(c, r, _):
            let m = max(r.x, r.y)
            return (Point2(c.x - m, c.y - m), Point2(c.x + m, c.y + m))
        case let .ellipseRing(c, r, _, width):
            let m = max(r.x, r.y) + width
            return (Point2(c.x - m, c.y - m), Point2(c.x + m, c.y + m))
        case let .capsule(a, b, radius):
            return (Point2(min(a.x, b.x) - radius, min(a.y, b.y) - radius),
                    Point2(max(a.x, b.x) + radius, max(a.y, b.y) + radius))
        case let .roundedBox(c, half, _, angle):
            let m = angle == 0 ? half : Point2(half.length, half.length)
            return (Point2(c.x - m.x, c.y - m.y), Point2(c.x + m.x, c.y + m.y))
        case let .egg(c, halfWidth, top, bottom, _):
            return (Point2(c.x - halfWidth, c.y - top), Point2(c.x + halfWidth, c.y + bottom))
        case let .arc(a, b, sag, radius):
            let low = min(a.y, b.y) + min(sag, 0), high = max(a.y, b.y) + max(sag, 0)
            return (Point2(min(a.x, b.x) - radius, low - radius), Point2(max(a.x, b.x) + radius, high + radius))
        case let .intersection(a, b):
            let (la, ha) = a.bounds, (lb, hb) = b.bounds
            return (Point2(max(la.x, lb.x), max(la.y, lb.y)), Point2(min(ha.x, hb.x), min(ha.y, hb.y)))
        case let .subtraction(a, _):
            return a.bounds
        }
    }

    @inline(__always)
    static func local(_ p: Point2, _ c: Point2, _ angle: Float) -> Point2 {
        let q = p - c
        if angle == 0 { return q }
        let cs = cosf(angle), sn = sinf(angle)
        return Point2(cs * q.x + sn * q.y, -sn * q.x + cs * q.y)
    }

    /// Inigo Quilez's first-order ellipse distance `k0·(k0−1)/k1`.
    @inline(__always)
    static func ellipseDistance(_ q: Point2, _ r: Point2) -> Float {
        let k0 = Point2(q.x / r.x, q.y / r.y).length
        let k1 = Point2(q.x / (r.x * r.x), q.y / (r.y * r.y)).length
        if k1 < 1e-9 { return -min(r.x, r.y) }
        return k0 * (k0 - 1) / k1
    }

    @inline(__always)
    static func segmentDistance(_ p: Point2, _ a: Point2, _ b: Point2) -> Float {
        let pa = p - a, ba = b - a
        let denominator = ba.x * ba.x + ba.y * ba.y
        let h = denominator > 0 ? min(max((pa.x * ba.x + pa.y * ba.y) / denominator, 0), 1) : 0
        return (pa - ba * h).length
    }
}
