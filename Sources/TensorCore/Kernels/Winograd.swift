/// 3×3 stride-1 convolutions with padding 1 (OA-GAN's residual blocks, LightCNN-9's 3×3 layers,
/// VGG-16's feature layers) by Winograd's minimal filtering F(4×4, 3×3).
///
/// Each output tile of 4×4 pixels is computed from a 6×6 input tile as
/// Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A. Over a chunk of samples the element-wise products become 36
/// sgemms, one per tile position ξ: M[ξ] (O × T) = U[ξ] (O × C) · V[ξ] (C × T), T = tiles in the
/// chunk, with U the transformed filters and V the transformed input tiles. The sgemms do a
/// quarter of direct convolution's multiply-adds (36 per 16 outputs instead of 144); the
/// transforms are O(36) per tile and channel, and what they cost (passes over V and M, 2.25× the
/// input and output) is what keeps the gain below 4×: measured, 1.3–2.2× per layer
/// (LightCNN-9's features.2.conv forward 142 → 108 ms, OA-GAN's residual blocks 128 → 58–80 ms).
///
/// The transforms round differently from the direct sum (coefficients from 1/24 to 8): results
/// agree with naive loops to a relative 1e-5 (the tests' bound), as in cuDNN's and oneDNN's
/// Winograd paths; training is not affected at that level.
///
/// The same routine computes the data gradient of such a convolution (a 3×3 stride-1 padding-1
/// convolution with the filters flipped and their channel axes swapped), so forward and backward
/// stay adjoint up to rounding. Weight gradients stay with im2col + sgemm.
public enum Winograd {
    /// Smallest input and output channel counts that take this path (below them the transforms
    /// cost more than they save).
    public static let minimumChannels = 16

    /// Smallest C·O·tiles (the multiply-adds of each of the 36 sgemms over a whole batch) that
    /// takes this path: below it the 36 small sgemms, each waking OpenBLAS's second thread, and
    /// the filter transform cost more than im2col's few large ones (OA-GAN's small preset,
    /// 64 channels at 16×16, batch 8: 0.5 M, generator 150 → 95 images/s through Winograd).
    public static let minimumProductSize = 1 << 23

    /// Floats of transformed tiles per chunk of samples (16 MB, within the L3 cache; 4 to 16 M
    /// floats measured alike on LightCNN-9 and OA-GAN, 1 M slower).
    static let chunkBudget = 4 << 20

    /// Whether a convolution with these channel counts, geometry and `[N, ·, H, W]` planes runs here.
    public static func applies(inputChannels: Int, outputChannels: Int, geometry g: ConvGeometry,
                               batch: Int, height: Int, width: Int) -> Bool {
        let tiles = batch * ((height + 3) / 4) * ((width + 3) / 4)
        return g.kernel == 3 && g.stride == 1 && g.padding == 1
            && inputChannels >= minimumChannels && outputChannels >= minimumChannels
            && inputChannels * outputChannels * tiles >= minimumProductSize
    }
}

typealias Lanes = SIMD8<Float>

/// One Winograd convolution F(4×4, 3×3): the transformed filters of a weight, for planes of one
/// size. The transforms are written out (Lavin & Gray's matrices for the points 0, ±1, ±2, ∞):
///
///     Bᵀ = [4  0 −5  0  1  0]    G = [ 1/4     0     0 ]    Aᵀ = [1  1  1  1  1  0]
///          [0 −4 −4  1  1  0]        [−1/6  −1/6  −1/6 ]         [0  1 −1  2 −2  0]
///          [0  4 −4 −1  1  0]        [−1/6   1/6  −1/6 ]         [0  1  1  4  4  0]
///          [0 −2 −1  2  1  0]        [1/24  1/12   1/6 ]         [0  1 −1  8 −8  1]
///          [0  2 −1 −2  1  0]        [1/24 −1/12   1/6 ]
///          [0  4  0 −5  0  1]        [   0     0     1 ]
///
/// and vectorised over eight tiles of a row: each input row is first split into its four
/// phases (x mod 4), so the six inputs of consecutive tiles are consecutive floats.
struct WinogradConvolution {
    static let m = 4, alpha = 6, positions = 36
    let inputChannels: Int, outputChannels: Int
    let height: Int, width: Int
    let tilesHigh: Int, tilesWide: Int
    /// Tiles per row rounded up to whole vectors (the width of the row buffers).
    let vectorsWide: Int
    /// U: `[36, O, C]`.
    let filters: [Float]

