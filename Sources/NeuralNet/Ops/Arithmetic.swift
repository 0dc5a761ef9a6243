import TensorCore

// Element-wise arithmetic with NumPy broadcasting (PyTorch `+ - * /`). The gradient of a
// broadcast operand is summed back to its shape with `sum(toShape:)`.

extension Variable {
    /// Sum down to `target`, a shape that broadcasts to this one.
    /// - Shape: `shape` → `target`
    public func sum(toShape target: [Int]) -> Variable {
        if target == shape { return self }
        let source = shape
        return Variable(value.sum(toShape: target), inputs: [self]) { g in [g.broadcast(to: source)] }
    }

    /// Repeats along broadcast axes up to `target`.
    /// - Shape: `shape` → `target`
    public func broadcast(to target: [Int]) -> Variable {
        if target == shape { return self }
        let source = shape
        return Variable(value.broadcast(to: target), inputs: [self]) { g in [g.sum(toShape: source)] }
    }
}

public func + (a: Variable, b: Variable) -> Variable {
    Variable(a.value + b.value, inputs: [a, b]) { g in
        [a.requiresGrad ? g.sum(toShape: a.shape) : nil, b.requiresGrad ? g.sum(toShape: b.shape) : nil]
    }
}

public func - (a: Variable, b: Variable) -> Variable {
    Variable(a.value - b.value, inputs: [a, b]) { g in
        [a.requiresGrad ? g.sum(toShape: a.shape) : nil, b.requiresGrad ? (-g).sum(toShape: b.shape) : nil]
    }
}

public func * (a: Variable, b: Variable) -> Variable {
    Variable(a.value * b.value, inputs: [a, b]) { g in
        [a.requiresGrad ? (g * b).sum(toShape: a.shape) : nil, b.requiresGrad ? (g * a).sum(toShape: b.shape) : nil]
    }
}

public func / (a: Variable, b: Variable) -> Variable {
    Variable(a.value / b.value, inputs: [a, b]) { g in
        [a.requiresGrad ? (g / b).sum(toShape: a.shape) : nil,
         b.requiresGrad ? (-(g * a) / (b * b)).sum(toShape: b.shape) : nil]
    }
}

public prefix func - (a: Variable) -> Variable {
    Variable(-a.value, inputs: [a]) { g in [-g] }
}

public func + (a: Variable, s: Float) -> Variable {
    Variable(a.value + s, inputs: [a]) { g in [g] }
}

public func + (s: Float, a: Variable) -> Variable { a + s }

public func - (a: Variable, s: Float) -> Variable { a + (-s) }

public func - (s: Float, a: Variable) -> Variable {
    Variable(a.value.map { s - $0 }, inputs: [a]) { g in [-g] }
}

public func * (a: Variable, s: Float) -> Variable {
    Variable(a.value * s, inputs: [a]) { g in [g * s] }
}

public func * (s: Float, a: Variable) -> Variable { a * s }

public func / (a: Variable, s: Float) -> Variable { a * (1 / s) }

public func / (s: Float, a: Variable) -> Variable {
    Variable(a.value.map { s / $0 }, inputs: [a]) { g in [-(g * s) / (a * a)] }
}

/// Element-wise product with a constant tensor (masks, dropout): d/da = g · mask.
/// - Shape: `a` and `mask` equal
public func multiply(_ a: Variable, byConstant mask: Tensor) -> Variable {
    Variable(a.value * mask, inputs: [a]) { g in [multiply(g, byConstant: mask)] }
}

/// Element-wise maximum; ties send the gradient to `a` (MFM).
/// - Shape: equal shapes
public func maximum(_ a: Variable, _ b: Variable) -> Variable {
    precondition(a.shape == b.shape, "maximum: shapes \(a.shape) and \(b.shape) differ")
    let mask = a.value.zipMap(b.value) { $0 >= $1 ? 1 : 0 }
    return Variable(a.value.zipMap(b.value) { Swift.max($0, $1) }, inputs: [a, b]) { g in
        [a.requiresGrad ? multiply(g, byConstant: mask) : nil,
         b.requiresGrad ? multiply(g, byConstant: mask.map { 1 - $0 }) : nil]
    }
}

/// Matrix product (PyTorch `matmul` for rank 2, `bmm` for rank 3), transposes optional.
/// - Shape: `[M, K]·[K, N]` → `[M, N]`; `[B, M, K]·[B, K, N]` → `[B, M, N]`
public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
    let columns = transposeB ? b.shape[b.shape.count - 2] : b.shape[b.shape.count - 1]
    Profiler.countMultiplyAdds(a.value.count * columns)  // (batch ·) m · k · n
    return Variable(a.value.matmul(b.value, transposeSelf: transposeA, transposeOther: transposeB), inputs: [a, b]) { g in
        let gradA: Variable?, gradB: Variable?
        switch (transposeA, transposeB) {
        case (false, false):  // C = A·B
            gradA = a.requiresGrad ? matmul(g, b, transposeB: true) : nil
            gradB = b.requiresGrad ? matmul(a, g, transposeA: true) : nil
        case (false, true):   // C = A·Bᵀ
            gradA = a.requiresGrad ? matmul(g, b) : nil
            gradB = b.requiresGrad ? matmul(g, a, transposeA: true) : nil
        case (true, false):   // C = Aᵀ·B
            gradA = a.requiresGrad ? matmul(b, g, transposeB: true) : nil
            gradB = b.requiresGrad ? matmul(a, g) : nil
        case (true, true):    // C = Aᵀ·Bᵀ
            gradA = a.requiresGrad ? matmul(b, g, transposeA: true, transposeB: true) : nil
            gradB = b.requiresGrad ? matmul(g, a, transposeA: true, transposeB: true) : nil
        }
        return [gradA, gradB]
    }
}
