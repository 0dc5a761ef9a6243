import Foundation

extension Image {
    /// Bilinear resize with half-pixel centres, as OpenCV's `cv2.resize(…, INTER_LINEAR)`
    /// and PIL's `Image.resize(…, BILINEAR)` when enlarging: output pixel x samples the
    /// source at `(x + ½)·W/w − ½`, clamped to the edge pixels. No antialiasing: when
    /// shrinking by more than 2× (where PIL widens its filter) prefer several halvings.
    /// - Shape: `[C, H, W]` → `[C, height, width]`
    public func resized(width newWidth: Int, height newHeight: Int) -> Image {
        precondition(newWidth > 0 && newHeight > 0, "resized: empty size \(newWidth)×\(newHeight)")
        let xs = Self.linearTaps(input: width, output: newWidth)    // (newWidth,)
        let ys = Self.linearTaps(input: height, output: newHeight)  // (newHeight,)
        var out = [Float](repeating: 0, count: channels * newWidth * newHeight)  // (C, newHeight, newWidth)
        pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for c in 0..<channels {
                    let plane = c * planeSize
                    for (y, ty) in ys.enumerated() {
                        let row0 = plane + ty.lower * width, row1 = plane + ty.upper * width
                        let base = (c * newHeight + y) * newWidth
                        for (x, tx) in xs.enumerated() {
                            let top = source[row0 + tx.lower] * (1 - tx.weight) + source[row0 + tx.upper] * tx.weight
                            let bottom = source[row1 + tx.lower] * (1 - tx.weight) + source[row1 + tx.upper] * tx.weight
                            target[base + x] = top * (1 - ty.weight) + bottom * ty.weight
                        }
                    }
                }
            }
        }
        return Image(width: newWidth, height: newHeight, channels: channels, pixels: out)
    }

    /// Neighbour indices and the weight of the upper one for half-pixel-centre
    /// linear interpolation of `output` samples from `input`.
    private static func linearTaps(input: Int, output: Int) -> [(lower: Int, upper: Int, weight: Float)] {
        let ratio = Double(input) / Double(output)
        return (0..<output).map { i in
            let position = min(max((Double(i) + 0.5) * ratio - 0.5, 0), Double(input - 1))
            let lower = Int(position.rounded(.down))
            return (lower, min(lower + 1, input - 1), Float(position - Double(lower)))
        }
    }

    /// Bilinear affine warp: output pixel (x, y) takes the source at
    /// `transform⁻¹(x, y)` (`transform` maps source to output coordinates, as
    /// `cv2.warpAffine(src, M, size)` without `WARP_INVERSE_MAP`). Pixel centres are
    /// at integer coordinates; each of the four neighbours that falls outside the
    /// source counts as `fill` (OpenCV `BORDER_CONSTANT`, scikit-image `mode="constant"`).
    /// A singular transform gives an image of `fill`.
    /// - Shape: `[C, H, W]` → `[C, height, width]`
    public func warpedAffine(_ transform: AffineTransform, width newWidth: Int, height newHeight: Int,
                             fill: Float = 0) -> Image {
        precondition(newWidth > 0 && newHeight > 0, "warpedAffine: empty size \(newWidth)×\(newHeight)")
        var out = Image(width: newWidth, height: newHeight, channels: channels, filledWith: fill)
        guard let inverse = transform.inverted() else { return out }
        let w = width, h = height, plane = planeSize, outPlane = newWidth * newHeight
        pixels.withUnsafeBufferPointer { source in
            out.pixels.withUnsafeMutableBufferPointer { target in
                for y in 0..<newHeight {
                    for x in 0..<newWidth {
                        let p = inverse.apply(SIMD2(Double(x), Double(y)))
                        guard p.x > -1, p.y > -1, p.x < Double(w), p.y < Double(h) else { continue }
                        let x0 = Int(p.x.rounded(.down)), y0 = Int(p.y.rounded(.down))
                        let fx = Float(p.x - Double(x0)), fy = Float(p.y - Double(y0))
                        let inX0 = x0 >= 0, inX1 = x0 + 1 < w, inY0 = y0 >= 0, inY1 = y0 + 1 < h
                        for c in 0..<channels {
                            let base = c * plane
                            let v00 = inX0 && inY0 ? source[base + y0 * w + x0] : fill
                            let v01 = inX1 && inY0 ? source[base + y0 * w + x0 + 1] : fill
                            let v10 = inX0 && inY1 ? source[base + (y0 + 1) * w + x0] : fill
                            let v11 = inX1 && inY1 ? source[base + (y0 + 1) * w + x0 + 1] : fill
                            let top = v00 + (v01 - v00) * fx, bottom = v10 + (v11 - v10) * fx
                            target[c * outPlane + y * newWidth + x] = top + (bottom - top) * fy
                        }
                    }
                }
            }
        }
        return out
    }

    /// The `width`×`height` window whose top-left pixel is (x, y); parts outside the
    /// image are `fill`.
    /// - Shape: `[C, H, W]` → `[C, height, width]`
    public func cropped(x: Int, y: Int, width newWidth: Int, height newHeight: Int, fill: Float = 0) -> Image {
        precondition(newWidth > 0 && newHeight > 0, "cropped: empty size \(newWidth)×\(newHeight)")
        var out = Image(width: newWidth, height: newHeight, channels: channels, filledWith: fill)
        let left = max(x, 0), right = min(x + newWidth, width)
        let top = max(y, 0), bottom = min(y + newHeight, height)
        guard left < right, top < bottom else { return out }
        for c in 0..<channels {
            for row in top..<bottom {
                for column in left..<right { out[c, row - y, column - x] = self[c, row, column] }
            }
        }
        return out
    }

    /// Mirror image (x ↦ W − 1 − x).
    /// - Shape: `[C, H, W]` → `[C, H, W]`
    public func flippedHorizontally() -> Image {
        var out = self
        for c in 0..<channels {
            for y in 0..<height {
                let row = c * planeSize + y * width
                for x in 0..<width { out.pixels[row + x] = pixels[row + width - 1 - x] }
            }
        }
        return out
    }
}
