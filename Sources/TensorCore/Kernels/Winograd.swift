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
                                        Self.store(row.0, lanes: lanes, to: first)
                                        Self.store(row.1, lanes: lanes, to: first + step)
                                        Self.store(row.2, lanes: lanes, to: first + 2 * step)
                                        Self.store(row.3, lanes: lanes, to: first + 3 * step)
                                        Self.store(row.4, lanes: lanes, to: first + 4 * step)
                                        Self.store(row.5, lanes: lanes, to: first + 5 * step)
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
    private func transformInputs(_ input: UnsafePointer<Float>, count: Int, into transformed: UnsafeMutablePointer<Float>) {
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
                Self.store(t.0, lanes: 8, to: first)
                Self.store(t.1, lanes: 8, to: first + lanesWide)
                Self.store(t.2, lanes: 8, to: first + 2 * lanesWide)
                Self.store(t.3, lanes: 8, to: first + 3 * lanesWide)
                Self.store(t.4, lanes: 8, to: first + 4 * lanesWide)
                Self.store(t.5, lanes: 8, to: first + 5 * lanesWide)
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
                    Self.store(t.0, lanes: lanes, to: first)
                    Self.store(t.1, lanes: lanes, to: first + step)
                    Self.store(t.2, lanes: lanes, to: first + 2 * step)
                    Self.store(t.3, lanes: lanes, to: first + 3 * step)
                    Self.store(t.4, lanes: lanes, to: first + 4 * step)
                    Self.store(t.5, lanes: lanes, to: first + 5 * step)
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
                    Self.store(s.0, lanes: 8, to: first)
                    Self.store(s.1, lanes: 8, to: first + step)
                    Self.store(s.2, lanes: 8, to: first + 2 * step)
                    Self.store(s.3, lanes: 8, to: first + 3 * step)
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
                    Self.store(out.0 + bias, lanes: 8, to: phases + k)
                    Self.store(out.1 + bias, lanes: 8, to: phases + lanesWide + k)
                    Self.store(out.2 + bias, lanes: 8, to: phases + 2 * lanesWide + k)
                    Self.store(out.3 + bias, lanes: 8, to: phases + 3 * lanesWide + k)
                }
                let target = plane + y * width
                for x in 0..<width { target[x] = phases[(x & 3) * lanesWide + (x >> 2)] }
            }
        }
    }

    /// The weight gradient in the transformed domain, summed over `count` samples: with
    /// Y = Aᵀ[U ⊙ V]A, ∂L/∂U[ξ] = Σ over tiles of (A·∂L/∂Y·Aᵀ)[ξ] · V[ξ], one sgemm per position
    /// with the tiles as its k: `sums` `[36, O, C]` gets (or, when `accumulate`, adds)
    /// W'[ξ] (O × T) · V[ξ]ᵀ (T × C). `scratch` holds `scratchCount(samples: count)` floats.
    func accumulateWeightGradient(input: UnsafePointer<Float>, gradient: UnsafePointer<Float>, count: Int,
                                  into sums: UnsafeMutablePointer<Float>, accumulate: Bool, scratch: UnsafeMutablePointer<Float>) {
        let tiles = count * tilesPerSample
        let (c, o, plane, lanesWide) = (inputChannels, outputChannels, height * width, vectorsWide * 8)
        let transformed = scratch, gradients = scratch + Self.positions * c * tiles  // V [36, C, T], W' [36, O, T]
        transformInputs(input, count: count, into: transformed)
        Parallel.forEachRange(count: count * o, minimumPerWorker: 1) { range in
            var work = Tensor.scratch(count: 4 * lanesWide + 4 * tilesHigh * 6 * lanesWide)
            work.withUnsafeMutableBufferPointer { buffer in
                for item in range {
                    let (sample, channel) = item.quotientAndRemainder(dividingBy: o)
                    transformGradient(gradient + item * plane, phases: buffer.baseAddress!, rows: buffer.baseAddress! + 4 * lanesWide,
                                      into: gradients + channel * tiles + sample * tilesPerSample, positionStride: o * tiles)
                }
            }
        }
        for position in 0..<Self.positions {
            Gemm.sgemm(transposeA: false, transposeB: true, m: o, n: c, k: tiles,
                       a: gradients + position * o * tiles, lda: tiles, b: transformed + position * c * tiles, ldb: tiles,
                       beta: accumulate ? 1 : 0, c: sums + position * o * c, ldc: c)
        }
    }

    /// A·∂L/∂Y·Aᵀ (6×6) for the tiles of one output-gradient plane (zero beyond its edges): A along
    /// x for every row (the four phases of a row are the four inputs of consecutive tiles) into
    /// `rows` (`[4·tilesHigh, 6, lanesWide]`), then along y into the 36 position blocks of `w`.
    private func transformGradient(_ plane: UnsafePointer<Float>, phases: UnsafeMutablePointer<Float>,
                                   rows: UnsafeMutablePointer<Float>, into w: UnsafeMutablePointer<Float>, positionStride: Int) {
        let lanesWide = vectorsWide * 8
        for r in 0..<(4 * tilesHigh) {
            let row = rows + r * 6 * lanesWide
            phases.initialize(repeating: 0, count: 4 * lanesWide)  // phase p: x = 4k + p at index k
            if r < height {
                let source = plane + r * width
                for x in 0..<width { phases[(x & 3) * lanesWide + (x >> 2)] = source[x] }
            }
            for k in stride(from: 0, to: lanesWide, by: 8) {
                func load(_ phase: Int) -> Lanes { UnsafeRawPointer(phases + phase * lanesWide + k).loadUnaligned(as: Lanes.self) }
                let t = Self.gradientRows(load(0), load(1), load(2), load(3))
                let first = row + k
                Self.store(t.0, lanes: 8, to: first)
                Self.store(t.1, lanes: 8, to: first + lanesWide)
                Self.store(t.2, lanes: 8, to: first + 2 * lanesWide)
                Self.store(t.3, lanes: 8, to: first + 3 * lanesWide)
                Self.store(t.4, lanes: 8, to: first + 4 * lanesWide)
                Self.store(t.5, lanes: 8, to: first + 5 * lanesWide)
            }
        }
        for ty in 0..<tilesHigh {
            for xi in 0..<6 {
                for k in stride(from: 0, to: lanesWide, by: 8) {
                    func load(_ i: Int) -> Lanes {
                        UnsafeRawPointer(rows + ((4 * ty + i) * 6 + xi) * lanesWide + k).loadUnaligned(as: Lanes.self)
                    }
                    let t = Self.gradientRows(load(0), load(1), load(2), load(3))
                    let lanes = Swift.min(8, tilesWide - k), first = w + xi * positionStride + ty * tilesWide + k
                    let step = 6 * positionStride
                    Self.store(t.0, lanes: lanes, to: first)
                    Self.store(t.1, lanes: lanes, to: first + step)
                    Self.store(t.2, lanes: lanes, to: first + 2 * step)
                    Self.store(t.3, lanes: lanes, to: first + 3 * step)
                    Self.store(t.4, lanes: lanes, to: first + 4 * step)
                    Self.store(t.5, lanes: lanes, to: first + 5 * step)
                }
            }
        }
    }

    /// A (= Aᵀᵀ, 6×4) applied to four output gradients.
    @inline(__always)
    static func gradientRows(_ d0: Lanes, _ d1: Lanes, _ d2: Lanes, _ d3: Lanes) -> (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes) {
        let even = d0 + d2, odd = d1 + d3, p = d0 + 4 * d2, q = 2 * d1 + 8 * d3
        return (d0, even + odd, even - odd, p + q, p - q, d3)
    }

    /// Gᵀ applied to six transformed-domain values: three taps.
    @inline(__always)
    static func filterGradientRows(_ u0: Lanes, _ u1: Lanes, _ u2: Lanes, _ u3: Lanes, _ u4: Lanes, _ u5: Lanes)
        -> (Lanes, Lanes, Lanes) {
        let sixth: Float = 1.0 / 6, twelfth: Float = 1.0 / 12, twentyFourth: Float = 1.0 / 24
        return (0.25 * u0 - sixth * (u1 + u2) + twentyFourth * (u3 + u4),
                sixth * (u2 - u1) + twelfth * (u3 - u4),
                sixth * (u3 + u4 - u1 - u2) + u5)
    }

    /// ∂L/∂g = Gᵀ · ∂L/∂U · G for every filter: `sums` `[36, O, C]` → `gradient` `[O, C, 3, 3]`.
    func filterGradient(from sums: UnsafePointer<Float>, into gradient: UnsafeMutablePointer<Float>) {
        let (c, o) = (inputChannels, outputChannels), step = o * c
        Parallel.forEachRange(count: o, minimumPerWorker: 8) { range in
            withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 18) { left in  // Gᵀ along ξx: [6 (ξy), 3 (kx)]
                for target in range {
                    for source in stride(from: 0, to: c, by: 8) {
                        let lanes = Swift.min(8, c - source), base = sums + target * c + source
                        func load(_ position: Int) -> Lanes { Self.load(base + position * step, lanes: lanes) }
                        for yi in 0..<6 {
                            let row = Self.filterGradientRows(load(yi * 6), load(yi * 6 + 1), load(yi * 6 + 2),
                                                              load(yi * 6 + 3), load(yi * 6 + 4), load(yi * 6 + 5))
                            (left[yi * 3], left[yi * 3 + 1], left[yi * 3 + 2]) = row
                        }
                        for kx in 0..<3 {
                            let column = Self.filterGradientRows(left[kx], left[3 + kx], left[6 + kx],
                                                                 left[9 + kx], left[12 + kx], left[15 + kx])
                            for lane in 0..<lanes {
                                let filter = gradient + (target * c + source + lane) * 9
                                filter[kx] = column.0[lane]
                                filter[3 + kx] = column.1[lane]
                                filter[6 + kx] = column.2[lane]
                            }
                        }
                    }
                }
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

    /// `conv2dBackwardWeight` (3×3, stride 1, padding 1) by Winograd's algorithm: the transformed
    /// input and output gradient of each chunk of samples, 36 sgemms over its tiles, then Gᵀ·G.
    func winogradConv2dBackwardWeight(gradOutput: Tensor, chunkBudget: Int = Winograd.chunkBudget) -> Tensor {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3]), o = gradOutput.shape[1]
        let plan = WinogradConvolution(inputChannels: c, outputChannels: o, height: h, width: w)
        let chunk = plan.samplesPerChunk(batch: n, budget: chunkBudget)
        var scratch = Tensor.scratch(count: plan.scratchCount(samples: chunk))
        var sums = Tensor.scratch(count: WinogradConvolution.positions * o * c)
        return Tensor(shape: [o, c, 3, 3], overwriting: { gw in
            withUnsafeBufferPointer { x in
                gradOutput.withUnsafeBufferPointer { gy in
                    scratch.withUnsafeMutableBufferPointer { buffer in
                        sums.withUnsafeMutableBufferPointer { u in
                            for first in stride(from: 0, to: n, by: chunk) {
                                plan.accumulateWeightGradient(
                                    input: x.baseAddress! + first * c * h * w, gradient: gy.baseAddress! + first * o * h * w,
                                    count: Swift.min(chunk, n - first), into: u.baseAddress!, accumulate: first > 0,
                                    scratch: buffer.baseAddress!)
                            }
                            plan.filterGradient(from: u.baseAddress!, into: gw.baseAddress!)
                        }
                    }
                }
            }
        })
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

extension Tensor {
    /// `conv2dMaxFeatureMap` (3×3, stride 1, padding 1) with the convolution by Winograd's
    /// algorithm, a chunk of samples at a time; the max-feature-map pass reads the chunk's output.
    func winogradConv2dMaxFeatureMap(weight: Tensor, bias: Tensor?) -> (values: Tensor, winners: MaxFeatureMapWinners) {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let plan = WinogradConvolution(weight: weight, adjoint: false, height: h, width: w)
        let (o, plane) = (plan.outputChannels, h * w), d = o / 2
        let chunk = plan.samplesPerChunk(batch: n)
        var scratch = Tensor.scratch(count: plan.scratchCount(samples: chunk))
        var convolved = Tensor.scratch(count: chunk * o * plane)
        var indices = [Int32](repeating: 0, count: n * d * plane)
        let biases = bias?.scalars ?? [Float](repeating: 0, count: o)
        let values = Tensor(shape: [n, d, h, w], overwriting: { out in
            withUnsafeBufferPointer { x in
                scratch.withUnsafeMutableBufferPointer { buffer in
                    convolved.withUnsafeMutableBufferPointer { conv in
                        indices.withUnsafeMutableBufferPointer { idx in
                            biases.withUnsafeBufferPointer { b in
                                for first in stride(from: 0, to: n, by: chunk) {
                                    let count = Swift.min(chunk, n - first)
                                    plan.convolve(x.baseAddress! + first * c * plane, count: count, bias: nil,
                                                  into: conv.baseAddress!, scratch: buffer.baseAddress!)
                                    Parallel.forEachRange(count: count * d, minimumPerWorker: Swift.max(1, (1 << 14) / plane)) { rows in
                                        for row in rows {
                                            let (j, channel) = row.quotientAndRemainder(dividingBy: d)
                                            let sample = first + j
                                            let source = conv.baseAddress! + (j * o + channel) * plane
                                            let firstIndex = Int32((sample * o + channel) * plane)
                                            let target = (sample * d + channel) * plane
                                            Tensor.maxOfHalvesRow(source, source + d * plane, count: plane,
                                                                  biases: (b[channel], b[channel + d]),
                                                                  firstIndex: firstIndex, secondIndex: firstIndex + Int32(d * plane),
                                                                  values: out.baseAddress! + target, indices: idx.baseAddress! + target)
                                        }
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

    /// `conv2dMaxFeatureMapBackward` (3×3, stride 1, padding 1) with the input gradient by
    /// Winograd's algorithm, input and weight gradients: per chunk of samples the gradient is
    /// expanded into both halves, then both gradients are computed for the whole chunk.
    func winogradConv2dMaxFeatureMapBackward(input x: Tensor, weight: Tensor, indices: [Int32], needBias: Bool)
        -> (input: Tensor, weight: Tensor, bias: Tensor?) {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let plan = WinogradConvolution(weight: weight, adjoint: true, height: h, width: w)
        let (o, plane) = (weight.shape[0], h * w), d = o / 2
        let chunk = plan.samplesPerChunk(batch: n)
        var scratch = Tensor.scratch(count: plan.scratchCount(samples: chunk))
        var expanded = Tensor.scratch(count: chunk * o * plane)
        let weightPlan = WinogradConvolution(inputChannels: c, outputChannels: o, height: h, width: w)
        var transformedGradient = Tensor.scratch(count: WinogradConvolution.positions * o * c)  // ∂L/∂U [36, O, C]
        var rowSums = [Float](repeating: 0, count: n * o)  // per sample and channel, for the bias
        var weightGradient = [Float](repeating: 0, count: weight.count)
        let inputGradient = Tensor(shape: x.shape, overwriting: { gx in
            withUnsafeBufferPointer { gy in
                indices.withUnsafeBufferPointer { idx in
                    x.withUnsafeBufferPointer { input in
                        scratch.withUnsafeMutableBufferPointer { buffer in
                            expanded.withUnsafeMutableBufferPointer { grad in
                                transformedGradient.withUnsafeMutableBufferPointer { u in
                                    rowSums.withUnsafeMutableBufferPointer { sums in
                                        weightGradient.withUnsafeMutableBufferPointer { gw in
                                            for first in stride(from: 0, to: n, by: chunk) {
                                                let count = Swift.min(chunk, n - first)
                                                Parallel.forEachRange(count: count * d, minimumPerWorker: Swift.max(1, (1 << 14) / plane)) { range in
                                                    for item in range {
                                                        let (j, channel) = item.quotientAndRemainder(dividingBy: d)
                                                        let sample = first + j
                                                        let target = grad.baseAddress! + (j * o + channel) * plane
                                                        let row = (sample * d + channel) * plane
                                                        let (a, b) = Tensor.expandHalvesRow(
                                                            gy.baseAddress! + row, indices: idx.baseAddress! + row, count: plane,
                                                            firstIndex: Int32((sample * o + channel) * plane), into: (target, target + d * plane))
                                                        sums[sample * o + channel] = a
                                                        sums[sample * o + channel + d] = b
                                                    }
                                                }
                                                weightPlan.accumulateWeightGradient(
                                                    input: input.baseAddress! + first * c * plane, gradient: grad.baseAddress!, count: count,
                                                    into: u.baseAddress!, accumulate: first > 0, scratch: buffer.baseAddress!)
                                                plan.convolve(grad.baseAddress!, count: count, bias: nil,
                                                              into: gx.baseAddress! + first * c * plane, scratch: buffer.baseAddress!)
                                            }
                                            weightPlan.filterGradient(from: u.baseAddress!, into: gw.baseAddress!)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        })
        var biasGradient: Tensor?
        if needBias {
            var totals = [Double](repeating: 0, count: o)
            for sample in 0..<n { for channel in 0..<o { totals[channel] += Double(rowSums[sample * o + channel]) } }
            biasGradient = Tensor(shape: [o], scalars: totals.map(Float.init))
        }
        return (inputGradient, Tensor(shape: weight.shape, scalars: weightGradient), biasGradient)
    }
}
