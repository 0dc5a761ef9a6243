/// Element-wise kernels: maps, broadcasting binary operations, and reduction of a
/// broadcast result back to an operand's shape.
extension Tensor {
    /// Applies `body` to every element.
    @inlinable
    public func map(_ body: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, overwriting: { out in
            withUnsafeBufferPointer { x in
                Parallel.forEachRange(count: x.count) { range in
                    for i in range { out[i] = body(x[i]) }
                }
            }
        })
    }

    /// Combines two equally shaped tensors element by element.
    @inlinable
    public func zipMap(_ other: Tensor, _ body: (Float, Float) -> Float) -> Tensor {
        precondition(shape == other.shape, "zipMap: shapes \(shape) and \(other.shape) differ")
        return Tensor(shape: shape, overwriting: { out in
            withUnsafeBufferPointer { a in
                other.withUnsafeBufferPointer { b in
                    Parallel.forEachRange(count: a.count) { range in
                        for i in range { out[i] = body(a[i], b[i]) }
                    }
                }
            }
        })
    }

    /// Combines two tensors with NumPy broadcasting.
    @inlinable
    public static func broadcasting(_ a: Tensor, _ b: Tensor, _ body: (Float, Float) -> Float) -> Tensor {
        if a.shape == b.shape { return a.zipMap(b, body) }
        if b.count == 1 && a.rank >= b.rank {
            let s = b.scalars[0]
            return a.map { body($0, s) }
        }
        if a.count == 1 && b.rank >= a.rank {
            let s = a.scalars[0]
            return b.map { body(s, $0) }
        }
        guard let outShape = Broadcast.shape(a.shape, b.shape) else {
            preconditionFailure("broadcasting: shapes \(a.shape) and \(b.shape) are incompatible")
        }
        let plan = Broadcast.plan(outputShape: outShape, operandShapes: [outShape, a.shape, b.shape])
        let length = plan.rowLength
        let sa = plan.rowStrides[1], sb = plan.rowStrides[2]
        let rowsPerWorker = Swift.max(1, (1 << 16) / Swift.max(length, 1))
        return Tensor(shape: outShape, overwriting: { out in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    Parallel.forEachRange(count: plan.rowOffsets[0].count, minimumPerWorker: rowsPerWorker) { rows in
                    for row in rows {
                        let o = out.baseAddress! + plan.rowOffsets[0][row]
                        let x = pa.baseAddress! + plan.rowOffsets[1][row]
                        let y = pb.baseAddress! + plan.rowOffsets[2][row]
                        if sa == 1 && sb == 1 {
                            for i in 0..<length { o[i] = body(x[i], y[i]) }
                        } else if sa == 1 {
                            let v = y[0]
                            for i in 0..<length { o[i] = body(x[i], v) }
                        } else if sb == 1 {
                            let v = x[0]
                            for i in 0..<length { o[i] = body(v, y[i]) }
                        } else {
                            let u = x[0], v = y[0]
                            for i in 0..<length { o[i] = body(u, v) }
                        }
                    }
                    }
                }
            }
        })
    }

    /// Sums this tensor down to `target`, a shape that broadcasts to this one (the adjoint
    /// of `broadcast(to:)`).
    /// - Shape: `shape` → `target`
    public func sum(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        precondition(Broadcast.isBroadcastable(target, to: shape), "sum(toShape:): \(target) does not broadcast to \(shape)")
        let plan = Broadcast.plan(outputShape: shape, operandShapes: [shape, target])
        let length = plan.rowLength
        let reducesRow = plan.rowStrides[1] == 0
        let rows = plan.rowOffsets[0].count
        return Tensor(shape: target, filling: { out in
            withUnsafeBufferPointer { x in
                if reducesRow {
                    // Row sums in parallel (rows may share a target), then added in order.
                    var sums = [Float](repeating: 0, count: rows)
                    sums.withUnsafeMutableBufferPointer { s in
                        Parallel.forEachRange(count: rows, minimumPerWorker: Swift.max(1, (1 << 16) / Swift.max(length, 1))) { range in
                            for row in range { s[row] = Tensor.rowSum(x.baseAddress! + plan.rowOffsets[0][row], count: length) }
                        }
                    }
                    for row in 0..<rows { out[plan.rowOffsets[1][row]] += sums[row] }
                } else {
                    for row in 0..<rows {
                        let source = x.baseAddress! + plan.rowOffsets[0][row]
                        let destination = out.baseAddress! + plan.rowOffsets[1][row]
                        for i in 0..<length { destination[i] += source[i] }
                    }
                }
            }
        })
    }

    /// Repeats this tensor along broadcast axes to `target` (the adjoint of `sum(toShape:)`).
    /// - Shape: `shape` → `target`
    public func broadcast(to target: [Int]) -> Tensor {
        if target == shape { return self }
        precondition(Broadcast.isBroadcastable(shape, to: target), "broadcast(to:): \(shape) does not broadcast to \(target)")
        return Tensor.broadcasting(Tensor(zeros: target), self) { _, y in y }
    }

    /// Sum of all elements (blocks of 4096 summed in Float, blocks accumulated in Double).
    public func sum() -> Float {
        withUnsafeBufferPointer { x in
            var total: Double = 0
            var i = 0
            while i < x.count {
                let end = Swift.min(i + 4096, x.count)
                total += Double(Tensor.rowSum(x.baseAddress! + i, count: end - i))
                i = end
            }
            return Float(total)
        }
    }

    /// Sum of `count` contiguous floats with eight independent SIMD accumulators (a single
    /// running sum would serialise on the add latency).
    @inline(__always)
    static func rowSum(_ source: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: 0), lanes2 = SIMD8<Float>(repeating: 0)
        var i = 0
        let raw = UnsafeRawPointer(source)
        while i + 16 <= count {
            lanes += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            lanes2 += raw.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
            i += 16
        }
        var total = (lanes + lanes2).sum()
        while i < count { total += source[i]; i += 1 }
        return total
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { broadcasting(a, b, +) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { broadcasting(a, b, -) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { broadcasting(a, b, *) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { broadcasting(a, b, /) }
    public static func + (a: Tensor, s: Float) -> Tensor { a.map { $0 + s } }
    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    /// Adds `other` (same shape) scaled by `alpha` in place: self += alpha · other.
    public mutating func addScaled(_ other: Tensor, alpha: Float = 1) {
        precondition(shape == other.shape, "addScaled: shapes \(shape) and \(other.shape) differ")
        withUnsafeMutableBufferPointer { y in
            other.withUnsafeBufferPointer { x in
                for i in 0..<x.count { y[i] += alpha * x[i] }
            }
        }
    }

    /// Whether every element is finite.
    public var isFinite: Bool { withUnsafeBufferPointer { $0.allSatisfy(\.isFinite) } }
}

extension Tensor {
    /// Multiplies every element by `factor` in place.
    public mutating func scale(by factor: Float) {
        withUnsafeMutableBufferPointer { y in
            for i in 0..<y.count { y[i] *= factor }
        }
    }
}
