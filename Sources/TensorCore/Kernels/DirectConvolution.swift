import CKernels

/// Stride-1 convolutions with at most `DirectConvolution.maximumOutputChannels` output
/// channels, computed without im2col.
///
/// Through im2col such a layer is an sgemm with M ≤ 4: a matrix–vector product over a
/// `[C·K², H·W]` column matrix that is written and read once per sample (OA-GAN's 7×7 heads on
/// 64 channels at 128×128: 205 MB per image, for 0.05–0.15 G multiply-adds), so it runs at
/// memory speed, 2–5 % of the sgemm rate. Here each output row is accumulated in registers
/// over the K² taps, eight pixels at a time, straight from a zero-padded copy of the input
/// plane (H·W floats, in cache). `conv2d`, `conv2dBackwardData` and `conv2dBackwardWeight`
/// switch to these loops for such weights, so the three stay each other's adjoints. Where the
/// CPU has AVX2 and FMA, the loops are `CKernels`' `unveil_direct_conv_accumulate` (forward and
/// data gradient: up to four output planes at once, so each input vector is loaded once for all
/// of them, sixteen pixels per tap) and `unveil_direct_conv_weight_gradient` (two taps of every
/// output channel per pass over a plane); the Swift loops, one plane at a time and without FMA,
/// are bound by their loads at 13–18 % of the sgemm rate.
enum DirectConvolution {
    /// Output channels (`weight.shape[0]`) up to which the direct loops replace im2col + sgemm.
    static let maximumOutputChannels = 4

    /// Whether a convolution with this weight and geometry uses the direct loops.
    static func applies(outputChannels: Int, geometry g: ConvGeometry) -> Bool {
        g.stride == 1 && g.kernel > 1 && g.padding < g.kernel && outputChannels <= maximumOutputChannels
    }


    /// out[y, x] += Σ_{ky, kx} taps[ky·K + kx] · input[y + ky, x + kx] for an `outH × outW` plane;
    /// `input` is a padded plane `wp` floats wide.
    @inline(__always)
    static func accumulate(into out: UnsafeMutablePointer<Float>, outH: Int, outW: Int,
                           from input: UnsafePointer<Float>, wp: Int, taps: UnsafePointer<Float>, kernel k: Int) {
        for y in 0..<outH {
            let row = out + y * outW, window = input + y * wp
            var x = 0
            while x + 8 <= outW {
                var sum = UnsafeRawPointer(row + x).loadUnaligned(as: SIMD8<Float>.self)
                for ky in 0..<k {
                    let source = window + ky * wp + x
                    for kx in 0..<k {
                        sum += SIMD8(repeating: taps[ky * k + kx]) * UnsafeRawPointer(source + kx).loadUnaligned(as: SIMD8<Float>.self)
                    }
                }
                UnsafeMutableRawPointer(row + x).storeBytes(of: sum, as: SIMD8<Float>.self)
                x += 8
            }
            while x < outW {
                var sum = row[x]
                for ky in 0..<k {
                    for kx in 0..<k { sum += taps[ky * k + kx] * window[ky * wp + x + kx] }
                }
                row[x] = sum
                x += 1
            }
        }
    }

    /// Σ_{y, x} a[y, x] · b[y + dy, x + dx] over an `outH × outW` plane `a`, `b` padded `wp` wide.
    @inline(__always)
    static func correlation(_ a: UnsafePointer<Float>, outH: Int, outW: Int, _ b: UnsafePointer<Float>, wp: Int) -> Double {
        var vector = SIMD8<Float>()
        var scalar: Float = 0
        for y in 0..<outH {
            let u = a + y * outW, v = b + y * wp
            var x = 0
            while x + 8 <= outW {
                vector += UnsafeRawPointer(u + x).loadUnaligned(as: SIMD8<Float>.self)
                    * UnsafeRawPointer(v + x).loadUnaligned(as: SIMD8<Float>.self)
                x += 8
            }
            while x < outW {
                scalar += u[x] * v[x]
                x += 1
            }
        }
        return Double(vector.sum()) + Double(scalar)
    }
}