    var tilesPerSample: Int { tilesHigh * tilesWide }

    /// A plan without filters, for the weight gradient of a convolution from `inputChannels` to
    /// `outputChannels`.
    init(inputChannels: Int, outputChannels: Int, height: Int, width: Int) {
        (self.inputChannels, self.outputChannels) = (inputChannels, outputChannels)
        (self.height, self.width) = (height, width)
        tilesHigh = (height + 3) / 4
        tilesWide = (width + 3) / 4
        vectorsWide = (tilesWide + 7) / 8
        filters = []
    }

    /// Filters of `conv2d` with `weight` `[O, C, 3, 3]` or, when `adjoint`, of its data gradient
    /// (the filters flipped, channels swapped: a convolution from O to C channels).
    init(weight: Tensor, adjoint: Bool, height: Int, width: Int) {
        let (o, c) = (weight.shape[0], weight.shape[1])
        (inputChannels, outputChannels) = adjoint ? (o, c) : (c, o)
        (self.height, self.width) = (height, width)
        tilesHigh = (height + 3) / 4
        tilesWide = (width + 3) / 4
        vectorsWide = (tilesWide + 7) / 8
        let (inputs, outputs) = (inputChannels, outputChannels)
        var u = Tensor.scratch(count: Self.positions * outputs * inputs)
        weight.withUnsafeBufferPointer { wt in
            u.withUnsafeMutableBufferPointer { filters in
                Parallel.forEachRange(count: outputs, minimumPerWorker: 8) { range in
                    // g[ky][kx] of eight filters (9 vectors), then G · g (6 × 3).
                    withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 27) { work in
                        withUnsafeTemporaryAllocation(of: Float.self, capacity: 72) { gathered in
                            let g = work.baseAddress!, left = g + 9, taps = gathered.baseAddress!  // taps: [9, 8]
                            for target in range {
                                for source in stride(from: 0, to: inputs, by: 8) {
                                    let lanes = Swift.min(8, inputs - source)
                                    taps.initialize(repeating: 0, count: 72)
                                    for lane in 0..<lanes {
                                        let base = adjoint ? ((source + lane) * c + target) * 9 : (target * c + source + lane) * 9
                                        for tap in 0..<9 { taps[tap * 8 + lane] = wt[base + (adjoint ? 8 - tap : tap)] }
                                    }
                                    for tap in 0..<9 { g[tap] = UnsafeRawPointer(taps + tap * 8).loadUnaligned(as: Lanes.self) }
                                    for kx in 0..<3 {
                                        let column = Self.filterRows(g[kx], g[3 + kx], g[6 + kx])
                                        (left[kx], left[3 + kx], left[6 + kx]) = (column.0, column.1, column.2)
                                        (left[9 + kx], left[12 + kx], left[15 + kx]) = (column.3, column.4, column.5)
                                    }
                                    for i in 0..<6 {
                                        let row = Self.filterRows(left[i * 3], left[i * 3 + 1], left[i * 3 + 2])
                                        let first = filters.baseAddress! + ((i * 6) * outputs + target) * inputs + source
                                        let step = outputs * inputs
                                        Self.store(row, lanes: lanes, to: first, step: step)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        filters = u
    }

    /// G applied to three taps: the six rows of G · (g0, g1, g2).
    @inline(__always)
    static func filterRows(_ g0: Lanes, _ g1: Lanes, _ g2: Lanes) -> (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes) {
        let sixth: Float = 1.0 / 6, twelfth: Float = 1.0 / 12, twentyFourth: Float = 1.0 / 24
        return (0.25 * g0,
                -sixth * (g0 + g1 + g2),
                -sixth * (g0 - g1 + g2),
                twentyFourth * g0 + twelfth * g1 + sixth * g2,
                twentyFourth * g0 - twelfth * g1 + sixth * g2,
                g2)
    }

    /// Bᵀ applied to six inputs.
    @inline(__always)
    static func inputRows(_ d0: Lanes, _ d1: Lanes, _ d2: Lanes, _ d3: Lanes, _ d4: Lanes, _ d5: Lanes)
        -> (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes) {
        let a = d4 - 4 * d2, b = d3 - 4 * d1   // rows 1 and 2: a ± b
        let e = d4 - d2, f = 2 * (d3 - d1)      // rows 3 and 4: e ± f
        return (4 * d0 - 5 * d2 + d4, a + b, a - b, e + f, e - f, 4 * d1 - 5 * d3 + d5)
    }

    /// Aᵀ applied to six products.
    @inline(__always)
    static func outputRows(_ m0: Lanes, _ m1: Lanes, _ m2: Lanes, _ m3: Lanes, _ m4: Lanes, _ m5: Lanes)
        -> (Lanes, Lanes, Lanes, Lanes) {
        let s12 = m1 + m2, d12 = m1 - m2, s34 = m3 + m4, d34 = m3 - m4
        return (m0 + s12 + s34, d12 + 2 * d34, s12 + 4 * s34, d12 + 8 * d34 + m5)
    }

    /// Samples per chunk so that a chunk's transformed tiles stay within the budget, balanced
    /// over the chunks.
    func samplesPerChunk(batch: Int, budget: Int = Winograd.chunkBudget) -> Int {
        let most = Swift.max(1, Swift.min(batch, budget / Swift.max(scratchCount(samples: 1), 1)))
        let chunks = (batch + most - 1) / most
        return (batch + chunks - 1) / chunks
    }

    /// Floats of scratch `convolve` needs for `count` samples.
    func scratchCount(samples count: Int) -> Int { Self.positions * (inputChannels + outputChannels) * tilesPerSample * count }

    /// Convolves `count` consecutive samples of `input` (`[count, C, H, W]`) into `output`
    /// (`[count, O, H, W]`), adding `bias` `[O]` when given. `scratch` holds `scratchCount` floats.
    func convolve(_ input: UnsafePointer<Float>, count: Int, bias: UnsafePointer<Float>?,
                  into output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let tiles = count * tilesPerSample
        let (c, o, plane) = (inputChannels, outputChannels, height * width)
        let transformed = scratch, products = scratch + Self.positions * c * tiles  // V [36, C, T], M [36, O, T]
        let lanesWide = vectorsWide * 8
        transformInputs(input, count: count, into: transformed)
        filters.withUnsafeBufferPointer { u in
            for position in 0..<Self.positions {
                Gemm.sgemm(transposeA: false, transposeB: false, m: o, n: tiles, k: c,
                           a: u.baseAddress! + position * o * c, lda: c,
                           b: transformed + position * c * tiles, ldb: tiles,
                           c: products + position * o * tiles, ldc: tiles)
            }
        }
        Parallel.forEachRange(count: count * o, minimumPerWorker: 1) { range in
            var work = Tensor.scratch(count: 24 * lanesWide + 4 * lanesWide)  // [4, 6, lanesWide] sums, one output row's phases
            work.withUnsafeMutableBufferPointer { buffer in
                for item in range {
                    let (sample, channel) = item.quotientAndRemainder(dividingBy: o)
                    transformOutput(products + channel * tiles + sample * tilesPerSample, positionStride: o * tiles,
                                    bias: bias?[channel] ?? 0, sums: buffer.baseAddress!, phases: buffer.baseAddress! + 24 * lanesWide,
                                    into: output + item * plane)
                }
            }
        }
    }

    /// V `[36, C, T]` for `count` samples of `input`, planes in parallel.
    func transformInputs(_ input: UnsafePointer<Float>, count: Int, into transformed: UnsafeMutablePointer<Float>) {
        let (c, plane, tiles, lanesWide) = (inputChannels, height * width, count * tilesPerSample, vectorsWide * 8)
        Parallel.forEachRange(count: count * c, minimumPerWorker: 1) { range in
            // Four phases of one row (tile index −1 … lanesWide), then 6 transformed values per
            // tile for every row of the plane.
            var work = Tensor.scratch(count: 4 * (lanesWide + 2) + (4 * tilesHigh + 2) * 6 * lanesWide)
            work.withUnsafeMutableBufferPointer { buffer in
                for item in range {
                    let (sample, channel) = item.quotientAndRemainder(dividingBy: c)
                    transformInput(input + item * plane, phases: buffer.baseAddress!, rows: buffer.baseAddress! + 4 * (lanesWide + 2),
                                   into: transformed + channel * tiles + sample * tilesPerSample, positionStride: c * tiles)
                }
            }
        }
    }

    /// V[ξ] for the tiles of one plane: Bᵀ along x for every (zero-padded) row into `rows`
    /// (`[4·tilesHigh + 2, 6, lanesWide]`), then Bᵀ along y into the 36 position blocks of `v`.
    private func transformInput(_ plane: UnsafePointer<Float>, phases: UnsafeMutablePointer<Float>,
                                rows: UnsafeMutablePointer<Float>, into v: UnsafeMutablePointer<Float>, positionStride: Int) {
        let lanesWide = vectorsWide * 8, phaseWidth = lanesWide + 2
        for r in 0..<(4 * tilesHigh + 2) {
            let y = r - 1, row = rows + r * 6 * lanesWide
            // Phase p holds x = 4k + p at index k + 1 (k = −1 … lanesWide), zero outside the plane.
            phases.initialize(repeating: 0, count: 4 * phaseWidth)
            if y >= 0 && y < height {
                let source = plane + y * width
                for x in 0..<width { phases[(x & 3) * phaseWidth + (x >> 2) + 1] = source[x] }
            }
            for k in stride(from: 0, to: lanesWide, by: 8) {
                func load(_ phase: Int, _ shift: Int) -> Lanes {
                    UnsafeRawPointer(phases + phase * phaseWidth + k + 1 + shift).loadUnaligned(as: Lanes.self)
                }
                // Tile t reads x = 4t − 1 … 4t + 4.
                let t = Self.inputRows(load(3, -1), load(0, 0), load(1, 0), load(2, 0), load(3, 0), load(0, 1))
                let first = row + k
                Self.store(t, lanes: 8, to: first, step: lanesWide)
            }
        }
        for ty in 0..<tilesHigh {
            for xi in 0..<6 {
                for k in stride(from: 0, to: lanesWide, by: 8) {
                    func load(_ i: Int) -> Lanes {
                        UnsafeRawPointer(rows + ((4 * ty + i) * 6 + xi) * lanesWide + k).loadUnaligned(as: Lanes.self)
                    }
                    let t = Self.inputRows(load(0), load(1), load(2), load(3), load(4), load(5))
                    let lanes = Swift.min(8, tilesWide - k), first = v + xi * positionStride + ty * tilesWide + k
                    let step = 6 * positionStride
                    Self.store(t, lanes: lanes, to: first, step: step)
                }
            }
        }
    }

    /// One output plane from its tiles' products M[ξ]: Aᵀ along y into `sums` (`[4, 6, lanesWide]`
    /// per tile row), then along x into the phases of each output row, interleaved into the plane
    /// with the bias.
    private func transformOutput(_ products: UnsafePointer<Float>, positionStride: Int, bias: Float,
                                 sums: UnsafeMutablePointer<Float>, phases: UnsafeMutablePointer<Float>,
                                 into plane: UnsafeMutablePointer<Float>) {
        let lanesWide = vectorsWide * 8
        for ty in 0..<tilesHigh {
            for xi in 0..<6 {
                for k in stride(from: 0, to: lanesWide, by: 8) {
                    let lanes = Swift.min(8, tilesWide - k)
                    func load(_ yi: Int) -> Lanes {
                        Self.load(products + (yi * 6 + xi) * positionStride + ty * tilesWide + k, lanes: lanes)
                    }
                    let s = Self.outputRows(load(0), load(1), load(2), load(3), load(4), load(5))
                    let first = sums + xi * lanesWide + k, step = 6 * lanesWide
                    Self.store(s, lanes: 8, to: first, step: step)
                }
            }
            for i in 0..<4 {
                let y = 4 * ty + i
                guard y < height else { break }
                for k in stride(from: 0, to: lanesWide, by: 8) {
                    func load(_ xi: Int) -> Lanes {
                        UnsafeRawPointer(sums + (i * 6 + xi) * lanesWide + k).loadUnaligned(as: Lanes.self)
                    }
                    let out = Self.outputRows(load(0), load(1), load(2), load(3), load(4), load(5))
                    Self.store((out.0 + bias, out.1 + bias, out.2 + bias, out.3 + bias), lanes: 8, to: phases + k, step: lanesWide)
                }
                let target = plane + y * width
                for x in 0..<width { target[x] = phases[(x & 3) * lanesWide + (x >> 2)] }
            }
        }
    }

    /// The first `lanes` floats at `source` (the rest zero).
    @inline(__always)
    static func load(_ source: UnsafePointer<Float>, lanes: Int) -> Lanes {
        if lanes == 8 { return UnsafeRawPointer(source).loadUnaligned(as: Lanes.self) }
        var value = Lanes.zero
        for lane in 0..<lanes { value[lane] = source[lane] }
        return value
    }

    /// Writes six vectors `step` floats apart (the first `lanes` floats of each).
    @inline(__always)
    static func store(_ rows: (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes), lanes: Int, to first: UnsafeMutablePointer<Float>, step: Int) {
        store(rows.0, lanes: lanes, to: first)
        store(rows.1, lanes: lanes, to: first + step)
        store(rows.2, lanes: lanes, to: first + 2 * step)
        store(rows.3, lanes: lanes, to: first + 3 * step)
        store(rows.4, lanes: lanes, to: first + 4 * step)
        store(rows.5, lanes: lanes, to: first + 5 * step)
    }

    /// Writes four vectors `step` floats apart (the first `lanes` floats of each).
    @inline(__always)
    static func store(_ rows: (Lanes, Lanes, Lanes, Lanes), lanes: Int, to first: UnsafeMutablePointer<Float>, step: Int) {
        store(rows.0, lanes: lanes, to: first)
        store(rows.1, lanes: lanes, to: first + step)
        store(rows.2, lanes: lanes, to: first + 2 * step)
        store(rows.3, lanes: lanes, to: first + 3 * step)
    }

    /// Writes the first `lanes` floats of `value` to `target`.
    @inline(__always)
    static func store(_ value: Lanes, lanes: Int, to target: UnsafeMutablePointer<Float>) {
        if lanes == 8 { UnsafeMutableRawPointer(target).storeBytes(of: value, as: Lanes.self); return }
        for lane in 0..<lanes { target[lane] = value[lane] }
    }
}

extension Tensor {
    /// `conv2d` (3×3, stride 1, padding 1) by Winograd's algorithm.
    func winogradConv2d(weight: Tensor, bias: Tensor?, chunkBudget: Int = Winograd.chunkBudget) -> Tensor {
        let plan = WinogradConvolution(weight: weight, adjoint: false, height: shape[2], width: shape[3])
        return winograd(plan, bias: bias, chunkBudget: chunkBudget)
    }

    /// `conv2dBackwardData` (3×3, stride 1, padding 1) by Winograd's algorithm.
    func winogradConv2dBackwardData(weight: Tensor, chunkBudget: Int = Winograd.chunkBudget) -> Tensor {
        let plan = WinogradConvolution(weight: weight, adjoint: true, height: shape[2], width: shape[3])
        return winograd(plan, bias: nil, chunkBudget: chunkBudget)
    }

    private func winograd(_ plan: WinogradConvolution, bias: Tensor?, chunkBudget: Int) -> Tensor {
        let (n, c, o, plane) = (shape[0], plan.inputChannels, plan.outputChannels, plan.height * plan.width)
        let chunk = plan.samplesPerChunk(batch: n, budget: chunkBudget)
        var scratch = Tensor.scratch(count: plan.scratchCount(samples: chunk))
        return Tensor(shape: [n, o, plan.height, plan.width], overwriting: { out in
            withUnsafeBufferPointer { x in
                scratch.withUnsafeMutableBufferPointer { buffer in
                    (bias?.scalars ?? []).withUnsafeBufferPointer { b in
                        for first in stride(from: 0, to: n, by: chunk) {
                            plan.convolve(x.baseAddress! + first * c * plane, count: Swift.min(chunk, n - first),
                                          bias: bias == nil ? nil : b.baseAddress!,
                                          into: out.baseAddress! + first * o * plane, scratch: buffer.baseAddress!)
                        }
                    }
                }
            }
        })
    }
}
