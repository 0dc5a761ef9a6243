import Foundation
import TensorCore

/// Softmax over the last axis (PyTorch `softmax(dim=-1)`); gradient s ⊙ (g − Σ g ⊙ s).
/// - Shape: `[N, K]` → `[N, K]`
public func softmax(_ logits: Variable) -> Variable {
    Variable(logits.value.softmax(), inputs: [logits]) { g in
        let s = softmax(logits)
        let k = logits.shape.count - 1
        return [s * (g - (g * s).sum(alongAxes: [k], keepingDimensions: true))]
    }
}

/// Cross-entropy of softmax(logits) against class indices, averaged over the batch
/// (PyTorch `cross_entropy`), fused and stable: mean(logsumexp(z) − z[label]).
/// Gradient: (softmax(z) − onehot) / N.
/// - Shape: logits `[N, K]`, labels `N` → `[]`
public func softmaxCrossEntropy(logits: Variable, labels: [Int]) -> Variable {
    precondition(logits.shape.count == 2 && logits.shape[0] == labels.count,
                 "softmaxCrossEntropy: logits \(logits.shape) for \(labels.count) labels")
    let (n, k) = (logits.shape[0], logits.shape[1])
    precondition(labels.allSatisfy { $0 >= 0 && $0 < k }, "softmaxCrossEntropy: label outside 0..<\(k)")
    let oneHot = Tensor(shape: [n, k], filling: { t in
        for (row, label) in labels.enumerated() { t[row * k + label] = 1 }
    })
    let logSumExp = logits.value.logSumExp()
    var total: Double = 0
    for row in 0..<n { total += Double(logSumExp.scalars[row] - logits.value.scalars[row * k + labels[row]]) }
    return Variable(Tensor(Float(total / Double(n))), inputs: [logits]) { g in
        [(softmax(logits) - Variable(oneHot)) * (g / Float(n))]
    }
}

/// Binary cross-entropy of sigmoid(logits) against targets in [0, 1], averaged over all
/// elements (PyTorch `binary_cross_entropy_with_logits`), fused and stable:
/// mean(max(z, 0) − t·z + log(1 + e^−|z|)). Gradient: (sigmoid(z) − t) / count, written
/// in differentiable ops; the targets get no gradient.
/// - Shape: logits and targets the same shape → `[]`
public func binaryCrossEntropy(logits: Variable, targets: Tensor) -> Variable {
    precondition(logits.shape == targets.shape, "binaryCrossEntropy: logits \(logits.shape), targets \(targets.shape)")
    var total: Double = 0
    for (z, t) in zip(logits.value.scalars, targets.scalars) {
        let z = Double(z)
        total += max(z, 0) - Double(t) * z + log1p(exp(-Swift.abs(z)))
    }
    let count = Float(targets.count)
    return Variable(Tensor(Float(total / Double(targets.count))), inputs: [logits]) { g in
        [(sigmoid(logits) - Variable(targets)) * (g / count)]
    }
}

/// Gram matrix of feature maps (style loss): F·Fᵀ / (C·H·W) per sample.
/// - Shape: `[N, C, H, W]` → `[N, C, C]`
public func gram(_ x: Variable) -> Variable {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let features = x.reshaped(to: [n, c, h * w])
    return matmul(features, features, transposeB: true) / Float(c * h * w)
}

/// Total variation: Σ |x[…, y+1, x] − x[…, y, x]| + Σ |x[…, y, x+1] − x[…, y, x]|.
/// - Shape: `[N, C, H, W]` → `[]`
public func totalVariation(_ x: Variable) -> Variable {
    let (h, w) = (x.shape[2], x.shape[3])
    let vertical = x.narrowed(along: 2, start: 1, length: h - 1) - x.narrowed(along: 2, start: 0, length: h - 1)
    let horizontal = x.narrowed(along: 3, start: 1, length: w - 1) - x.narrowed(along: 3, start: 0, length: w - 1)
    return abs(vertical).sum() + abs(horizontal).sum()
}
