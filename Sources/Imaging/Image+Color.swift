extension Image {
    /// Luma `0.299 R + 0.587 G + 0.114 B` (ITU-R BT.601, as PIL's `convert("L")`
    /// without its rounding to 8 bits); a gray image is returned unchanged.
    /// - Shape: `[3, H, W]` → `[1, H, W]`
    public func grayscale() -> Image {
        guard channels == 3 else { return self }
        let n = planeSize
        var gray = [Float](repeating: 0, count: n)  // (H, W)
        for i in 0..<n {
            gray[i] = 0.299 * pixels[i] + 0.587 * pixels[n + i] + 0.114 * pixels[2 * n + i]
        }
        return Image(width: width, height: height, channels: 1, pixels: gray)
    }

    /// Gray repeated into three channels; an RGB image is returned unchanged.
    /// - Shape: `[1, H, W]` → `[3, H, W]`
    public func rgb() -> Image {
        guard channels == 1 else { return self }
        return Image(width: width, height: height, channels: 3, pixels: pixels + pixels + pixels)
    }

    /// Values clamped to [0, 1] (NaN becomes 0).
    public func clamped() -> Image {
        Image(width: width, height: height, channels: channels,
              pixels: pixels.map { $0 > 0 ? min($0, 1) : 0 })
    }

    /// Alpha compositing `background·(1 − α) + foreground·α` per pixel. A gray
    /// operand is promoted to RGB when the other is RGB.
    /// - Shape: `background` `[C, H, W]`, `foreground` `[C′, H, W]`, `alpha` `[H, W]`
    ///   → `[max(C, C′), H, W]`
    /// - Throws: `ImageError.sizeMismatch` or `.alphaSizeMismatch`.
    public static func composite(background: Image, foreground: Image, alpha: [Float]) throws -> Image {
        guard background.width == foreground.width, background.height == foreground.height else {
            throw ImageError.sizeMismatch("background \(background.width)×\(background.height), "
                + "foreground \(foreground.width)×\(foreground.height)")
        }
        guard alpha.count == background.planeSize else {
            throw ImageError.alphaSizeMismatch(expected: background.planeSize, actual: alpha.count)
        }
        let both3 = background.channels == 3 || foreground.channels == 3
        let back = both3 ? background.rgb() : background, front = both3 ? foreground.rgb() : foreground
        let n = back.planeSize
        var out = back.pixels
        for c in 0..<back.channels {
            for i in 0..<n {
                out[c * n + i] = back.pixels[c * n + i] * (1 - alpha[i]) + front.pixels[c * n + i] * alpha[i]
            }
        }
        return Image(width: back.width, height: back.height, channels: back.channels, pixels: out)
    }
}
