/// Convolutions whose output planes are tiny (a critic's last layers: 2×2 or 4×4 outputs from
/// 1,024 channels) as one sgemm over the whole batch instead of one per sample.
///
/// Per sample such a layer is an sgemm with N = Hout·Wout ≤ 16 (forward) or K ≤ 16 (weight
/// gradient): the weight-gradient sgemm then reads and writes the whole `[O, C·K²]` gradient
/// (134 MB for OA-GAN's last critic layer) once per sample for 16 multiply-adds per element,
/// at 1–13 % of the sgemm rate. Here the batch's columns sit side by side, `[C·K², N·plane]`,
/// so each of the three products is a single sgemm with N·plane columns; the results are
/// moved between that layout and NCHW by small copies. Results equal the per-sample path's
/// up to the order of floating-point sums.
enum BatchedConvolution {
    /// Output planes (Hout·Wout) up to which the batch is folded into one sgemm.
    static let maximumPlane = 16

    /// Whether `conv2d` and its derivatives use the batched path for this geometry.
    static func applies(batch: Int, plane: Int) -> Bool { batch > 1 && plane <= maximumPlane }
}

extension Tensor {
    /// im2col of every sample, side by side: `[C·K², N·plane]`, column `j·plane + p` = sample j, position p.
    /// - Shape: self `[N, C, H, W]`
    func batchedColumns(geometry g: ConvGeometry) -> [Float] {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let rows = c * g.kernel * g.kernel, plane = g.outputSize(inputSize: h) * g.outputSize(inputSize: w)
        var columns = Tensor.scratch(count: rows * n * plane)
        var sample = Tensor.scratch(count: rows * plane)
        withUnsafeBufferPointer { x in
            columns.withUnsafeMutableBufferPointer { cols in
                sample.withUnsafeMutableBufferPointer { one in
                    for j in 0..<n {
                        Im2col.unfold(x.baseAddress! + j * c * h * w, channels: c, height: h, width: w, geometry: g, into: one.baseAddress!)
                        for row in 0..<rows {
                            (cols.baseAddress! + row * n * plane + j * plane).update(from: one.baseAddress! + row * plane, count: plane)
                        }
                    }
                }
            }
        }
        return columns
    }

    /// `[N, C, P]` ↔ `[C, N·P]` (the batched layout of planes).
    /// - Shape: self `[N, C, …]` with P = the product of the trailing axes → `[C, N·P]` flat
    func planesSideBySide() -> [Float] {
        let (n, c) = (shape[0], shape[1]), p = count / Swift.max(n * c, 1)
        var out = Tensor.scratch(count: count)
        for j in 0..<n {
            for channel in 0..<c {
                for i in 0..<p { out[channel * n * p + j * p + i] = scalars[(j * c + channel) * p + i] }
            }
        }
        return out
    }

    /// The inverse of `planesSideBySide`: `[C, N·P]` → `[N, C, P]` (shape given).
    static func fromPlanesSideBySide(_ side: [Float], shape: [Int]) -> Tensor {
        let (n, c) = (shape[0], shape[1]), p = side.count / Swift.max(n * c, 1)
        return Tensor(shape: shape, overwriting: { out in
            for j in 0..<n {
                for channel in 0..<c {
                    for i in 0..<p { out[(j * c + channel) * p + i] = side[channel * n * p + j * p + i] }
                }
            }
        })
    }

    /// `conv2d` by one sgemm over the batch.
    func batchedConv2d(weight: Tensor, bias: Tensor?, geometry g: ConvGeometry) -> Tensor {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let o = weight.shape[0], rows = c * g.kernel * g.kernel
        let outH = g.outputSize(inputSize: h), outW = g.outputSize(inputSize: w), columns = n * outH * outW
        let cols = batchedColumns(geometry: g)
        var product = Tensor.scratch(count: o * columns)
        weight.withUnsafeBufferPointer { wt in
            cols.withUnsafeBufferPointer { b in
                product.withUnsafeMutableBufferPointer { y in
                    Gemm.sgemm(transposeA: false, transposeB: false, m: o, n: columns, k: rows,
                               a: wt.baseAddress!, lda: rows, b: b.baseAddress!, ldb: columns, c: y.baseAddress!, ldc: columns)
                }
            }
        }
        let y = Tensor.fromPlanesSideBySide(product, shape: [n, o, outH, outW])
        return bias.map { y + $0.reshaped(to: [1, o, 1, 1]) } ?? y
    }

    /// `conv2dBackwardData` by one sgemm over the batch, then col2im per sample.
    func batchedConv2dBackwardData(weight: Tensor, geometry g: ConvGeometry, inputHeight h: Int, inputWidth w: Int) -> Tensor {
        let (n, o, outH, outW) = (shape[0], shape[1], shape[2], shape[3])
        let c = weight.shape[1], rows = c * g.kernel * g.kernel, plane = outH * outW, columns = n * plane
        let gradient = planesSideBySide()
        var cols = Tensor.scratch(count: rows * columns)
        weight.withUnsafeBufferPointer { wt in
            gradient.withUnsafeBufferPointer { gy in
                cols.withUnsafeMutableBufferPointer { out in
                    Gemm.sgemm(transposeA: true, transposeB: false, m: rows, n: columns, k: o,
                               a: wt.baseAddress!, lda: rows, b: gy.baseAddress!, ldb: columns, c: out.baseAddress!, ldc: columns)
                }
            }
        }
        return Tensor(shape: [n, c, h, w], filling: { image in
            cols.withUnsafeBufferPointer { all in
                var sample = Tensor.scratch(count: rows * plane)
                sample.withUnsafeMutableBufferPointer { one in
                    for j in 0..<n {
                        for row in 0..<rows {
                            (one.baseAddress! + row * plane).update(from: all.baseAddress! + row * columns + j * plane, count: plane)
                        }
                        Im2col.fold(one.baseAddress!, channels: c, height: h, width: w, geometry: g,
                                    into: image.baseAddress! + j * c * h * w)
                    }
                }
            }
        })
    }

    /// `conv2dBackwardWeight` by one sgemm over the batch.
    func batchedConv2dBackwardWeight(gradOutput: Tensor, geometry g: ConvGeometry) -> Tensor {
        let c = shape[1], o = gradOutput.shape[1], rows = c * g.kernel * g.kernel
        let columns = gradOutput.count / o
        let cols = batchedColumns(geometry: g), gradient = gradOutput.planesSideBySide()
        return Tensor(shape: [o, c, g.kernel, g.kernel], overwriting: { out in
            gradient.withUnsafeBufferPointer { gy in
                cols.withUnsafeBufferPointer { b in
                    Gemm.sgemm(transposeA: false, transposeB: true, m: o, n: rows, k: columns,
                               a: gy.baseAddress!, lda: columns, b: b.baseAddress!, ldb: columns, c: out.baseAddress!, ldc: rows)
                }
            }
        })
    }
}
