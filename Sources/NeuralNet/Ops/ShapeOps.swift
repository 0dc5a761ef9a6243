import TensorCore

extension Variable {
    /// The same elements under another shape (one extent may be −1).
    public func reshaped(to newShape: [Int]) -> Variable {
        let source = shape
        return Variable(value.reshaped(to: newShape), inputs: [self]) { g in [g.reshaped(to: source)] }
    }

    /// Flattens all axes after the first (PyTorch `x.view(x.size(0), -1)`).
    /// - Shape: `[N, …]` → `[N, ∏…]`
    public func flattened() -> Variable { reshaped(to: [shape[0], -1]) }

    /// Elements `start ..< start + length` along `axis` (PyTorch `narrow`).
    /// - Shape: `[…, D, …]` → `[…, length, …]`
    public func narrowed(along axis: Int, start: Int, length: Int) -> Variable {
        let extent = shape[axis]
        return Variable(value.narrowed(along: axis, start: start, length: length), inputs: [self]) { g in
            [g.padded(along: axis, start: start, extent: extent)]
        }
    }

    /// Zero-pads along `axis` to `extent`, placing `self` at `start` (adjoint of `narrowed`).
    /// - Shape: `[…, L, …]` → `[…, extent, …]`
    public func padded(along axis: Int, start: Int, extent: Int) -> Variable {
        let length = shape[axis]
        return Variable(value.padded(along: axis, start: start, extent: extent), inputs: [self]) { g in
            [g.narrowed(along: axis, start: start, length: length)]
        }
    }

    /// Splits along `axis` into consecutive parts of the given sizes (PyTorch `split`).
    public func split(sizes: [Int], along axis: Int) -> [Variable] {
        precondition(sizes.reduce(0, +) == shape[axis], "split: sizes \(sizes) do not add up to \(shape[axis]) along axis \(axis) of \(shape)")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return narrowed(along: axis, start: start, length: size)
        }
    }

    /// The first and second halves along `axis` (LightCNN's MFM split).
    /// - Shape: `[…, 2D, …]` → two `[…, D, …]`
    public func halves(along axis: Int) -> (Variable, Variable) {
        precondition(shape[axis] % 2 == 0, "halves: odd extent \(shape[axis]) along axis \(axis)")
        let parts = split(sizes: [shape[axis] / 2, shape[axis] / 2], along: axis)
        return (parts[0], parts[1])
    }
}

/// Concatenation along `axis` (PyTorch `cat`).
/// - Shape: `[…, Dᵢ, …]` → `[…, ΣDᵢ, …]`
public func concat(_ parts: [Variable], along axis: Int) -> Variable {
    let sizes = parts.map { $0.shape[axis] }
    return Variable(Tensor.concatenating(parts.map(\.value), along: axis), inputs: parts) { g in
        var start = 0
        return zip(parts, sizes).map { part, size in
            defer { start += size }
            return part.requiresGrad ? g.narrowed(along: axis, start: start, length: size) : nil
        }
    }
}
