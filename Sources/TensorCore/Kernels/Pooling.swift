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
        let values = Tensor(shape: [n, c, outH, outW], overwriting: { out in
            withUnsafeBufferPointer { x in
                indices.withUnsafeMutableBufferPointer { idx in
                    Parallel.forEachRange(count: n * c, minimumPerWorker: Swift.max(1, 4096 / Swift.max(h * w, 1))) { planes in
                        for plane in planes {
                            Tensor.maxPoolPlane(x.baseAddress!, base: plane * h * w, height: h, width: w, geometry: g,
                                                outHeight: outH, outWidth: outW,
                                                values: out.baseAddress! + plane * outH * outW,
                                                indices: idx.baseAddress! + plane * outH * outW)
                        }
                    }
                }
            }
        })
        return (values, indices)
    }

    /// Max pooling of one plane starting at flat offset `base`.
    @inline(__always)
    static func maxPoolPlane(
        _ x: UnsafePointer<Float>, base: Int, height h: Int, width w: Int, geometry g: ConvGeometry,
        outHeight outH: Int, outWidth outW: Int, values: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int32>
    ) {
        if g.kernel == 2 && g.stride == 2 && g.padding == 0 && h >= 2 && w >= 2 {
            maxPool2x2Plane(x, base: base, height: h, width: w, outHeight: outH, outWidth: outW, values: values, indices: indices)
            return
        }
        for oy in 0..<outH {
            let y0 = Swift.max(oy * g.stride - g.padding, 0)
            let y1 = Swift.min(oy * g.stride - g.padding + g.kernel, h)
            for ox in 0..<outW {
                let x0 = Swift.max(ox * g.stride - g.padding, 0)
                let x1 = Swift.min(ox * g.stride - g.padding + g.kernel, w)
                var best = -Float.infinity
                var bestIndex = base + y0 * w + x0
                for yy in y0..<y1 {
                    let row = base + yy * w
                    for xx in x0..<x1 {
                        let v = x[row + xx]
                        if v > best || v.isNaN { best = v; bestIndex = row + xx }
                    }
                }
                values[oy * outW + ox] = best
                indices[oy * outW + ox] = Int32(bestIndex)
            }
        }
    }

    /// 2×2 windows at stride 2: full windows in a tight loop, ragged edges (ceil mode) by
    /// clamping the second row/column onto the first. Candidates are scanned in PyTorch's
    /// order and a later one wins only if strictly larger, so ties keep the first.
    @inline(__always)
    static func maxPool2x2Plane(
        _ x: UnsafePointer<Float>, base: Int, height h: Int, width w: Int,
        outHeight outH: Int, outWidth outW: Int, values: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int32>
    ) {
        let fullColumns = w / 2
        for oy in 0..<outH {
            let r0 = base + 2 * oy * w
            let r1 = 2 * oy + 1 < h ? r0 + w : r0
            let outRow = values + oy * outW, indexRow = indices + oy * outW
            for ox in 0..<outW {
                let c0 = 2 * ox
                let c1 = ox < fullColumns ? c0 + 1 : c0
                let a = x[r0 + c0], b = x[r0 + c1], c = x[r1 + c0], d = x[r1 + c1]
                var best = a, bestIndex = r0 + c0
                if b > best { best = b; bestIndex = r0 + c1 }
                if c > best { best = c; bestIndex = r1 + c0 }
                if d > best { best = d; bestIndex = r1 + c1 }
                outRow[ox] = best
                indexRow[ox] = Int32(truncatingIfNeeded: bestIndex)
            }
        }
    }

    /// The larger of the two halves along `axis` (LightCNN's max-feature-map), with the flat
    /// index into `self` of each chosen element (the first half wins ties).
    /// - Shape: `[…, 2D, …]` → `[…, D, …]`
    public func maxOfHalves(along axis: Int) -> (values: Tensor, indices: [Int32]) {
        let (outer, extent, inner) = split(at: axis)
        precondition(extent % 2 == 0, "maxOfHalves: odd extent \(extent) along axis \(axis) of \(shape)")
        precondition(count < Int(Int32.max), "maxOfHalves: tensor too large for 32-bit indices")
        let half = extent / 2 * inner
        var outShape = shape
        outShape[axis] = extent / 2
        var indices = [Int32](repeating: 0, count: outer * half)
        let values = Tensor(shape: outShape, overwriting: { out in
            withUnsafeBufferPointer { x in
                indices.withUnsafeMutableBufferPointer { idx in
                    Parallel.forEachRange(count: outer, minimumPerWorker: Swift.max(1, (1 << 15) / Swift.max(half, 1))) { range in
                        for o in range {
                            let a = o * 2 * half, b = a + half, target = o * half
                            Tensor.maxOfHalvesRow(x.baseAddress! + a, x.baseAddress! + b, count: half, biases: (0, 0),
                                                  firstIndex: Int32(a), secondIndex: Int32(b),
                                                  values: out.baseAddress! + target, indices: idx.baseAddress! + target)
                        }
                    }
                }
            }
        })
        return (values, indices)
    }

    /// The adjoint of `maxOfHalves` for gradient `self`: each element goes to the half
    /// its index names, the other half gets zero. Equals `scatteringAdd` with those indices,
    /// in one parallel pass that writes every element once.
    /// - Shape: `[…, D, …]` → `[…, 2D, …]`
    public func expandingHalves(flatIndices indices: [Int32], along axis: Int) -> Tensor {
        let (outer, extent, inner) = split(at: axis)
        precondition(indices.count == count, "expandingHalves: \(indices.count) indices for \(count) elements")
        let half = extent * inner
        var outShape = shape
        outShape[axis] = 2 * extent
        return Tensor(shape: outShape, overwriting: { out in
            withUnsafeBufferPointer { g in
                indices.withUnsafeBufferPointer { idx in
                    Parallel.forEachRange(count: outer, minimumPerWorker: Swift.max(1, (1 << 15) / Swift.max(half, 1))) { range in
                        for o in range {
                            let a = o * 2 * half, b = a + half, source = o * half
                            _ = Tensor.expandHalvesRow(g.baseAddress! + source, indices: idx.baseAddress! + source, count: half,
                                                       firstIndex: Int32(a), into: (out.baseAddress! + a, out.baseAddress! + b))
                        }
                    }
                }
            }
        })
    }

    /// Elements of `self` at flat `indices`, arranged in `shape`.
    /// - Shape: any → `shape` (`indices.count` elements)
    public func gathering(flatIndices indices: [Int32], shape outShape: [Int]) -> Tensor {
        precondition(indices.count == Tensor.count(of: outShape), "gathering: \(indices.count) indices for shape \(outShape)")
        return Tensor(shape: outShape, overwriting: { out in
            withUnsafeBufferPointer { x in
                indices.withUnsafeBufferPointer { idx in
                    Parallel.forEachRange(count: idx.count) { range in
                        for i in range { out[i] = x[Int(idx[i])] }
                    }
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
