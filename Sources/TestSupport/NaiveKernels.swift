import TensorCore

/// Direct loops, the algorithmic truth for the fast kernels.
public enum NaiveKernels {
    /// Cross-correlation by six nested loops.
    /// - Shape: x `[N, C, H, W]`, weight `[O, C, K, K]` → `[N, O, Hout, Wout]`
    public static func conv2d(_ x: Tensor, weight: Tensor, geometry g: ConvGeometry) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let o = weight.shape[0], k = g.kernel
        let outH = g.outputSize(inputSize: h), outW = g.outputSize(inputSize: w)
        var y = Tensor(zeros: [n, o, outH, outW])
        for b in 0..<n { for oc in 0..<o { for oy in 0..<outH { for ox in 0..<outW {
            var total: Float = 0
            for ic in 0..<c { for ky in 0..<k { for kx in 0..<k {
                let iy = oy * g.stride - g.padding + ky, ix = ox * g.stride - g.padding + kx
                if iy >= 0 && iy < h && ix >= 0 && ix < w { total += x[b, ic, iy, ix] * weight[oc, ic, ky, kx] }
            } } }
            y[b, oc, oy, ox] = total
        } } } }
        return y
    }

    /// Transposed convolution by scattering every input pixel (PyTorch `conv_transpose2d`).
    /// - Shape: x `[N, C_in, H, W]`, weight `[C_in, C_out, K, K]` → `[N, C_out, Hout, Wout]`
    public static func convTranspose2d(_ x: Tensor, weight: Tensor, geometry g: ConvGeometry) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let o = weight.shape[1], k = g.kernel
        let outH = g.transposedOutputSize(inputSize: h), outW = g.transposedOutputSize(inputSize: w)
        var y = Tensor(zeros: [n, o, outH, outW])
        for b in 0..<n { for ic in 0..<c { for iy in 0..<h { for ix in 0..<w {
            for oc in 0..<o { for ky in 0..<k { for kx in 0..<k {
                let oy = iy * g.stride - g.padding + ky, ox = ix * g.stride - g.padding + kx
                if oy >= 0 && oy < outH && ox >= 0 && ox < outW { y[b, oc, oy, ox] += x[b, ic, iy, ix] * weight[ic, oc, ky, kx] }
            } } }
        } } } }
        return y
    }

    /// Max pooling by scanning windows, with PyTorch's ceil-mode rule.
    /// - Shape: `[N, C, H, W]` → `[N, C, Hout, Wout]`
    public static func maxPool2d(_ x: Tensor, geometry g: ConvGeometry, ceilMode: Bool) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        func size(_ s: Int) -> Int {
            let span = Float(s + 2 * g.padding - g.kernel) / Float(g.stride)
            var out = Int(ceilMode ? span.rounded(.up) : span.rounded(.down)) + 1
            if ceilMode && (out - 1) * g.stride >= s + g.padding { out -= 1 }
            return out
        }
        let outH = size(h), outW = size(w)
        var y = Tensor(zeros: [n, c, outH, outW])
        for b in 0..<n { for ch in 0..<c { for oy in 0..<outH { for ox in 0..<outW {
            var best = -Float.infinity
            for ky in 0..<g.kernel { for kx in 0..<g.kernel {
                let iy = oy * g.stride - g.padding + ky, ix = ox * g.stride - g.padding + kx
                if iy >= 0 && iy < h && ix >= 0 && ix < w { best = max(best, x[b, ch, iy, ix]) }
            } }
            y[b, ch, oy, ox] = best
        } } } }
        return y
    }
}
