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
                            let source = x.baseAddress! + plane * size
                            let (mean, invStd) = Tensor.planeStatistics(source, count: size, epsilon: epsilon)
                            rp[plane] = invStd
                            Tensor.scaleShiftRow(source, count: size, scale: invStd, shift: -mean * invStd, relu: false,
                                                 into: out.baseAddress! + plane * size)
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

/// Affine instance normalisation with an optional ReLU in one pass over the data:
/// y = max?(γ_c · (x − μ) · r + β_c, 0), and its first-order gradients in two passes that
/// recompute x̂ from x, μ and r (nothing but the statistics is kept between the passes).
extension Tensor {
    /// Statistics and output of the fused layer.
    /// - Shape: self `[N, C, H, W]`, weight and bias `[C]` → output `[N, C, H, W]`;
    ///   mean and inverse standard deviation `N·C` (per plane)
    public func instanceNormAffine(weight: Tensor, bias: Tensor, epsilon: Float, relu: Bool)
        -> (output: Tensor, mean: [Float], inverseStandardDeviation: [Float]) {
        precondition(rank == 4 && weight.shape == [shape[1]] && bias.shape == [shape[1]],
                     "instanceNormAffine: input \(shape), weight \(weight.shape), bias \(bias.shape)")
        let channels = shape[1], planes = shape[0] * shape[1], size = shape[2] * shape[3]
        var means = [Float](repeating: 0, count: planes), inverses = [Float](repeating: 0, count: planes)
        let output = Tensor(shape: shape, overwriting: { out in
            withUnsafeBufferPointer { x in
                means.withUnsafeMutableBufferPointer { mp in
                    inverses.withUnsafeMutableBufferPointer { rp in
                        Parallel.forEachRange(count: planes, minimumPerWorker: Swift.max(1, (1 << 15) / Swift.max(size, 1))) { range in
                            for plane in range {
                                let source = x.baseAddress! + plane * size, target = out.baseAddress! + plane * size
                                let (mean, invStd) = Tensor.planeStatistics(source, count: size, epsilon: epsilon)
                                mp[plane] = mean
                                rp[plane] = invStd
                                let scale = weight.scalars[plane % channels] * invStd
                                Tensor.scaleShiftRow(source, count: size, scale: scale,
                                                     shift: bias.scalars[plane % channels] - mean * scale, relu: relu, into: target)
                            }
                        }
                    }
                }
            }
        })
        return (output, means, inverses)
    }

