/// Convolution as im2col + sgemm, with its two derivatives. The three functions are
/// each other's adjoints, so they serve Conv2D, ConvTranspose2D and every order of
/// their gradients:
///
/// - `conv2d(x, w)`:                   y  = W · im2col(x)
/// - `conv2dBackwardData(gy, w)`:      gx = col2im(Wᵀ · gy)          (transposed convolution)
/// - `conv2dBackwardWeight(x, gy)`:    gw = Σₙ gyₙ · im2col(xₙ)ᵀ
///
/// Samples are processed in chunks: the chunk's im2col (or col2im) runs in parallel over
/// the samples, then one sgemm per sample runs on OpenBLAS's own threads. `columnBudget`
/// bounds the chunk's column buffer (floats); results do not depend on it.
extension Tensor {
    /// Default size of a chunk's column buffer: 8 M floats (32 MB).
    public static let defaultColumnBudget = 8 << 20

    /// Samples per chunk so that a chunk's columns stay within `budget` floats (at least
    /// one per worker).
    static func convolutionChunk(batch: Int, columnsPerSample: Int, budget: Int) -> Int {
        return Swift.max(1, Swift.min(batch, Swift.max(Parallel.workerCount, budget / Swift.max(columnsPerSample, 1))))
    }

    /// A work buffer whose contents the caller writes before reading.
    static func scratch(count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// Calls `body(sample, columns)` for every sample in order, where `columns` is
    /// im2col of that sample (`[C·K·K, Hout·Wout]`), or the sample itself for 1×1 stride-1
    /// unpadded kernels. Each chunk of samples is unfolded in parallel first.
    func forEachSampleColumns(geometry g: ConvGeometry, columnBudget: Int, _ body: (Int, UnsafePointer<Float>) -> Void) {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let rows = c * g.kernel * g.kernel
        let plane = g.outputSize(inputSize: h) * g.outputSize(inputSize: w)
        let direct = g.kernel == 1 && g.stride == 1 && g.padding == 0
        let chunk = Tensor.convolutionChunk(batch: n, columnsPerSample: rows * plane, budget: columnBudget)
        var columns = direct ? [] : Tensor.scratch(count: chunk * rows * plane)  // (chunk, C·K·K, Hout·Wout)
        withUnsafeBufferPointer { x in
            columns.withUnsafeMutableBufferPointer { cols in
                for first in stride(from: 0, to: n, by: chunk) {
                    let count = Swift.min(chunk, n - first)
                    if !direct {
                        Parallel.forEach(count) { j in
                            Im2col.unfold(x.baseAddress! + (first + j) * c * h * w, channels: c, height: h, width: w,
                                          geometry: g, into: cols.baseAddress! + j * rows * plane)
                        }
                    }
                    for j in 0..<count {
                        body(first + j, direct ? x.baseAddress! + (first + j) * c * h * w
                                               : UnsafePointer(cols.baseAddress! + j * rows * plane))
                    }
                }
            }
        }
    }

    /// Cross-correlation (PyTorch `conv2d`), bias optional.
    /// - Shape: self `[N, C, H, W]`, weight `[O, C, K, K]`, bias `[O]` → `[N, O, Hout, Wout]`
    public func conv2d(weight: Tensor, bias: Tensor? = nil, geometry g: ConvGeometry,
                       columnBudget: Int = defaultColumnBudget) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[1] == shape[1]
                     && weight.shape[2] == g.kernel && weight.shape[3] == g.kernel,
                     "conv2d: input \(shape), weight \(weight.shape), geometry \(g)")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "conv2d: bias \(bias!.shape) for weight \(weight.shape)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let o = weight.shape[0]
        let outH = g.outputSize(inputSize: h), outW = g.outputSize(inputSize: w)
        precondition(outH > 0 && outW > 0, "conv2d: input \(h)×\(w) too small for \(g)")
        if DirectConvolution.applies(outputChannels: o, geometry: g) { return directConv2d(weight: weight, bias: bias, geometry: g) }
        if Winograd.applies(inputChannels: c, outputChannels: o, geometry: g, batch: n, height: h, width: w) {
            return winogradConv2d(weight: weight, bias: bias)
        }
        let rows = c * g.kernel * g.kernel, plane = outH * outW
        if BatchedConvolution.applies(batch: n, plane: plane) { return batchedConv2d(weight: weight, bias: bias, geometry: g) }
        if StridedWinograd.applies(inputChannels: c, outputChannels: o, geometry: g, batch: n, height: h, width: w) {
            return stridedWinogradConv2d(weight: weight, bias: bias)
        }
        return Tensor(shape: [n, o, outH, outW], overwriting: { out in
            weight.withUnsafeBufferPointer { wt in
                forEachSampleColumns(geometry: g, columnBudget: columnBudget) { sample, source in
                    let target = out.baseAddress! + sample * o * plane
                    if let bias {
                        bias.withUnsafeBufferPointer { b in
                            for channel in 0..<o { (target + channel * plane).initialize(repeating: b[channel], count: plane) }
                        }
                    }
                    Gemm.sgemm(transposeA: false, transposeB: false, m: o, n: plane, k: rows,
                               a: wt.baseAddress!, lda: rows, b: source, ldb: plane,
                               beta: bias == nil ? 0 : 1, c: target, ldc: plane)
                }
            }
        })
    }

    /// Gradient of `conv2d` with respect to its input; equally, the transposed
    /// convolution of `self` (PyTorch `conv_transpose2d` with weight `[O, C, K, K]`
    /// read as `[in, out, K, K]`).
    /// - Shape: self `[N, O, Hout, Wout]`, weight `[O, C, K, K]` → `[N, C, H, W]`
    public func conv2dBackwardData(weight: Tensor, geometry g: ConvGeometry, inputHeight h: Int, inputWidth w: Int,
                                   columnBudget: Int = defaultColumnBudget) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[0] == shape[1]
                     && weight.shape[2] == g.kernel && weight.shape[3] == g.kernel,
                     "conv2dBackwardData: gradient \(shape), weight \(weight.shape), geometry \(g)")
        let (n, o, outH, outW) = (shape[0], shape[1], shape[2], shape[3])
        precondition(g.outputSize(inputSize: h) == outH && g.outputSize(inputSize: w) == outW,
                     "conv2dBackwardData: \(h)×\(w) input does not give \(outH)×\(outW) under \(g)")
        if DirectConvolution.applies(outputChannels: o, geometry: g) {
            return directConv2dBackwardData(weight: weight, geometry: g, inputHeight: h, inputWidth: w)
        }
        let c = weight.shape[1]
        if Winograd.applies(inputChannels: o, outputChannels: c, geometry: g, batch: n, height: h, width: w) {
            return winogradConv2dBackwardData(weight: weight)
        }
        let rows = c * g.kernel * g.kernel, plane = outH * outW
        if BatchedConvolution.applies(batch: n, plane: plane) {
            return batchedConv2dBackwardData(weight: weight, geometry: g, inputHeight: h, inputWidth: w)
        }
        if StridedWinograd.applies(inputChannels: c, outputChannels: o, geometry: g, batch: n, height: h, width: w) {
            return stridedWinogradConv2dBackwardData(weight: weight)
        }
        let direct = g.kernel == 1 && g.stride == 1 && g.padding == 0
        let chunk = Tensor.convolutionChunk(batch: n, columnsPerSample: rows * plane, budget: columnBudget)
        var columns = direct ? [] : Tensor.scratch(count: chunk * rows * plane)  // (chunk, C·K·K, Hout·Wout)
        let body: (UnsafeMutableBufferPointer<Float>) -> Void = { out in
            withUnsafeBufferPointer { gy in
                weight.withUnsafeBufferPointer { wt in
                    columns.withUnsafeMutableBufferPointer { cols in
                        for first in stride(from: 0, to: n, by: chunk) {
                            let count = Swift.min(chunk, n - first)
                            for j in 0..<count {
                                let target = direct ? out.baseAddress! + (first + j) * c * h * w
                                                    : cols.baseAddress! + j * rows * plane
                                Gemm.sgemm(transposeA: true, transposeB: false, m: rows, n: plane, k: o,
                                           a: wt.baseAddress!, lda: rows,
                                           b: gy.baseAddress! + (first + j) * o * plane, ldb: plane,
                                           c: target, ldc: plane)
                            }
                            if !direct {
                                Parallel.forEach(count) { j in
                                    Im2col.fold(cols.baseAddress! + j * rows * plane, channels: c, height: h, width: w,
                                                geometry: g, into: out.baseAddress! + (first + j) * c * h * w)
                                }
                            }
                        }
                    }
                }
            }
        }
        return direct ? Tensor(shape: [n, c, h, w], overwriting: body) : Tensor(shape: [n, c, h, w], filling: body)
    }

    /// Gradient of `conv2d` with respect to its weight, summed over the batch.
    /// - Shape: self (input) `[N, C, H, W]`, gradOutput `[N, O, Hout, Wout]` → `[O, C, K, K]`
    public func conv2dBackwardWeight(gradOutput: Tensor, geometry g: ConvGeometry,
                                     columnBudget: Int = defaultColumnBudget) -> Tensor {
        precondition(rank == 4 && gradOutput.rank == 4 && gradOutput.shape[0] == shape[0],
                     "conv2dBackwardWeight: input \(shape), gradient \(gradOutput.shape)")
        let (c, h, w) = (shape[1], shape[2], shape[3])
        let o = gradOutput.shape[1]
        let outH = g.outputSize(inputSize: h), outW = g.outputSize(inputSize: w)
        precondition(gradOutput.shape[2] == outH && gradOutput.shape[3] == outW,
                     "conv2dBackwardWeight: gradient \(gradOutput.shape) does not match input \(shape) under \(g)")
        if DirectConvolution.applies(outputChannels: o, geometry: g) { return directConv2dBackwardWeight(gradOutput: gradOutput, geometry: g) }
        if Winograd.applies(inputChannels: c, outputChannels: o, geometry: g, batch: shape[0], height: h, width: w) {
            return winogradConv2dBackwardWeight(gradOutput: gradOutput)
        }
        let rows = c * g.kernel * g.kernel, plane = outH * outW
        if BatchedConvolution.applies(batch: shape[0], plane: plane) {
            return batchedConv2dBackwardWeight(gradOutput: gradOutput, geometry: g)
        }
        if StridedWinograd.applies(inputChannels: c, outputChannels: o, geometry: g, batch: shape[0], height: h, width: w) {
            return stridedWinogradConv2dBackwardWeight(gradOutput: gradOutput)
        }
        return Tensor(shape: [o, c, g.kernel, g.kernel], filling: { out in
            gradOutput.withUnsafeBufferPointer { gy in
                forEachSampleColumns(geometry: g, columnBudget: columnBudget) { sample, source in
                    Gemm.sgemm(transposeA: false, transposeB: true, m: o, n: rows, k: plane,
                               a: gy.baseAddress! + sample * o * plane, lda: plane,
                               b: source, ldb: plane,
                               beta: sample == 0 ? 0 : 1,
                               c: out.baseAddress!, ldc: rows)
                }
            }
        })
    }
}
