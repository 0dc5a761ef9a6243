/// Instance normalisation kernels: per sample and channel statistics over H×W, the
/// normalised tensor, and the first-order input gradient in two passes.
extension Tensor {
    /// (x − mean) / √(var + ε) per plane (biased variance, as PyTorch), and 1/√(var + ε).
    /// - Shape: `[N, C, H, W]` → `[N, C, H, W]` and `[N, C, 1, 1]`
    public func instanceNormalized(epsilon: Float) -> (normalized: Tensor, inverseStandardDeviation: Tensor) {
        precondition(rank == 4, "instanceNormalized: input must be [N, C, H, W], got \(shape)")
        let planes = shape[0] * shape[1], size = shape[2] * shape[3]
        var inverse = Tensor(zeros: [shape[0], shape[1], 1, 1])
        let normalized = Tensor(shape: shape, overwriting: { out in
            withUnsafeBufferPointer { x in
                inverse.withUnsafeMutableBufferPointer { r in
                    let rp = r.baseAddress!
                    Parallel.forEachRange(count: planes, minimumPerWorker: Swift.max(1, (1 << 15) / Swift.max(size, 1))) { range in
                        for plane in range {
                            let source = x.baseAddress! + plane * size, target = out.baseAddress! + plane * size
                            let mean = Tensor.rowSum(source, count: size) / Float(size)
                            var squares: Float = 0
                            for i in 0..<size { let d = source[i] - mean; squares += d * d }
                            let invStd = 1 / (squares / Float(size) + epsilon).squareRoot()
                            rp[plane] = invStd
                            for i in 0..<size { target[i] = (source[i] - mean) * invStd }
                        }
                    }
                }
            }
        })
        return (normalized, inverse)
    }

    /// Input gradient of `instanceNormalized` for gradient `self`:
    /// r ⊙ (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)), means over H×W.
    /// - Shape: self and normalized `[N, C, H, W]`, inverseStandardDeviation `[N, C, 1, 1]` → `[N, C, H, W]`
    public func instanceNormBackward(normalized: Tensor, inverseStandardDeviation: Tensor) -> Tensor {
        precondition(shape == normalized.shape && rank == 4, "instanceNormBackward: gradient \(shape), normalized \(normalized.shape)")
        let planes = shape[0] * shape[1], size = shape[2] * shape[3]
        return Tensor(shape: shape, overwriting: { out in
            withUnsafeBufferPointer { g in
                normalized.withUnsafeBufferPointer { xh in
                    inverseStandardDeviation.withUnsafeBufferPointer { r in
                        Parallel.forEachRange(count: planes, minimumPerWorker: Swift.max(1, (1 << 15) / Swift.max(size, 1))) { range in
                            for plane in range {
                                let gp = g.baseAddress! + plane * size, xp = xh.baseAddress! + plane * size
                                let target = out.baseAddress! + plane * size
                                var sumG: Float = 0, sumGX: Float = 0
                                for i in 0..<size { sumG += gp[i]; sumGX += gp[i] * xp[i] }
                                let m1 = sumG / Float(size), m2 = sumGX / Float(size), invStd = r[plane]
                                for i in 0..<size { target[i] = invStd * (gp[i] - m1 - xp[i] * m2) }
                            }
                        }
                    }
                }
            }
        })
    }
}
