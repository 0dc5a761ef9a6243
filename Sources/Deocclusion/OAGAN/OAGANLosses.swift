import NeuralNet
import TensorCore

/// The loss terms of OA-GAN (paper Eq. 8 and 9, WGAN-GP), each unweighted; `OAGANObjective`
/// applies the weights. Normalisations are documented on `OAGANLossWeights`.
public enum OAGANLosses {
    /// L_perceptual = Σ_n mean|φ_n(x_synth) − φ_n(x_gt)| + Σ_n mean|φ_n(x_final) − φ_n(x_gt)|.
    /// - Shape: lists of feature maps `[N, C_n, H_n, W_n]` → scalar
    public static func perceptual(synthesized: [Variable], recovered: [Variable], groundTruth: [Variable]) -> Variable {
        var total: Variable?
        for n in groundTruth.indices {
            let term = abs(synthesized[n] - groundTruth[n]).mean() + abs(recovered[n] - groundTruth[n]).mean()
            total = total.map { $0 + term } ?? term
        }
        return total!
    }

    /// L_style: as perceptual, on Gram matrices FFᵀ/(C·H·W).
    /// - Shape: lists of feature maps `[N, C_n, H_n, W_n]` → scalar
    public static func style(synthesized: [Variable], recovered: [Variable], groundTruth: [Variable]) -> Variable {
        var total: Variable?
        for n in groundTruth.indices {
            let target = gram(groundTruth[n])
            let term = abs(gram(synthesized[n]) - target).mean() + abs(gram(recovered[n]) - target).mean()
            total = total.map { $0 + term } ?? term
        }
        return total!
    }

    /// L_pixel = γ·mean|(1 − M) ⊙ (x_final − x_gt)| + δ·mean|M ⊙ (x_final − x_gt)| (Eq. 8).
    ///
    /// The region weights (1 − M) and M are not differentiated (PConv, where γ and δ come
    /// from, treats its mask as given); the mask still learns through x_final. Differentiating
    /// them would push M towards 1 wherever x_synth is less than γ/δ = 6 times closer to the
    /// ground truth than the occluded input.
    /// - Shape: images `[N, 3, H, W]`, mask `[N, 1, H, W]` → scalar
    public static func pixel(recovered: Variable, groundTruth: Variable, mask: Variable, hole: Float, valid: Float) -> Variable {
        let difference = abs(recovered - groundTruth)
        let region = Variable(mask.value)   // constant copy: weights only
        return hole * ((1 - region) * difference).mean() + valid * (region * difference).mean()
    }

    /// L_smooth: total variation (Σ|Δx| + Σ|Δy|) of x_final and of M, per image, batch mean.
    /// - Shape: image `[N, 3, H, W]`, mask `[N, 1, H, W]` → scalar
    public static func smooth(recovered: Variable, mask: Variable) -> Variable {
        let batch = Float(recovered.shape[0])
        return (totalVariation(recovered) + totalVariation(mask)) / batch
    }

    /// The mask term (mean M)², weighted by λ5 = −1 (public code's −mean(M)²).
    /// - Shape: `[N, 1, H, W]` → scalar
    public static func maskSize(_ mask: Variable) -> Variable {
        square(mask.mean())
    }

    /// Mask supervision mean|M − M_gt| (not in the paper; `OAGANLossWeights.maskSupervision`).
    /// - Shape: `[N, 1, H, W]`, `[N, 1, H, W]` → scalar
    public static func maskSupervision(_ mask: Variable, groundTruth: Variable) -> Variable {
        abs(mask - groundTruth).mean()
    }

    /// Mask supervision as binary cross-entropy of the mask logits against M_gt, mean over
    /// pixels (not in the paper; `OAGANLossWeights.maskSupervisionLoss`). Unlike the L1 form,
    /// its gradient (M − M_gt) does not vanish where the sigmoid saturates on the wrong side.
    /// - Shape: `[N, 1, H, W]`, `[N, 1, H, W]` → scalar
    public static func maskCrossEntropy(logits: Variable, groundTruth: Tensor) -> Variable {
        binaryCrossEntropy(logits: logits, targets: groundTruth)
    }

    /// Generator's Wasserstein term −mean D(x_final).
    /// - Shape: critic map `[N, 1, F, F]` → scalar
    public static func generatorAdversarial(fake: Variable) -> Variable {
        0 - fake.mean()
    }

    /// Critic's Wasserstein term mean D(fake) − mean D(real).
    /// - Shape: critic maps `[N, 1, F, F]` → scalar
    public static func criticAdversarial(real: Variable, fake: Variable) -> Variable {
        fake.mean() - real.mean()
    }

    /// Attribute MSE, mean over batch and attributes.
    /// - Shape: `[N, A]`, `[N, A]` → scalar
    public static func attribute(predicted: Variable, target: Variable) -> Variable {
        square(predicted - target).mean()
    }

    /// WGAN-GP penalty mean_i (‖∇_x̂ Σ D(x̂)_i‖₂ − 1)² at x̂ = α·real + (1 − α)·fake, α ~ U[0, 1)
    /// per sample (Gulrajani et al. 2017). The input gradient is built with `createGraph`, so
    /// the penalty's gradient with respect to the critic's weights is the exact second-order
    /// one (double backward). A 1e-12 inside the square root keeps its derivative finite.
    /// - Shape: real, fake `[N, 3, H, W]`, alpha `[N]` → scalar
    public static func gradientPenalty(
        critic: (Variable) -> Variable, real: Tensor, fake: Tensor, alpha: [Float]
    ) -> Variable {
        let n = real.shape[0]
        let perSample = real.count / n
        var mixed = [Float](repeating: 0, count: real.count)
        real.scalars.withUnsafeBufferPointer { r in
            fake.scalars.withUnsafeBufferPointer { f in
                for i in 0..<n {
                    let a = alpha[i]
                    for j in (i * perSample)..<((i + 1) * perSample) { mixed[j] = a * r[j] + (1 - a) * f[j] }
                }
            }
        }
        let interpolated = Variable(Tensor(shape: real.shape, scalars: mixed), requiresGrad: true)
        let score = critic(interpolated).sum()
        let gradient = gradients(of: score, withRespectTo: [interpolated], createGraph: true)[0]
        let norms = sqrt(square(gradient).reshaped(to: [n, perSample]).sum(alongAxes: [1]) + 1e-12)
        return square(norms - 1).mean()
    }
}
