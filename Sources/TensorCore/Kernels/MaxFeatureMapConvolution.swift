import CKernels

/// LightCNN's max-feature-map convolution, fused: convolution, bias and the maximum of the
/// two channel halves computed sample by sample, so that the 2·D-channel convolution output
/// never exists as a whole tensor. Per sample the sgemm writes a [2D, Hout·Wout] block
/// that is still in cache when the max-feature-map pass reads it, and the backward pass
/// expands each sample's gradient into such a block just before its two sgemms use it.
/// For `features.0` of LightCNN-9 (k = 25) this removes most of the memory traffic that
/// bounded the unfused layer (a 200 MB intermediate at batch 32, written and read twice).
///
/// Results equal `conv2d` followed by `maxOfHalves(along: 1)` (same values, same flat
/// indices into the virtual `[N, 2D, Hout, Wout]` output, first half wins ties), and the
/// backward equals `expandingHalves` followed by the two convolution derivatives.
extension Tensor {
    /// Convolution to 2·D channels (bias optional), then the element-wise maximum of
    /// channels c and c + D.
    /// - Shape: self `[N, C, H, W]`, weight `[2D, C, K, K]`, bias `[2D]`
    ///   → values `[N, D, Hout, Wout]`, winners: flat positions in `[N, 2D, Hout, Wout]` (`.flat`),
    ///   or one byte per value from the direct 5×5 kernel (`.firstHalf`)
    public func conv2dMaxFeatureMap(weight: Tensor, bias: Tensor? = nil, geometry g: ConvGeometry)
        -> (values: Tensor, winners: MaxFeatureMapWinners) {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[1] == shape[1] && weight.shape[0] % 2 == 0
                     && weight.shape[2] == g.kernel && weight.shape[3] == g.kernel,
                     "conv2dMaxFeatureMap: input \(shape), weight \(weight.shape), geometry \(g)")
        precondition(bias == nil || bias!.shape == [weight.shape[0]],
                     "conv2dMaxFeatureMap: bias \(bias!.shape) for weight \(weight.shape)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let o = weight.shape[0], d = o / 2
        let outH = g.outputSize(inputSize: h), outW = g.outputSize(inputSize: w)
        precondition(outH > 0 && outW > 0, "conv2dMaxFeatureMap: input \(h)×\(w) too small for \(g)")
        precondition(n * o * outH * outW < Int(Int32.max), "conv2dMaxFeatureMap: output too large for 32-bit indices")
        if DirectMaxFeatureMapConvolution.applies5x5(inputChannels: c, geometry: g) {
            return conv2dMaxFeatureMap5x5(weight: weight, bias: bias, geometry: g)
        }
        if DirectMaxFeatureMapConvolution.applies1x1(geometry: g) { return conv2dMaxFeatureMap1x1(weight: weight, bias: bias) }
        if Winograd.applies(inputChannels: c, outputChannels: o, geometry: g, batch: n, height: h, width: w) {
            return winogradConv2dMaxFeatureMap(weight: weight, bias: bias)
        }
        let rows = c * g.kernel * g.kernel, plane = outH * outW
        let zeros = [Float](repeating: 0, count: o)
        var block = Tensor.scratch(count: o * plane)  // one sample's convolution output
        var indices = [Int32](repeating: 0, count: n * d * plane)
        let values = Tensor(shape: [n, d, outH, outW], overwriting: { out in
            weight.withUnsafeBufferPointer { wt in
                (bias?.scalars ?? zeros).withUnsafeBufferPointer { b in
                    block.withUnsafeMutableBufferPointer { conv in
                        indices.withUnsafeMutableBufferPointer { idx in
                            forEachSampleColumns(geometry: g, columnBudget: 1) { sample, source in
                                Gemm.sgemm(transposeA: false, transposeB: false, m: o, n: plane, k: rows,
                                           a: wt.baseAddress!, lda: rows, b: source, ldb: plane,
                                           c: conv.baseAddress!, ldc: plane)
                                let target = sample * d * plane, origin = Int32(sample * o * plane)
                                Parallel.forEachRange(count: d, minimumPerWorker: Swift.max(1, (1 << 14) / plane)) { channels in
                                    for channel in channels {
                                        let first = conv.baseAddress! + channel * plane, second = first + d * plane
                                        let firstIndex = origin + Int32(channel * plane)
                                        Tensor.maxOfHalvesRow(first, second, count: plane, biases: (b[channel], b[channel + d]),
                                                              firstIndex: firstIndex, secondIndex: firstIndex + Int32(d * plane),
                                                              values: out.baseAddress! + target + channel * plane,
                                                              indices: idx.baseAddress! + target + channel * plane)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        })
        return (values, .flat(indices))
    }

    /// Gradients of `conv2dMaxFeatureMap` for the output gradient `self`, computed sample by
    /// sample without materialising the expanded 2·D-channel gradient.
    /// - Shape: self `[N, D, Hout, Wout]`, input `[N, C, H, W]`, weight `[2D, C, K, K]`
    ///   → input gradient `[N, C, H, W]` (when `needInput`), weight gradient `[2D, C, K, K]`,
    ///   bias gradient `[2D]` (when `needBias`)
    public func conv2dMaxFeatureMapBackward(
        input x: Tensor, weight: Tensor, winners: MaxFeatureMapWinners, geometry g: ConvGeometry, needInput: Bool, needBias: Bool
    ) -> (input: Tensor?, weight: Tensor, bias: Tensor?) {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let o = weight.shape[0], d = o / 2
        let outH = g.outputSize(inputSize: h), outW = g.outputSize(inputSize: w)
        precondition(shape == [n, d, outH, outW] && winners.count == count,
                     "conv2dMaxFeatureMapBackward: gradient \(shape), input \(x.shape), weight \(weight.shape)")
        if !needInput, case let .firstHalf(first, _) = winners, DirectMaxFeatureMapConvolution.applies5x5(inputChannels: c, geometry: g) {
            let (gw, gb) = conv2dMaxFeatureMap5x5Backward(input: x, weight: weight, first: first, geometry: g)
            return (nil, gw, needBias ? gb : nil)
        }
        if needInput, Winograd.applies(inputChannels: c, outputChannels: o, geometry: g, batch: n, height: h, width: w) {
            let gradients = winogradConv2dMaxFeatureMapBackward(input: x, weight: weight, indices: winners.flatIndices, needBias: needBias)
            return (gradients.input, gradients.weight, gradients.bias)
        }
        // The winners as flat indices or as bytes (one of the two arrays is empty).
        let (indices, firstFlags): ([Int32], [UInt8]) = switch winners {
        case let .flat(indices): (indices, [])
        case let .firstHalf(first, _): ([], first)
        }
        let rows = c * g.kernel * g.kernel, plane = outH * outW
        let direct = g.kernel == 1 && g.stride == 1 && g.padding == 0
        var block = Tensor.scratch(count: o * plane)                                   // expanded gradient
        var unfolded = needInput && !direct ? Tensor.scratch(count: rows * plane) : []  // Wᵀ · block
        var biasSums = [Double](repeating: 0, count: o)
        var inputGradient = needInput ? [Float](repeating: 0, count: x.count) : []
        var weightGradient = [Float](repeating: 0, count: weight.count)
        withUnsafeBufferPointer { gy in
            indices.withUnsafeBufferPointer { idx in
              firstFlags.withUnsafeBufferPointer { flags in
                weight.withUnsafeBufferPointer { wt in
                    block.withUnsafeMutableBufferPointer { expanded in
                        unfolded.withUnsafeMutableBufferPointer { cols in
                            biasSums.withUnsafeMutableBufferPointer { sums in
                                inputGradient.withUnsafeMutableBufferPointer { gx in
                                    weightGradient.withUnsafeMutableBufferPointer { gw in
                                        x.forEachSampleColumns(geometry: g, columnBudget: 1) { sample, source in
                                            let origin = sample * o * plane
                                            Parallel.forEachRange(count: d, minimumPerWorker: Swift.max(1, (1 << 14) / plane)) { channels in
                                                for channel in channels {
                                                    let first = expanded.baseAddress! + channel * plane
                                                    let second = first + d * plane
                                                    let row = (sample * d + channel) * plane
                                                    let (sumFirst, sumSecond) = flags.isEmpty
                                                        ? Tensor.expandHalvesRow(
                                                            gy.baseAddress! + row, indices: idx.baseAddress! + row, count: plane,
                                                            firstIndex: Int32(origin + channel * plane), into: (first, second))
                                                        : Tensor.expandHalvesRow(gy.baseAddress! + row, first: flags.baseAddress! + row,
                                                                                 count: plane, into: (first, second))
                                                    sums[channel] += Double(sumFirst)
                                                    sums[channel + d] += Double(sumSecond)
                                                }
                                            }
                                            Gemm.sgemm(transposeA: false, transposeB: true, m: o, n: rows, k: plane,
                                                       a: expanded.baseAddress!, lda: plane, b: source, ldb: plane,
                                                       beta: sample == 0 ? 0 : 1, c: gw.baseAddress!, ldc: rows)
                                            guard needInput else { return }
                                            let image = gx.baseAddress! + sample * c * h * w
                                            Gemm.sgemm(transposeA: true, transposeB: false, m: rows, n: plane, k: o,
                                                       a: wt.baseAddress!, lda: rows, b: expanded.baseAddress!, ldb: plane,
                                                       c: direct ? image : cols.baseAddress!, ldc: plane)
                                            if !direct {
                                                let perChannel = g.kernel * g.kernel * plane
                                                Parallel.forEachRange(count: c, minimumPerWorker: Swift.max(1, (1 << 14) / perChannel)) { channels in
                                                    Im2col.fold(cols.baseAddress! + channels.lowerBound * perChannel,
                                                                channels: channels.count, height: h, width: w, geometry: g,
                                                                into: image + channels.lowerBound * h * w)
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
              }
            }
        }
        return (needInput ? Tensor(shape: x.shape, scalars: inputGradient) : nil,
                Tensor(shape: weight.shape, scalars: weightGradient),
                needBias ? Tensor(shape: [o], scalars: biasSums.map(Float.init)) : nil)
    }

    /// One row pair of the max-feature-map pass (also `maxOfHalves`'): values[i] = max(first[i] + bu,
    /// second[i] + bv) and the flat index of the winner (first wins ties), eight at a time.
    @inline(__always)
    static func maxOfHalvesRow(
        _ first: UnsafePointer<Float>, _ second: UnsafePointer<Float>, count: Int, biases: (Float, Float),
        firstIndex: Int32, secondIndex: Int32, values: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int32>
    ) {
        let (bu, bv) = biases
        let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
        var i = 0
        while i + 8 <= count {
            let u = UnsafeRawPointer(first + i).loadUnaligned(as: SIMD8<Float>.self) + bu
            let v = UnsafeRawPointer(second + i).loadUnaligned(as: SIMD8<Float>.self) + bv
            let takeFirst = u .>= v
            let offsets = lanes &+ Int32(i)
            let chosen = (offsets &+ secondIndex).replacing(
                with: offsets &+ firstIndex, where: takeFirst)
            UnsafeMutableRawPointer(values + i).storeBytes(of: v.replacing(with: u, where: takeFirst), as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(indices + i).storeBytes(of: chosen, as: SIMD8<Int32>.self)
            i += 8
        }
        while i < count {
            let u = first[i] + bu, v = second[i] + bv
            values[i] = u >= v ? u : v
            indices[i] = (u >= v ? firstIndex : secondIndex) + Int32(i)
            i += 1
        }
    }

    /// `expandHalvesRow` with the winners as bytes (1: the first half won): the AVX2 kernel where
    /// the CPU has it (Swift cannot widen bytes to a lane mask without scalarising), else scalar.
    @inline(__always)
    static func expandHalvesRow(
        _ gradient: UnsafePointer<Float>, first flags: UnsafePointer<UInt8>, count: Int,
        into halves: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)
    ) -> (Float, Float) {
        let (first, second) = halves
        if DirectMaxFeatureMapConvolution.isAvailable {
            var sums: (Float, Float) = (0, 0)
            withUnsafeMutableBytes(of: &sums) { unveil_mfm_expand_halves(gradient, flags, Int32(count), first, second, $0.baseAddress!.assumingMemoryBound(to: Float.self)) }
            return sums
        }
        var (a, b): (Float, Float) = (0, 0)
        var i = 0
        while i < count {
            let takeFirst = flags[i] != 0
            first[i] = takeFirst ? gradient[i] : 0
            second[i] = takeFirst ? 0 : gradient[i]
            if takeFirst { a += gradient[i] } else { b += gradient[i] }
            i += 1
        }
        return (a, b)
    }

    /// One row pair of the backward expansion (also `expandingHalves`'): each gradient goes to the half its index
    /// names, zero to the other; returns the two halves' sums (for the bias gradient).
    @inline(__always)
    static func expandHalvesRow(
        _ gradient: UnsafePointer<Float>, indices: UnsafePointer<Int32>, count: Int, firstIndex: Int32,
        into halves: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)
    ) -> (Float, Float) {
        let (first, second) = halves
        let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
        var sumFirst = SIMD8<Float>(), sumSecond = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let g = UnsafeRawPointer(gradient + i).loadUnaligned(as: SIMD8<Float>.self)
            let index = UnsafeRawPointer(indices + i).loadUnaligned(as: SIMD8<Int32>.self)
            let expected: SIMD8<Int32> = lanes &+ (firstIndex &+ Int32(i))
            let takeFirst = index .== expected  // SIMDMask<SIMD8<Int32>>, also Float's mask type
            let u = SIMD8<Float>().replacing(with: g, where: takeFirst)
            let v = g.replacing(with: 0, where: takeFirst)
            UnsafeMutableRawPointer(first + i).storeBytes(of: u, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(second + i).storeBytes(of: v, as: SIMD8<Float>.self)
            sumFirst += u
            sumSecond += v
            i += 8
        }
        var (a, b) = (sumFirst.sum(), sumSecond.sum())
        while i < count {
            let takeFirst = indices[i] == firstIndex + Int32(i)
            first[i] = takeFirst ? gradient[i] : 0
            second[i] = takeFirst ? 0 : gradient[i]
            if takeFirst { a += gradient[i] } else { b += gradient[i] }
            i += 1
        }
        return (a, b)
    }
}
