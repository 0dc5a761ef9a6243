import Foundation

/// Similarity between shape coordinates (normalised: the canonical image spans [0, 1]²,
/// y down) and pixels: rotation `angle` and `scale` about the image centre, then `shift`
/// (normalised units). The synthetic renderer uses it as the per-image alignment error.
struct CanvasFrame: Sendable {
    var size: Int
    var angle: Float = 0
    var scale: Float = 1
    var shift = Point2(0, 0)

    /// Pixels per shape unit (for edge coverage).
    var pixelsPerUnit: Float { Float(size) * scale }

    /// Shape coordinates of pixel position (px, py) (pixel centres at +0.5).
    @inline(__always)
    func shapePoint(px: Float, py: Float) -> Point2 {
        let u = (px / Float(size) - 0.5 - shift.x) / scale
        let v = (py / Float(size) - 0.5 - shift.y) / scale
        let cs = cosf(angle), sn = sinf(angle)
        return Point2(cs * u + sn * v + 0.5, -sn * u + cs * v + 0.5)
    }

    /// Pixel position of a shape point.
    func pixelPoint(_ q: Point2) -> Point2 {
        let u = q.x - 0.5, v = q.y - 0.5
        let cs = cosf(angle), sn = sinf(angle)
        let x = (cs * u - sn * v) * scale + 0.5 + shift.x
        let y = (sn * u + cs * v) * scale + 0.5 + shift.y
        return Point2(x * Float(size), y * Float(size))
    }
}
