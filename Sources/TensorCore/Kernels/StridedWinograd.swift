/// 4×4 stride-2 padding-1 convolutions (OA-GAN's down-sampling convolutions, and through the
/// data gradient its transposed convolutions) as Winograd 3×3 convolutions of the input's
/// space-to-depth rearrangement.
///
/// With x'[(c, p, q)][u][v] = x[c][2u + p][2v + q] (four phases per channel, half the size),
/// output (i, j) reads input rows 2i − 1 … 2i + 2, that is phase 1 at u = i − 1 and i (taps 0
/// and 2) and phase 0 at u = i and i + 1 (taps 1 and 3): a 3×3 stride-1 padding-1 convolution of
/// x' whose filters have four of their nine taps per phase pair set (`expandedFilters`). Winograd
/// F(4×4, 3×3) then does 36/16 · 4C = 9C multiply-adds per output instead of 16C (1.8× fewer);
/// forward, data gradient and weight gradient all go through `Winograd.swift`'s routines, and the
/// weight gradient keeps the taps that exist (`contractedFilters`).
enum StridedWinograd {
    /// Kernel tap → (phase, 3×3 tap) along one axis.
    static let phase = [1, 0, 1, 0], tap = [0, 1, 1, 2]

    /// Whether a convolution with these channel counts, geometry and `[N, ·, H, W]` input runs
    /// here: 4×4 stride 2 padding 1, even sizes, outputs of at least 32×32 (eight tiles a row;
    /// at 16×16, OA-GAN's inner layers, im2col measured as fast or faster),
    /// and the Winograd sgemms large enough (see `Winograd.applies`).
    static func applies(inputChannels c: Int, outputChannels o: Int, geometry g: ConvGeometry,
                        batch: Int, height h: Int, width w: Int) -> Bool {
        g == .k4s2p1 && h % 2 == 0 && w % 2 == 0 && h >= 64 && w >= 64
            && Winograd.applies(inputChannels: 4 * c, outputChannels: o, geometry: .k3s1p1, batch: batch, height: h / 2, width: w / 2)
    }

    /// `[O, C, 4, 4]` → `[O, 4C, 3, 3]`: each tap moved to its phase channel and 3×3 position.
    static func expandedFilters(_ weight: Tensor) -> Tensor {
        let (o, c) = (weight.shape[0], weight.shape[1])
        return Tensor(shape: [o, 4 * c, 3, 3], filling: { out in
            for filter in 0..<(o * c) {
                for ky in 0..<4 {
                    for kx in 0..<4 {
                        let channel = filter * 4 + phase[ky] * 2 + phase[kx]  // (o·C + c)·4 + p·2 + q
                        out[channel * 9 + tap[ky] * 3 + tap[kx]] = weight.scalars[filter * 16 + ky * 4 + kx]
                    }
                }
            }
        })
    }

    /// The inverse gather for gradients: `[O, 4C, 3, 3]` → `[O, C, 4, 4]` (taps that exist only).
    static func contractedFilters(_ expanded: Tensor) -> Tensor {
        let (o, c) = (expanded.shape[0], expanded.shape[1] / 4)
        return Tensor(shape: [o, c, 4, 4], overwriting: { out in
            for filter in 0..<(o * c) {
                for ky in 0..<4 {
                    for kx in 0..<4 {
                        let channel = filter * 4 + phase[ky] * 2 + phase[kx]
                        out[filter * 16 + ky * 4 + kx] = expanded.scalars[channel * 9 + tap[ky] * 3 + tap[kx]]
                    }
                }
            }
        })
    }
}

extension Tensor {
    /// `[N, C, H, W]` → `[N, 4C, H/2, W/2]`, channel c·4 + p·2 + q holding x[c][2u + p][2v + q].
    func spaceToDepth() -> Tensor {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let (hh, wh) = (h / 2, w / 2)
        return Tensor(shape: [n, 4 * c, hh, wh], overwriting: { out in
            withUnsafeBufferPointer { x in
                Parallel.forEachRange(count: n * c, minimumPerWorker: Swift.max(1, (1 << 15) / (h * w))) { planes in
                    for plane in planes {
                        let source = x.baseAddress! + plane * h * w, target = out.baseAddress! + plane * 4 * hh * wh
                        for y in 0..<h {
                            let row = source + y * w, (u, p) = y.quotientAndRemainder(dividingBy: 2)
                            let even = target + (p * 2) * hh * wh + u * wh, odd = target + (p * 2 + 1) * hh * wh + u * wh
                            for v in 0..<wh {
                                even[v] = row[2 * v]
                                odd[v] = row[2 * v + 1]
                            }
                        }
                    }
                }
            }
        })
    }

    /// The inverse of `spaceToDepth`: `[N, 4C, H/2, W/2]` → `[N, C, H, W]`.
    func depthToSpace() -> Tensor {
        let (n, c, hh, wh) = (shape[0], shape[1] / 4, shape[2], shape[3])
        let (h, w) = (2 * hh, 2 * wh)
        return Tensor(shape: [n, c, h, w], overwriting: { out in
            withUnsafeBufferPointer { x in
                Parallel.forEachRange(count: n * c, minimumPerWorker: Swift.max(1, (1 << 15) / (h * w))) { planes in
                    for plane in planes {
                        let source = x.baseAddress! + plane * 4 * hh * wh, target = out.baseAddress! + plane * h * w
                        for y in 0..<h {
                            let row = target + y * w, (u, p) = y.quotientAndRemainder(dividingBy: 2)
                            let even = source + (p * 2) * hh * wh + u * wh, odd = source + (p * 2 + 1) * hh * wh + u * wh
                            for v in 0..<wh {
                                row[2 * v] = even[v]
                                row[2 * v + 1] = odd[v]
                            }
                        }
                    }
                }
            }
        })
    }

    /// `conv2d` (4×4, stride 2, padding 1) by Winograd on the space-to-depth input.
    func stridedWinogradConv2d(weight: Tensor, bias: Tensor?) -> Tensor {
        spaceToDepth().winogradConv2d(weight: StridedWinograd.expandedFilters(weight), bias: bias)
    }

    /// `conv2dBackwardData` (4×4, stride 2, padding 1): the adjoint Winograd convolution, then
    /// depth to space.
    func stridedWinogradConv2dBackwardData(weight: Tensor) -> Tensor {
        winogradConv2dBackwardData(weight: StridedWinograd.expandedFilters(weight)).depthToSpace()
    }

    /// `conv2dBackwardWeight` (4×4, stride 2, padding 1) for the input `self`.
    func stridedWinogradConv2dBackwardWeight(gradOutput: Tensor) -> Tensor {
        StridedWinograd.contractedFilters(spaceToDepth().winogradConv2dBackwardWeight(gradOutput: gradOutput))
    }
}
