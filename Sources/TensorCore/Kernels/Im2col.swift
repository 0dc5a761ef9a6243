/// The one im2col/col2im pair: unfolds the sliding windows of one image into the columns
/// of a matrix so that a convolution becomes a single sgemm, and folds columns back
/// (summing overlaps) for the derivative.
public enum Im2col {
    /// Writes the windows of `image` into `columns`.
    /// - Shape: image `[C, H, W]` → columns `[C·K·K, Hout·Wout]`
    public static func unfold(
        _ image: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
        geometry g: ConvGeometry, into columns: UnsafeMutablePointer<Float>
    ) {
        let k = g.kernel, s = g.stride, p = g.padding
        let outH = g.outputSize(inputSize: height), outW = g.outputSize(inputSize: width)
        let plane = outH * outW
        for c in 0..<channels {
            let source = image + c * height * width
            for ky in 0..<k {
                for kx in 0..<k {
                    let row = columns + ((c * k + ky) * k + kx) * plane
                    // Output columns whose input column ox·s − p + kx lies inside [0, W).
                    let (lo, hi) = validRange(offset: kx - p, stride: s, input: width, output: outW)
                    for oy in 0..<outH {
                        let out = row + oy * outW
                        let iy = oy * s - p + ky
                        if iy < 0 || iy >= height || lo >= hi {
                            out.update(repeating: 0, count: outW)
                            continue
                        }
                        let line = source + iy * width
                        if lo > 0 { out.update(repeating: 0, count: lo) }
                        if s == 1 {
                            (out + lo).update(from: line + (lo + kx - p), count: hi - lo)
                        } else {
                            for ox in lo..<hi { out[ox] = line[ox * s - p + kx] }
                        }
                        if hi < outW { (out + hi).update(repeating: 0, count: outW - hi) }
                    }
                }
            }
        }
    }

    /// Adds the columns back into `image` (which the caller zeroes first): the adjoint
    /// of `unfold`.
    /// - Shape: columns `[C·K·K, Hout·Wout]` → image `[C, H, W]`
    public static func fold(
        _ columns: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
        geometry g: ConvGeometry, into image: UnsafeMutablePointer<Float>
    ) {
        let k = g.kernel, s = g.stride, p = g.padding
        let outH = g.outputSize(inputSize: height), outW = g.outputSize(inputSize: width)
        let plane = outH * outW
        for c in 0..<channels {
            let destination = image + c * height * width
            for ky in 0..<k {
                for kx in 0..<k {
                    let row = columns + ((c * k + ky) * k + kx) * plane
                    let (lo, hi) = validRange(offset: kx - p, stride: s, input: width, output: outW)
                    if lo >= hi { continue }
                    for oy in 0..<outH {
                        let iy = oy * s - p + ky
                        if iy < 0 || iy >= height { continue }
                        let source = row + oy * outW
                        let line = destination + iy * width
                        if s == 1 {
                            let shifted = line + (kx - p)
                            for ox in lo..<hi { shifted[ox] += source[ox] }
                        } else {
                            for ox in lo..<hi { line[ox * s - p + kx] += source[ox] }
                        }
                    }
                }
            }
        }
    }

    /// Output indices `o` in `[lo, hi)` with `0 ≤ o·stride + offset < input`.
    @inline(__always)
    static func validRange(offset: Int, stride: Int, input: Int, output: Int) -> (Int, Int) {
        // o ≥ ceil(−offset / stride), o ≤ floor((input − 1 − offset) / stride)
        var lo = 0
        if offset < 0 { lo = (-offset + stride - 1) / stride }
        let last = input - 1 - offset
        let hi = last < 0 ? 0 : Swift.min(output, last / stride + 1)
        return (Swift.min(lo, output), Swift.max(hi, Swift.min(lo, output)))
    }
}
