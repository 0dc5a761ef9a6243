/// Weights of the generator and critic losses (Eq. 8 and 9 of the paper).
///
/// The paper gives λ1…λ6; it does not give the normalisation of each term. We follow the
/// authors' public code for normalisations, with these documented differences:
/// - L1 terms (perceptual, pixel) are means over elements, as in the public code.
/// - Style compares Gram matrices FFᵀ/(C·H·W) with an element mean, as in the public code.
/// - Total variation: the public code sums |Δ| over the whole batch with weight 1e-5 (batch
///   48, i.e. ≈ 4.8e-4 per image); we sum per image, average over the batch and use the
///   paper's λ4 = 1e-3, so the strength no longer depends on the batch size.
/// - Mask term: the paper writes λ5·‖M‖²₂ with λ5 = −1; the public code uses −(mean M)²,
///   which we follow (a raw squared norm would grow with the image size).
/// - Pixel loss: the paper's L_pixel compares x_final with x_gt inside and outside the
///   predicted hole (γ = 6, δ = 1 as in PConv and the public code's weights); the public
///   code compares x_synth instead. We follow the paper: on x_final the mask itself is
///   rewarded for marking occluded pixels. The region weights are not differentiated
///   (see `OAGANLosses.pixel`).
/// - Attribute loss: the public code uses MSE/B·2000 at batch 48 (≈ 41.7·MSE); we use
///   41.7·MSE at every batch size.
public struct OAGANLossWeights: Codable, Sendable, Equatable {
    /// λ1, perceptual loss (VGG features, L1).
    public var perceptual: Float = 0.05
    /// λ2, style loss (Gram matrices, L1).
    public var style: Float = 120
    /// λ3, pixel loss.
    public var pixel: Float = 1
    /// γ, weight of the pixel loss inside the predicted hole (1 − M).
    public var hole: Float = 6
    /// δ, weight of the pixel loss on the visible part (M).
    public var valid: Float = 1
    /// λ4, total variation of x_final and of M (per-image sums, batch mean).
    public var smooth: Float = 1e-3
    /// λ5, mask term λ5·(mean M)²; negative rewards a tight mask (M near 1).
    public var maskPenalty: Float = -1
    /// λ6, adversarial term of the generator (−mean D(x_final)).
    public var adversarial: Float = 1
    /// α, adversarial (Wasserstein) term of the critic.
    public var criticAdversarial: Float = 1
    /// β, attribute MSE weight (critic on real faces, generator on recovered paired faces).
    public var attribute: Float = 2000.0 / 48.0
    /// λ_gp of WGAN-GP (Gulrajani et al. 2017).
    public var gradientPenalty: Float = 10
    /// Weight of mean|M − M_gt| on paired batches. **Not in the paper** (0 there: the mask
    /// learns only through the completion result); a positive value supervises the mask with
    /// the pasted occluders' ground-truth masks, which short CPU runs need (see docs/oagan.md).
    public var maskSupervision: Float = 0
    /// The form of the mask supervision: mean|M − M_gt| or binary cross-entropy of the mask
    /// logits (not in the paper either way).
    public var maskSupervisionLoss: MaskSupervisionLoss = .l1

    /// The paper's weights with the normalisations above.
    public init() {}

    /// Decodes, taking defaults for fields absent from older checkpoints' configs.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = OAGANLossWeights()
        perceptual = try c.decodeIfPresent(Float.self, forKey: .perceptual) ?? d.perceptual
        style = try c.decodeIfPresent(Float.self, forKey: .style) ?? d.style
        pixel = try c.decodeIfPresent(Float.self, forKey: .pixel) ?? d.pixel
        hole = try c.decodeIfPresent(Float.self, forKey: .hole) ?? d.hole
        valid = try c.decodeIfPresent(Float.self, forKey: .valid) ?? d.valid
        smooth = try c.decodeIfPresent(Float.self, forKey: .smooth) ?? d.smooth
        maskPenalty = try c.decodeIfPresent(Float.self, forKey: .maskPenalty) ?? d.maskPenalty
        adversarial = try c.decodeIfPresent(Float.self, forKey: .adversarial) ?? d.adversarial
        criticAdversarial = try c.decodeIfPresent(Float.self, forKey: .criticAdversarial) ?? d.criticAdversarial
        attribute = try c.decodeIfPresent(Float.self, forKey: .attribute) ?? d.attribute
        gradientPenalty = try c.decodeIfPresent(Float.self, forKey: .gradientPenalty) ?? d.gradientPenalty
        maskSupervision = try c.decodeIfPresent(Float.self, forKey: .maskSupervision) ?? d.maskSupervision
        maskSupervisionLoss = try c.decodeIfPresent(MaskSupervisionLoss.self, forKey: .maskSupervisionLoss)
            ?? d.maskSupervisionLoss
    }
}

/// How `OAGANLossWeights.maskSupervision` compares the predicted mask with the ground truth.
public enum MaskSupervisionLoss: String, Codable, Sendable, CaseIterable {
    /// mean|M − M_gt| (term `G.maskL1`).
    case l1
    /// Binary cross-entropy of the mask logits (term `G.maskBCE`).
    case crossEntropy = "bce"
}

/// Which layers of the feature network the perceptual and style losses compare, and at
/// what resolution.
public struct PerceptualSettings: Codable, Sendable, Equatable {
    /// Number of VGG-16 pooling stages used: 3 = pool1, pool2, pool3 (the paper, PConv).
    public var poolingStages: Int
    /// Images are average-pooled by this factor before the feature network (1 = none).
    public var downsampling: Int

    public init(poolingStages: Int, downsampling: Int) {
        self.poolingStages = poolingStages
        self.downsampling = downsampling
    }
}
