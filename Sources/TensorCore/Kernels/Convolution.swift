/// Convolution as im2col + sgemm, with its two derivatives. The three functions are
/// each other's adjoints, so they serve Conv2D, ConvTranspose2D and every order of
/// their gradients:
///
/// - `conv2d(x, w)`:                   y  = W · im2col(x)
/// - `conv2dBackwardData(gy, w)`:      gx = col2im(Wᵀ · gy)          (transposed convolution)
/// - `conv2dBackwardWeight(x, gy)`:    gw = Σₙ gyₙ · im2col(xₙ)ᵀ
extension Tensor {
    /// Cross-correlation without bias (PyTorch `conv2d`).
    /// - Shape: self `[N, C, H, W]`, weight `[O, C, K, K]` → `[N, O, Hout, Wout]`
    public func conv2d(weight: Tensor, geometry g: ConvGeometry) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[1] == shape[1]
                     && weight.shape[2] == g.kernel && weight.shape[3] == g.kernel,
                     "conv2d: input \(shape), weight \(weight.shape), geometry \(g)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let o = weight.shape[0]
        let outH = g.outputSize(inputSize: h), outW = g.outputSize(inputSize: w)
        precondition(outH > 0 && outW > 0, "conv2d: input \(h)×\(w) too small for \(g)")
        let rows = c * g.kernel * g.kernel, plane = outH * outW
        let direct = g.kernel == 1 && g.stride == 1 && g.padding == 0
        var columns = direct ? [] : [Float](repeating: 0, count: rows * plane)  // (C·K·K, Hout·Wout)
        return Tensor(shape: [n, o, outH, outW], filling: { out in
            withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { wt in
                    columns.withUnsafeMutableBufferPointer { cols in
                        for sample in 0..<n {
                            let image = x.baseAddress! + sample * c * h * w
                            var b = UnsafePointer(image)
                            if !direct {
                                Im2col.unfold(image, channels: c, height: h, width: w, geometry: g, into: cols.baseAddress!)
                                b = UnsafePointer(cols.baseAddress!)
                            }
                            Gemm.sgemm(transposeA: false, transposeB: false, m: o, n: plane, k: rows,
                                       a: wt.baseAddress!, lda: rows, b: b, ldb: plane,
                                       c: out.baseAddress! + sample * o * plane, ldc: plane)
                        }
                    }
                }
            }
        })
    }

    /// Gradient of `conv2d` with respect to its input; equally, the transposed
    /// convolution of `self` (PyTorch `conv_transpose2d` with weight `[O, C, K, K]`
    /// read as `[in, out, K, K]`).
    /// - Shape: self `[N, O, Hout, Wout]`, weight `[O, C, K, K]` → `[N, C, H, W]`
    public func conv2dBackwardData(weight: Tensor, geometry g: ConvGeometry, inputHeight h: Int, inputWidth w: Int) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[0] == shape[1]
                     && weight.shape[2] == g.kernel && weight.shape[3] == g.kernel,
                     "conv2dBackwardData: gradient \(shape), weight \(weight.shape), geometry \(g)")
        let (n, o, outH, outW) = (shape[0], shape[1], shape[2], shape[3])
        precondition(g.outputSize(inputSize: h) == outH && g.outputSize(inputSize: w) == outW,
                     "conv2dBackwardData: \(h)×\(w) input does not give \(outH)×\(outW) under \(g)")
        let c = weight.shape[1]
        let rows = c * g.kernel * g.kernel, plane = outH * outW
        let direct = g.kernel == 1 && g.stride == 1 && g.padding == 0
        var columns = direct ? [] : [Float](repeating: 0, count: rows * plane)  // (C·K·K, Hout·Wout)
        return Tensor(shape: [n, c, h, w], filling: { out in
            withUnsafeBufferPointer { gy in
                weight.withUnsafeBufferPointer { wt in
                    columns.withUnsafeMutableBufferPointer { cols in
                        for sample in 0..<n {
                            let image = out.baseAddress! + sample * c * h * w
                            let target = direct ? image : cols.baseAddress!
                            Gemm.sgemm(transposeA: true, transposeB: false, m: rows, n: plane, k: o,
                                       a: wt.baseAddress!, lda: rows,
                                       b: gy.baseAddress! + sample * o * plane, ldb: plane,
                                       c: target, ldc: plane)
                            if !direct {
                                Im2col.fold(cols.baseAddress!, channels: c, height: h, width: w, geometry: g, into: image)
                            }
                        }
                    }
                }
            }
        })
    }

    /// Gradient of `conv2d` with respect to its weight, summed over the batch.
    /// - Shape: self (input) `[N, C, H, W]`, gradOutput `[N, O, Hout, Wout]` → `[O, C, K, K]`
    public func conv2dBackwardWeight(gradOutput: Tensor, geometry g: ConvGeometry) -> Tensor {
        precondition(rank == 4 && gradOutput.rank == 4 && gradOutput.shape[0] == shape[0],
                     "conv2dBackwardWeight: input \(shape), gradient \(gradOutput.shape)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let o = gradOutput.shape[1]
        let outH = g.outputSize(inputSize: h), outW = g.outputSize(inputSize: w)
        precondition(gradOutput.shape[2] == outH && gradOutput.shape[3] == outW,
                     "conv2dBackwardWeight: gradient \(gradOutput.shape) does not match input \(shape) under \(g)")
        let rows = c * g.kernel * g.kernel, plane = outH * outW
        let direct = g.kernel == 1 && g.stride == 1 && g.padding == 0
        var columns = direct ? [] : [Float](repeating: 0, count: rows * plane)  // (C·K·K, Hout·Wout)
        return Tensor(shape: [o, c, g.kernel, g.kernel], filling: { out in
            withUnsafeBufferPointer { x in
                gradOutput.withUnsafeBufferPointer { gy in
                    columns.withUnsafeMutableBufferPointer { cols in
                        for sample in 0..<n {
                            let image = x.baseAddress! + sample * c * h * w
                            var b = UnsafePointer(image)
                            if !direct {
                                Im2col.unfold(image, channels: c, height: h, width: w, geometry: g, into: cols.baseAddress!)
                                b = UnsafePointer(cols.baseAddress!)
                            }
                            Gemm.sgemm(transposeA: false, transposeB: true, m: o, n: rows, k: plane,
                                       a: gy.baseAddress! + sample * o * plane, lda: plane,
                                       b: b, ldb: plane,
                                       beta: sample == 0 ? 0 : 1,
                                       c: out.baseAddress!, ldc: rows)
                        }
                    }
                }
            }
        })
    }
}
