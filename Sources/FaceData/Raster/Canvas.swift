import Foundation
import Imaging

/// An RGB drawing surface: shapes are filled with coverage `clamp(0.5 − d·pixelsPerUnit)`
/// from their signed distance `d`, which anti-aliases every edge without supersampling.
/// While `alpha` is non-nil every fill also accumulates its coverage there (the matte of
/// an occluder drawn on top of a face).
struct Canvas {
    var image: Image            // (3, size, size)
    var alpha: [Float]?         // (size, size), accumulated coverage while recording
    var frame: CanvasFrame

    init(size: Int, background: RGB, frame: CanvasFrame? = nil) {
        var pixels = [Float](repeating: background.r, count: 3 * size * size)
        for i in 0..<(size * size) {
            pixels[size * size + i] = background.g
            pixels[2 * size * size + i] = background.b
        }
        image = Image(width: size, height: size, channels: 3, pixels: pixels)
        self.frame = frame ?? CanvasFrame(size: size)
    }

    var size: Int { image.width }

    /// Starts accumulating coverage into a fresh, empty `alpha` plane.
    mutating func startRecordingAlpha() {
        alpha = [Float](repeating: 0, count: size * size)
    }

    /// Fills `shape` with a flat colour.
    mutating func fill(_ shape: Shape, _ color: RGB, opacity: Float = 1) {
        fill(shape, opacity: opacity) { _ in color }
    }

    /// Fills `shape`, colouring each pixel by `paint` at its shape-space position.
    mutating func fill(_ shape: Shape, opacity: Float = 1, paint: (Point2) -> RGB) {
        let (low, high) = shape.bounds
        var minX = Float.greatestFiniteMagnitude, minY = minX, maxX = -minX, maxY = -minX
        for corner in [low, high, Point2(low.x, high.y), Point2(high.x, low.y)] {
            let p = frame.pixelPoint(corner)
            minX = min(minX, p.x); maxX = max(maxX, p.x)
            minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        let n = size
        let x0 = max(Int(minX.rounded(.down)) - 1, 0), x1 = min(Int(maxX.rounded(.up)) + 1, n - 1)
        let y0 = max(Int(minY.rounded(.down)) - 1, 0), y1 = min(Int(maxY.rounded(.up)) + 1, n - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        let ppu = frame.pixelsPerUnit
        let plane = n * n
        var alphaPlane = alpha
        alpha = nil  // keep one reference so the plane is mutated in place, not copied
        image.pixels.withUnsafeMutableBufferPointer { pixels in
            for y in y0...y1 {
                for x in x0...x1 {
                    let q = frame.shapePoint(px: Float(x) + 0.5, py: Float(y) + 0.5)
                    let coverage = min(max(0.5 - shape.distance(q) * ppu, 0), 1)
                    let a = coverage * opacity
                    if a <= 0 { continue }
                    let c = paint(q)
                    let i = y * n + x
                    pixels[i] += (c.r - pixels[i]) * a
                    pixels[plane + i] += (c.g - pixels[plane + i]) * a
                    pixels[2 * plane + i] += (c.b - pixels[2 * plane + i]) * a
                    if alphaPlane != nil { alphaPlane![i] += (1 - alphaPlane![i]) * a }
                }
            }
        }
        alpha = alphaPlane
    }

    /// Multiplies every pixel by a per-channel gain evaluated at its shape-space position.
    mutating func shade(_ gain: (Point2) -> RGB) {
        let n = size, plane = n * n
        image.pixels.withUnsafeMutableBufferPointer { pixels in
            for y in 0..<n {
                for x in 0..<n {
                    let g = gain(frame.shapePoint(px: Float(x) + 0.5, py: Float(y) + 0.5))
                    let i = y * n + x
                    pixels[i] *= g.r
                    pixels[plane + i] *= g.g
                    pixels[2 * plane + i] *= g.b
                }
            }
        }
    }
}
