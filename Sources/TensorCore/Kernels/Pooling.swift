/// Max pooling (with the argmax that makes its derivative a scatter) and the
/// gather/scatter pair of flat indices, each the other's adjoint.
extension Tensor {
    /// Output extent of pooling; in ceil mode a last partial window counts if it starts
    /// inside the (left-padded) input, as in PyTorch.
    public static func pooledSize(_ size: Int, geometry g: ConvGeometry, ceilMode: Bool) -> Int {
        let span = size + 2 * g.padding - g.kernel
        var out = (ceilMode ? (span + g.stride - 1) / g.stride : span / g.stride) + 1
        if ceilMode && (out - 1) * g.stride >= size + g.padding { out -= 1 }
        return out
    }

    /// Max pooling over square windows, returning the values and the flat index into
    /// `self` of each maximum (first maximum on ties, as PyTorch).
    /// - Shape: `[N, C, H, W]` → `[N, C, Hout, Wout]` (values and indices)
    public func maxPool2d(geometry g: ConvGeometry, ceilMode: Bool) -> (values: Tensor, indices: [Int32]) {
        precondition(rank == 4, "maxPool2d: input must be [N, C, H, W], got \(shape)")
        precondition(count < Int(Int32.max), "maxPool2d: tensor too large for 32-bit indices")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let outH = Tensor.pooledSize(h, geometry: g, ceilMode: ceilMode)
        let outW = Tensor.pooledSize(w, geometry: g, ceilMode: ceilMode)
        precondition(outH > 0 && outW > 0, "maxPool2d: input \(h)×\(w) too small for \(g)")
        var indices = [Int32](repeating: 0, count: n * c * outH * outW)
        let values = Tensor(shape: [n, c, outH, outW], filling: { out in
            withUnsafeBufferPointer { x in
                indices.withUnsafeMutableBufferPointer { idx in
                    for plane in 0..<(n * c) {
                        let base = plane * h * w
                        for oy in 0..<outH {
                            let y0 = Swift.max(oy * g.stride - g.padding, 0)
                            let y1 = Swift.min(oy * g.stride - g.padding + g.kernel, h)
                            for ox in 0..<outW {
                                let x0 = Swift.max(ox * g.stride - g.padding, 0)
                                let x1 = Swift.min(ox * g.stride - g.padding + g.kernel, w)
                                var best = -Float.infinity
                                var bestIndex = base + y0 * w + x0
                                for yy in y0..<y1 {
                                    for xx in x0..<x1 {
                                        let i = base + yy * w + xx
                                        let v = x[i]
                                        if v > best || v.isNaN { best = v; bestIndex = i }
                                    }
                                }
                                let o = (plane * outH + oy) * outW + ox
                                out[o] = best
                                idx[o] = Int32(bestIndex)
                            }
                        }
                    }
                }
            }
        })
        return (values, indices)
    }

    /// Elements of `self` at flat `indices`, arranged in `shape`.
    /// - Shape: any → `shape` (`indices.count` elements)
    public func gathering(flatIndices indices: [Int32], shape outShape: [Int]) -> Tensor {
        precondition(indices.count == Tensor.count(of: outShape), "gathering: \(indices.count) indices for shape \(outShape)")
        return Tensor(shape: outShape, filling: { out in
            withUnsafeBufferPointer { x in
                indices.withUnsafeBufferPointer { idx in
                    for i in 0..<idx.count { out[i] = x[Int(idx[i])] }
                }
            }
        })
    }

    /// A zero tensor of `shape` with the elements of `self` added at flat `indices`
    /// (the adjoint of `gathering`).
    /// - Shape: `[indices.count]`-sized → `shape`
    public func scatteringAdd(flatIndices indices: [Int32], shape outShape: [Int]) -> Tensor {
        precondition(indices.count == count, "scatteringAdd: \(indices.count) indices for \(count) elements")
        return Tensor(shape: outShape, filling: { out in
            withUnsafeBufferPointer { x in
                indices.withUnsafeBufferPointer { idx in
                    for i in 0..<idx.count { out[Int(idx[i])] += x[i] }
                }
            }
        })
    }
}
