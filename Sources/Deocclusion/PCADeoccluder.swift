import CLAPACKE
import Imaging
import TensorCore

/// The `pca` baseline: eigenface reconstruction of the occluded region.
///
/// Coefficients are a weighted least-squares fit to the visible pixels only, so occluded
/// pixels do not steer the fit. With a ground-truth mask the weights are that mask. Without
/// one the weights come from iterated robust reweighting: fit; standardise each pixel's
/// squared residual (mean over channels) by how well the basis fits that pixel on the
/// training faces (`PCABasis.residualVariance`, floored at one 8-bit level), average it over
/// a 5×5 window (occluders are blobs, misfits are specks); drop pixels whose standardised
/// residual exceeds `outlierThreshold` (and the median, so at most about half are dropped
/// while an early fit is still pulled off by the occluder); refit — until the weights stop changing or
/// `iterations` rounds have run. The output keeps visible pixels and takes the
/// reconstruction where pixels were judged occluded.
public struct PCADeoccluder: Deoccluder {
    /// Standardised residual (in training-residual standard deviations) beyond which a
    /// pixel counts as occluded.
    public static let outlierThreshold: Float = 3
    /// Half-width of the window over which standardised residuals are averaged (5×5).
    public static let residualWindowRadius = 2
    /// Floor of the per-pixel residual standard deviation: one 8-bit level.
    public static let minimumScale: Float = 1.0 / 255
    /// Ridge added to UᵀWU; keeps the solve stable when few pixels are visible.
    public static let ridge = 1e-4

    public let basis: PCABasis
    public let identity: String
    /// Robust reweighting rounds when no mask is given.
    public let iterations: Int

    /// - Parameter identity: report label; `makeDeoccluder` passes `pca:<12 hex of the file>`.
    public init(basis: PCABasis, identity: String = "pca", iterations: Int = 10) {
        self.basis = basis
        self.identity = identity
        self.iterations = max(iterations, 1)
    }

    /// - Returns: recovered faces; `predictedMask` is the robust inlier mask when no mask was
    ///   given, `nil` when the ground-truth mask was used.
    public func deocclude(_ batch: [Image], masks: [Image?]?) throws -> [DeocclusionResult] {
        try validateMasks(masks, for: batch)
        return try batch.enumerated().map { index, image in
            guard image.width == basis.width, image.height == basis.height, image.channels == basis.channels else {
                throw DeocclusionError.basisShapeMismatch(basis: basis.shapeDescription, image: shapeText(image))
            }
            if let mask = masks?[index] {
                let weights = mask.pixels.map { isVisible($0) ? Float(1) : 0 }
                return DeocclusionResult(recovered: composite(image, try reconstruct(image, weights: weights), weights))
            }
            let weights = try robustWeights(image)
            let mask = Image(width: image.width, height: image.height, channels: 1, pixels: weights)
            return DeocclusionResult(recovered: composite(image, try reconstruct(image, weights: weights), weights),
                                     predictedMask: mask)
        }
    }

    /// Per-pixel 0/1 weights from iterated robust reweighting. - Shape: `[H·W]`
    func robustWeights(_ image: Image) throws -> [Float] {
        let plane = image.planeSize, channels = image.channels
        var weights = [Float](repeating: 1, count: plane)
        for _ in 0..<iterations {
            let reconstruction = try reconstruct(image, weights: weights)
            var residual = [Float](repeating: 0, count: plane)  // mean square over channels
            for c in 0..<channels {
                for p in 0..<plane {
                    let e = image.pixels[c * plane + p] - reconstruction[c * plane + p]
                    residual[p] += e * e / Float(channels)
                }
            }
            let floor = Self.minimumScale * Self.minimumScale
            let standardised = (0..<plane).map { residual[$0] / (basis.residualVariance[$0] + floor) }
            let smoothed = OcclusionMaskFilter.boxMean(standardised, width: image.width, height: image.height,
                                                       radius: Self.residualWindowRadius)
            // Never more than about half the pixels: a first fit pulled far off by a large
            // occluder must not flag the whole face.
            let limit = max(Self.outlierThreshold * Self.outlierThreshold, smoothed.sorted()[plane / 2])
            let next = smoothed.map { $0 <= limit ? Float(1) : 0 }
            if next == weights { break }
            weights = next
        }
        return weights
    }

    /// Reconstruction μ + U c with c = argmin Σ_p w_p ‖x_p − μ_p − (U c)_p‖² + ridge‖c‖².
    /// - Shape: image `[C, H, W]`, weights `[H·W]` → `[C·H·W]`
    func reconstruct(_ image: Image, weights: [Float]) throws -> [Float] {
        let k = basis.componentCount, d = basis.dimension, plane = image.planeSize
        let centred = (0..<d).map { image.pixels[$0] - basis.mean[$0] }  // (D)
        var weighted = basis.components                                    // W·Uᵀ as (K, D)
        for j in 0..<k {
            for c in 0..<basis.channels {
                for p in 0..<plane { weighted[j * d + c * plane + p] *= weights[p] }
            }
        }
        var normal = [Float](repeating: 0, count: k * k)  // Uᵀ W U (K, K)
        Gemm.sgemm(transposeA: false, transposeB: true, m: k, n: k, k: d,
                   a: weighted, lda: d, b: basis.components, ldb: d, c: &normal, ldc: k)
        var rhs = [Float](repeating: 0, count: k)          // Uᵀ W (x − μ) (K)
        Gemm.sgemm(transposeA: false, transposeB: false, m: k, n: 1, k: d,
                   a: weighted, lda: d, b: centred, ldb: 1, c: &rhs, ldc: 1)
        var a = normal.map { Double($0) }
        for j in 0..<k { a[j * k + j] += Self.ridge }
        var coefficients = rhs.map { Double($0) }
        let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(k), 1, &a, Int32(k),
                                 &coefficients, 1)
        guard info == 0 else { throw DeocclusionError.decompositionFailed(routine: "dposv", info: Int(info)) }
        var reconstruction = basis.mean                    // μ + Uᵀ c (D)
        Gemm.sgemm(transposeA: true, transposeB: false, m: d, n: 1, k: k,
                   a: basis.components, lda: d, b: coefficients.map { Float($0) }, ldb: 1,
                   beta: 1, c: &reconstruction, ldc: 1)
        return reconstruction
    }

    /// Visible pixels from the input, the rest from the reconstruction (clamped to [0, 1]).
    private func composite(_ image: Image, _ reconstruction: [Float], _ weights: [Float]) -> Image {
        var out = image
        let plane = image.planeSize
        for c in 0..<image.channels {
            for p in 0..<plane where weights[p] < 0.5 {
                out.pixels[c * plane + p] = min(max(reconstruction[c * plane + p], 0), 1)
            }
        }
        return out
    }
}
