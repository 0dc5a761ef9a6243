import CKernels

/// LightCNN-9's first layer (`features.0`: one input channel, 5×5, stride 1, to 2·D channels
/// and their max-feature-map) and its 1×1 `conv_a` layers by direct AVX2/FMA kernels (the
/// `CKernels` C target), where the CPU has those instructions.
///
/// Through im2col `features.0` is an sgemm with k = 25: every output element gets 25
/// multiply-adds and is then written, read back by the max-feature-map pass and written
/// again, which held it at ~30 % of the sgemm rate. The direct kernel keeps four channel
/// pairs of eight pixels in registers over the 25 taps, takes their maximum there and
/// writes only the D-channel result and one byte per element saying which half won (a quarter
/// of the traffic of 32-bit indices); its weight gradient (the input needs none) sums the
/// gradient routed to each half against the shifted input, five taps at a time over blocks of
/// eight rows that stay in L1 (each input vector loaded once for both halves). Values equal
/// the sgemm path's up to rounding (FMA, summation order); ties still go to the first half.
///
/// The `conv_a` layers (k = C = 48 … 192) were per-sample sgemms with a short k followed by the
/// same max-feature-map pass, at 36–43 % of the sgemm rate; the direct kernel packs 16 pixels
/// of all input channels into one L1 block and runs two channel pairs over them in eight
/// accumulators, samples in parallel on the two cores. Their backward keeps the sgemm path,
/// reading the winners as bytes.
enum DirectMaxFeatureMapConvolution {
    /// Whether the CPU runs the kernels.
    static var isAvailable: Bool { AVX2Kernels.isAvailable }

    /// Whether `features.0`'s kernel runs a max-feature-map convolution with `inputChannels`
    /// and geometry `g`.
    static func applies5x5(inputChannels: Int, geometry g: ConvGeometry) -> Bool {
        isAvailable && inputChannels == 1 && g.kernel == 5 && g.stride == 1 && g.padding < 5
    }

    /// Whether the 1×1 kernel runs a max-feature-map convolution with geometry `g`.
    static func applies1x1(geometry g: ConvGeometry) -> Bool {
        isAvailable && g.kernel == 1 && g.stride == 1 && g.padding == 0
    }
}

