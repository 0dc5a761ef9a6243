/// The weight gradient of a Winograd convolution (see `Winograd.swift`): with Y = Aᵀ[U ⊙ V]A,
/// ∂L/∂U is summed over the tiles in the transformed domain by 36 sgemms, then ∂L/∂g = Gᵀ·∂L/∂U·G.
extension WinogradConvolution {
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
                Self.store(t, lanes: 8, to: first, step: lanesWide)
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
                    Self.store(t, lanes: lanes, to: first, step: step)
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
}

extension Tensor {
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
}