extension Tensor {
    /// Zero-padded copies of every `[H, W]` plane, `padding` on each side.
    /// - Shape: self `[N, C, H, W]` → `[N·C, H + 2p, W + 2p]` (flat)
    func paddedPlanes(padding p: Int) -> [Float] {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        let hp = h + 2 * p, wp = w + 2 * p
        var out = [Float](repeating: 0, count: planes * hp * wp)
        withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                Parallel.forEachRange(count: planes, minimumPerWorker: Swift.max(1, (1 << 15) / (hp * wp))) { range in
                    for plane in range {
                        for y in 0..<h {
                            (o.baseAddress! + plane * hp * wp + (y + p) * wp + p)
                                .update(from: x.baseAddress! + (plane * h + y) * w, count: w)
                        }
                    }
                }
            }
        }
        return out
    }

    /// `conv2d` by the direct loops (see `DirectConvolution`).
    /// - Shape: self `[N, C, H, W]`, weight `[O, C, K, K]` (O ≤ 4), bias `[O]` → `[N, O, Hout, Wout]`
    func directConv2d(weight: Tensor, bias: Tensor?, geometry g: ConvGeometry) -> Tensor {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let o = weight.shape[0], k = g.kernel, p = g.padding
        let outH = g.outputSize(inputSize: h), outW = g.outputSize(inputSize: w)
        let hp = h + 2 * p, wp = w + 2 * p, plane = outH * outW
        let input = paddedPlanes(padding: p)
        return Tensor(shape: [n, o, outH, outW], overwriting: { out in
            weight.withUnsafeBufferPointer { wt in
                input.withUnsafeBufferPointer { x in
                    if AVX2Kernels.isAvailable {  // all output channels at once, sharing the input loads
                        Parallel.forEach(n) { sample in
                            let target = out.baseAddress! + sample * o * plane
                            for channel in 0..<o { (target + channel * plane).initialize(repeating: bias?.scalars[channel] ?? 0, count: plane) }
                            for source in 0..<c {
                                unveil_direct_conv_accumulate(
                                    x.baseAddress! + (sample * c + source) * hp * wp, Int32(wp), wt.baseAddress! + source * k * k,
                                    Int32(c * k * k), Int32(k), Int32(o), Int32(outH), Int32(outW), target)
                            }
                        }
                        return
                    }
                    Parallel.forEach(n * o) { item in
                        let (sample, channel) = item.quotientAndRemainder(dividingBy: o)
                        let target = out.baseAddress! + item * plane
                        target.initialize(repeating: bias?.scalars[channel] ?? 0, count: plane)
                        for source in 0..<c {
                            DirectConvolution.accumulate(
                                into: target, outH: outH, outW: outW, from: x.baseAddress! + (sample * c + source) * hp * wp,
                                wp: wp, taps: wt.baseAddress! + (channel * c + source) * k * k, kernel: k)
                        }
                    }
                }
            }
        })
    }

    /// `conv2dBackwardData` by the direct loops: the full correlation of the output gradient
    /// (padded by K − 1 − p) with the flipped kernel.
    /// - Shape: self `[N, O, Hout, Wout]` (O ≤ 4), weight `[O, C, K, K]` → `[N, C, H, W]`
    func directConv2dBackwardData(weight: Tensor, geometry g: ConvGeometry, inputHeight h: Int, inputWidth w: Int) -> Tensor {
        let (n, o, outH, outW) = (shape[0], shape[1], shape[2], shape[3])
        let c = weight.shape[1], k = g.kernel, q = k - 1 - g.padding
        let hp = outH + 2 * q, wp = outW + 2 * q
        let gradient = paddedPlanes(padding: q)
        // flipped[o, c, ky, kx] = weight[o, c, K − 1 − ky, K − 1 − kx]
        let flipped = Tensor(shape: weight.shape, filling: { f in
            for plane in 0..<(o * c) {
                for tap in 0..<(k * k) { f[plane * k * k + tap] = weight.scalars[plane * k * k + k * k - 1 - tap] }
            }
        })
        return Tensor(shape: [n, c, h, w], overwriting: { out in
            flipped.withUnsafeBufferPointer { wt in
                gradient.withUnsafeBufferPointer { gy in
                    if AVX2Kernels.isAvailable {  // four input channels at a time, sharing the gradient's loads
                        let groups = (c + 3) / 4
                        Parallel.forEach(n * groups) { item in
                            let (sample, group) = item.quotientAndRemainder(dividingBy: groups)
                            let first = 4 * group, count = Swift.min(4, c - first)
                            let target = out.baseAddress! + (sample * c + first) * h * w
                            target.initialize(repeating: 0, count: count * h * w)
                            for source in 0..<o {
                                unveil_direct_conv_accumulate(
                                    gy.baseAddress! + (sample * o + source) * hp * wp, Int32(wp), wt.baseAddress! + (source * c + first) * k * k,
                                    Int32(k * k), Int32(k), Int32(count), Int32(h), Int32(w), target)
                            }
                        }
                        return
                    }
                    Parallel.forEach(n * c) { item in
                        let (sample, channel) = item.quotientAndRemainder(dividingBy: c)
                        let target = out.baseAddress! + item * h * w
                        target.initialize(repeating: 0, count: h * w)
                        for source in 0..<o {
                            DirectConvolution.accumulate(
                                into: target, outH: h, outW: w, from: gy.baseAddress! + (sample * o + source) * hp * wp,
                                wp: wp, taps: wt.baseAddress! + (source * c + channel) * k * k, kernel: k)
                        }
                    }
                }
            }
        })
    }

    /// `conv2dBackwardWeight` by the direct loops: one correlation of the output gradient with
    /// the shifted padded input per weight, summed over the batch in double precision.
    /// - Shape: self (input) `[N, C, H, W]`, gradOutput `[N, O, Hout, Wout]` (O ≤ 4) → `[O, C, K, K]`
    func directConv2dBackwardWeight(gradOutput: Tensor, geometry g: ConvGeometry) -> Tensor {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let o = gradOutput.shape[1], k = g.kernel, p = g.padding
        let outH = gradOutput.shape[2], outW = gradOutput.shape[3]
        let hp = h + 2 * p, wp = w + 2 * p, plane = outH * outW
        let input = paddedPlanes(padding: p)
        return Tensor(shape: [o, c, k, k], overwriting: { out in
            gradOutput.withUnsafeBufferPointer { gy in
                input.withUnsafeBufferPointer { x in
                    if AVX2Kernels.isAvailable {  // all output channels of one input channel at once
                        Parallel.forEach(c) { source in
                            var sums = [Double](repeating: 0, count: o * k * k)
                            sums.withUnsafeMutableBufferPointer { total in
                                for sample in 0..<n {
                                    unveil_direct_conv_weight_gradient(
                                        x.baseAddress! + (sample * c + source) * hp * wp, Int32(wp), gy.baseAddress! + sample * o * plane,
                                        Int32(k), Int32(o), Int32(outH), Int32(outW), total.baseAddress!)
                                }
                            }
                            for channel in 0..<o {
                                for tap in 0..<(k * k) { out[(channel * c + source) * k * k + tap] = Float(sums[channel * k * k + tap]) }
                            }
                        }
                        return
                    }
                    Parallel.forEach(o * c) { item in
                        let (channel, source) = item.quotientAndRemainder(dividingBy: c)
                        for tap in 0..<(k * k) {
                            let (ky, kx) = tap.quotientAndRemainder(dividingBy: k)
                            var total = 0.0
                            for sample in 0..<n {
                                total += DirectConvolution.correlation(
                                    gy.baseAddress! + (sample * o + channel) * plane, outH: outH, outW: outW,
                                    x.baseAddress! + (sample * c + source) * hp * wp + ky * wp + kx, wp: wp)
                            }
                            out[item * k * k + tap] = Float(total)
                        }
                    }
                }
            }
        })
    }
}