extension Tensor {
    /// `conv2dMaxFeatureMap` by the direct kernel (see `MaxFeatureMapConvolution5x5`).
    func conv2dMaxFeatureMap5x5(weight: Tensor, bias: Tensor?, geometry g: ConvGeometry) -> (values: Tensor, winners: MaxFeatureMapWinners) {
        let (n, h, w) = (shape[0], shape[2], shape[3])
        let o = weight.shape[0], d = o / 2, p = g.padding
        let outH = g.outputSize(inputSize: h), outW = g.outputSize(inputSize: w), plane = outH * outW
        let wp = w + 2 * p, paddedPlane = (h + 2 * p) * wp
        let padded = paddedPlanes(padding: p)
        let biases = bias?.scalars ?? [Float](repeating: 0, count: o)
        var first = [UInt8](repeating: 0, count: n * d * plane)
        let values = Tensor(shape: [n, d, outH, outW], overwriting: { out in
            padded.withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { wt in
                    biases.withUnsafeBufferPointer { b in
                        first.withUnsafeMutableBufferPointer { flags in
                            Parallel.forEach(n) { sample in
                                unveil_mfm_conv5x5_forward(
                                    x.baseAddress! + sample * paddedPlane, Int32(wp), wt.baseAddress!, b.baseAddress!, Int32(d),
                                    Int32(outH), Int32(outW), out.baseAddress! + sample * d * plane,
                                    flags.baseAddress! + sample * d * plane)
                            }
                        }
                    }
                }
            }
        })
        return (values, .firstHalf(first, halfCount: d * plane))
    }

    /// `conv2dMaxFeatureMap` of a 1×1 stride-1 layer by the direct kernel (see
    /// `DirectMaxFeatureMapConvolution`).
    func conv2dMaxFeatureMap1x1(weight: Tensor, bias: Tensor?) -> (values: Tensor, winners: MaxFeatureMapWinners) {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let o = weight.shape[0], d = o / 2, plane = h * w
        let biases = bias?.scalars ?? [Float](repeating: 0, count: o)
        var first = [UInt8](repeating: 0, count: n * d * plane)
        let values = Tensor(shape: [n, d, h, w], overwriting: { out in
            withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { wt in
                    biases.withUnsafeBufferPointer { b in
                        first.withUnsafeMutableBufferPointer { flags in
                            Parallel.forEach(n) { sample in
                                unveil_mfm_conv1x1_forward(
                                    x.baseAddress! + sample * c * plane, Int32(c), Int32(plane), wt.baseAddress!, b.baseAddress!,
                                    Int32(d), out.baseAddress! + sample * d * plane, flags.baseAddress! + sample * d * plane)
                            }
                        }
                    }
                }
            }
        })
        return (values, .firstHalf(first, halfCount: d * plane))
    }

    /// Weight and bias gradients of `conv2dMaxFeatureMap5x5` for the output gradient `self`
    /// (the input gradient is not computed: the layer's input is the image).
    func conv2dMaxFeatureMap5x5Backward(input x: Tensor, weight: Tensor, first: [UInt8], geometry g: ConvGeometry)
        -> (weight: Tensor, bias: Tensor) {
        let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let o = weight.shape[0], d = o / 2, p = g.padding, taps = 25
        let outH = g.outputSize(inputSize: h), outW = g.outputSize(inputSize: w), plane = outH * outW
        let wp = w + 2 * p, paddedPlane = (h + 2 * p) * wp
        let padded = x.paddedPlanes(padding: p)
        // One partial sum per sample (a few kB each), added up in order afterwards.
        var weightSums = [Double](repeating: 0, count: n * o * taps), biasSums = [Double](repeating: 0, count: n * o)
        withUnsafeBufferPointer { gy in
            first.withUnsafeBufferPointer { flags in
                padded.withUnsafeBufferPointer { xp in
                    weightSums.withUnsafeMutableBufferPointer { ws in
                        biasSums.withUnsafeMutableBufferPointer { bs in
                            Parallel.forEach(n) { sample in
                                unveil_mfm_conv5x5_weight_gradient(
                                    xp.baseAddress! + sample * paddedPlane, Int32(wp), gy.baseAddress! + sample * d * plane,
                                    flags.baseAddress! + sample * d * plane, Int32(d), Int32(outH), Int32(outW),
                                    ws.baseAddress! + sample * o * taps, bs.baseAddress! + sample * o)
                            }
                        }
                    }
                }
            }
        }
        var weightGradient = [Double](repeating: 0, count: o * taps), biasGradient = [Double](repeating: 0, count: o)
        for sample in 0..<n {
            for i in 0..<(o * taps) { weightGradient[i] += weightSums[sample * o * taps + i] }
            for i in 0..<o { biasGradient[i] += biasSums[sample * o + i] }
        }
        return (Tensor(shape: weight.shape, scalars: weightGradient.map(Float.init)),
                Tensor(shape: [o], scalars: biasGradient.map(Float.init)))
    }
}

/// Which half of a max-feature-map won each output element.
public enum MaxFeatureMapWinners: Sendable {
    /// Flat positions in the virtual `[N, 2D, …]` tensor (as `maxOfHalves` returns them).
    case flat([Int32])
    /// 1 where the first half won, per element of `[N, D, …]`; `halfCount` = D · (elements per
    /// channel), the distance between the halves within one sample.
    case firstHalf([UInt8], halfCount: Int)

    /// Number of output elements described.
    public var count: Int {
        switch self {
        case let .flat(indices): return indices.count
        case let .firstHalf(first, _): return first.count
        }
    }

    /// The flat positions (computed for `.firstHalf`).
    public var flatIndices: [Int32] {
        switch self {
        case let .flat(indices): return indices
        case let .firstHalf(first, half):
            return first.indices.map { i in
                let (sample, offset) = i.quotientAndRemainder(dividingBy: half)
                return Int32(sample * 2 * half + offset + (first[i] != 0 ? 0 : half))
            }
        }
    }
}
