/// Narrowing along an axis, its adjoint (zero padding), and concatenation.
extension Tensor {
    /// Extents before, at and after `axis`: (outer, axis, inner).
    func split(at axis: Int) -> (outer: Int, extent: Int, inner: Int) {
        Tensor.split(shape, at: axis)
    }

    static func split(_ shape: [Int], at axis: Int) -> (outer: Int, extent: Int, inner: Int) {
        precondition(axis >= 0 && axis < shape.count, "axis \(axis) out of range for shape \(shape)")
        return (count(of: Array(shape[..<axis])), shape[axis], count(of: Array(shape[(axis + 1)...])))
    }

    /// Elements `start ..< start + length` along `axis`.
    /// - Shape: `[…, D, …]` → `[…, length, …]`
    public func narrowed(along axis: Int, start: Int, length: Int) -> Tensor {
        let (outer, extent, inner) = split(at: axis)
        precondition(start >= 0 && length >= 0 && start + length <= extent,
                     "narrowed: \(start)..<\(start + length) out of range for axis \(axis) of \(shape)")
        var outShape = shape
        outShape[axis] = length
        return Tensor(shape: outShape, overwriting: { out in
            withUnsafeBufferPointer { x in
                for o in 0..<outer {
                    (out.baseAddress! + o * length * inner)
                        .update(from: x.baseAddress! + (o * extent + start) * inner, count: length * inner)
                }
            }
        })
    }

    /// Zero-pads along `axis` so that `self` sits at `start` of an axis of `extent`
    /// (the adjoint of `narrowed`).
    /// - Shape: `[…, L, …]` → `[…, extent, …]`
    public func padded(along axis: Int, start: Int, extent: Int) -> Tensor {
        let (outer, length, inner) = split(at: axis)
        precondition(start >= 0 && start + length <= extent, "padded: \(length) elements at \(start) exceed extent \(extent)")
        var outShape = shape
        outShape[axis] = extent
        return Tensor(shape: outShape, filling: { out in
            withUnsafeBufferPointer { x in
                for o in 0..<outer {
                    (out.baseAddress! + (o * extent + start) * inner)
                        .update(from: x.baseAddress! + o * length * inner, count: length * inner)
                }
            }
        })
    }

    /// Concatenation along `axis`; all other extents must agree.
    /// - Shape: `[…, Dᵢ, …]` → `[…, ΣDᵢ, …]`
    public static func concatenating(_ parts: [Tensor], along axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concatenating: no tensors")
        var outShape = parts[0].shape
        outShape[axis] = parts.map { $0.shape[axis] }.reduce(0, +)
        for part in parts {
            var expected = part.shape
            expected[axis] = outShape[axis]
            precondition(expected == outShape, "concatenating: shape \(part.shape) does not fit \(parts[0].shape) along axis \(axis)")
        }
        let (outer, extent, inner) = Tensor.split(outShape, at: axis)
        return Tensor(shape: outShape, overwriting: { out in
            var start = 0
            for part in parts {
                let length = part.shape[axis]
                part.withUnsafeBufferPointer { x in
                    for o in 0..<outer {
                        (out.baseAddress! + (o * extent + start) * inner)
                            .update(from: x.baseAddress! + o * length * inner, count: length * inner)
                    }
                }
                start += length
            }
        })
    }
}
