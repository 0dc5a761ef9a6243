import TensorCore

extension Variable {
    /// Sum of all elements (PyTorch `sum()`).
    /// - Shape: any → `[]`
    public func sum() -> Variable {
        let source = shape
        return Variable(Tensor(value.sum()), inputs: [self]) { g in [g.broadcast(to: source)] }
    }

    /// Mean of all elements.
    /// - Shape: any → `[]`
    public func mean() -> Variable {
        sum() / Float(Swift.max(value.count, 1))
    }

    /// Sum over `axes`; kept as extent-1 axes when `keepingDimensions`.
    /// - Shape: `[…, D, …]` → `[…, 1, …]` (or without the axis)
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
        var kept = shape
        for axis in axes {
            precondition(axis >= 0 && axis < shape.count, "sum(alongAxes:): axis \(axis) out of range for \(shape)")
            kept[axis] = 1
        }
        let reduced = sum(toShape: kept)
        if keepingDimensions { return reduced }
        return reduced.reshaped(to: shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
    }

    /// Mean over `axes`.
    /// - Shape: as `sum(alongAxes:keepingDimensions:)`
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
        let n = axes.map { shape[$0] }.reduce(1, *)
        return sum(alongAxes: axes, keepingDimensions: keepingDimensions) / Float(Swift.max(n, 1))
    }
}