    /// Gradients of `instanceNormAffine` for the output gradient `self`: with g' = g ⊙ [y > 0]
    /// (or g without ReLU), dβ = Σ g', dγ = Σ g' ⊙ x̂, dx = γ·r ⊙ (g' − mean(g') − x̂ ⊙ mean(g' ⊙ x̂)).
    /// - Shape: self, input and output `[N, C, H, W]`, weight `[C]` → `[N, C, H, W]`, `[C]`, `[C]`
    public func instanceNormAffineBackward(input: Tensor, output: Tensor, weight: Tensor, mean: [Float],
                                           inverseStandardDeviation: [Float], relu: Bool)
        -> (input: Tensor, weight: Tensor, bias: Tensor) {
        precondition(shape == input.shape && shape == output.shape && rank == 4,
                     "instanceNormAffineBackward: gradient \(shape), input \(input.shape), output \(output.shape)")
        let (n, channels) = (shape[0], shape[1]), planes = n * channels, size = shape[2] * shape[3]
        var sums = [Float](repeating: 0, count: planes), products = [Float](repeating: 0, count: planes)
        let inputGradient = Tensor(shape: shape, overwriting: { out in
            withUnsafeBufferPointer { g in
                input.withUnsafeBufferPointer { x in
                    output.withUnsafeBufferPointer { y in
                        sums.withUnsafeMutableBufferPointer { sp in
                            products.withUnsafeMutableBufferPointer { pp in
                                Parallel.forEachRange(count: planes, minimumPerWorker: Swift.max(1, (1 << 15) / Swift.max(size, 1))) { range in
                                    for plane in range {
                                        let offset = plane * size, mu = mean[plane], r = inverseStandardDeviation[plane]
                                        let (sum, product) = Tensor.gatedSums(
                                            g.baseAddress! + offset, x.baseAddress! + offset, y.baseAddress! + offset,
                                            count: size, mean: mu, inverseStandardDeviation: r, relu: relu)
                                        sp[plane] = sum
                                        pp[plane] = product
                                        Tensor.normalizationGradientRow(
                                            g.baseAddress! + offset, x.baseAddress! + offset, y.baseAddress! + offset, count: size,
                                            mean: mu, inverseStandardDeviation: r, scale: weight.scalars[plane % channels] * r,
                                            means: (sum / Float(size), product / Float(size)), relu: relu,
                                            into: out.baseAddress! + offset)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        })
        var weightGradient = [Float](repeating: 0, count: channels), biasGradient = [Float](repeating: 0, count: channels)
        for plane in 0..<planes {
            biasGradient[plane % channels] += sums[plane]
            weightGradient[plane % channels] += products[plane]
        }
        return (inputGradient, Tensor(shape: [channels], scalars: weightGradient), Tensor(shape: [channels], scalars: biasGradient))
    }

    /// Mean and 1/√(biased variance + ε) of one plane.
    static func planeStatistics(_ x: UnsafePointer<Float>, count: Int, epsilon: Float) -> (mean: Float, inverseStandardDeviation: Float) {
        let mean = Tensor.rowSum(x, count: count) / Float(count)
        return (mean, 1 / (centredSquares(x, count: count, mean: mean) / Float(count) + epsilon).squareRoot())
    }

    /// Σ (x − mean)².
    static func centredSquares(_ x: UnsafePointer<Float>, count: Int, mean: Float) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let d = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) - mean
            lanes += d * d
            i += 8
        }
        var total = lanes.sum()
        while i < count { let d = x[i] - mean; total += d * d; i += 1 }
        return total
    }

    /// target = max?(x · scale + shift, 0).
    static func scaleShiftRow(_ x: UnsafePointer<Float>, count: Int, scale: Float, shift: Float, relu: Bool,
                              into target: UnsafeMutablePointer<Float>) {
        let floor = relu ? Float(0) : -Float.infinity
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) * scale + shift
            UnsafeMutableRawPointer(target + i).storeBytes(of: v.replacing(with: floor, where: v .< floor), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { target[i] = Swift.max(x[i] * scale + shift, floor); i += 1 }
    }

    /// (Σ g', Σ g' ⊙ x̂) of one plane, g' = g ⊙ [y > 0] with `relu`, x̂ = (x − mean) · r.
    static func gatedSums(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int,
                          mean: Float, inverseStandardDeviation r: Float, relu: Bool) -> (Float, Float) {
        var sums = SIMD8<Float>(), products = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            var gv = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD8<Float>.self)
            if relu { gv.replace(with: 0, where: UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self) .<= 0) }
            sums += gv
            products += gv * ((UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) - mean) * r)
            i += 8
        }
        var (sum, product) = (sums.sum(), products.sum())
        while i < count {
            let gv = relu && y[i] <= 0 ? 0 : g[i]
            sum += gv
            product += gv * (x[i] - mean) * r
            i += 1
        }
        return (sum, product)
    }

    /// target = scale ⊙ (g' − m₁ − x̂ ⊙ m₂) for one plane.
    static func normalizationGradientRow(
        _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int, mean: Float,
        inverseStandardDeviation r: Float, scale: Float, means: (Float, Float), relu: Bool, into target: UnsafeMutablePointer<Float>
    ) {
        let (m1, m2) = means
        var i = 0
        while i + 8 <= count {
            var gv = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD8<Float>.self)
            if relu { gv.replace(with: 0, where: UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self) .<= 0) }
            let xHat = (UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) - mean) * r
            UnsafeMutableRawPointer(target + i).storeBytes(of: scale * (gv - m1 - xHat * m2), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            let gv = relu && y[i] <= 0 ? 0 : g[i]
            target[i] = scale * (gv - m1 - (x[i] - mean) * r * m2)
            i += 1
        }
    }
}
