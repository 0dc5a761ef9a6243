import CLAPACKE
import Imaging
import TensorCore

/// An eigenface basis: the mean face and the leading principal components of clean training
/// faces (Turk & Pentland 1991), all in `Image.pixels` order (planar, values in [0, 1]).
public struct PCABasis: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    /// Mean face. - Shape: `[D]`, D = channels·height·width
    public let mean: [Float]
    /// Orthonormal components by decreasing variance. - Shape: `[K, D]`
    public let components: [Float]
    /// Sample variance of the training faces along each component. - Shape: `[K]`
    public let variances: [Float]
    /// Per pixel, the training faces' mean squared residual after projection onto the K
    /// components (averaged over channels): how well the basis can fit that pixel at all.
    /// - Shape: `[H·W]`
    public let residualVariance: [Float]

    /// Number of components K.
    public var componentCount: Int { variances.count }
    /// Pixels per face D.
    public var dimension: Int { channels * height * width }

    /// Wraps arrays whose counts the caller has checked against the shape.
    init(width: Int, height: Int, channels: Int, mean: [Float], components: [Float], variances: [Float],
         residualVariance: [Float]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.mean = mean
        self.components = components
        self.variances = variances
        self.residualVariance = residualVariance
    }

    /// The face shape as `W×H×C`.
    public var shapeDescription: String { "\(width)×\(height)×\(channels)" }

    /// Fits `components` principal components to clean faces of one size.
    ///
    /// Eigen-decomposes the smaller of the Gram matrix X·Xᵀ `[N, N]` and the covariance
    /// XᵀX `[D, D]` of the centred faces X `[N, D]` (LAPACK `dsyevd`, Float64); products
    /// run through `Gemm.sgemm`.
    /// - Throws: `notEnoughTrainingFaces`, `trainingFaceShapeMismatch`,
    ///   `invalidComponentCount` (more components than the faces' rank), `decompositionFailed`.
    public static func fit(faces: [Image], components k: Int) throws -> PCABasis {
        guard faces.count >= 2 else { throw DeocclusionError.notEnoughTrainingFaces(count: faces.count) }
        let first = faces[0]
        for (index, face) in faces.enumerated()
        where face.width != first.width || face.height != first.height || face.channels != first.channels {
            throw DeocclusionError.trainingFaceShapeMismatch(index: index, expected: shapeText(first), found: shapeText(face))
        }
        let n = faces.count, d = first.pixels.count
        guard k >= 1, k <= min(n - 1, d) else {
            throw DeocclusionError.invalidComponentCount(k, maximum: min(n - 1, d))
        }
        var mean = [Float](repeating: 0, count: d)
        for face in faces { for i in 0..<d { mean[i] += face.pixels[i] } }
        for i in 0..<d { mean[i] /= Float(n) }
        var centred = [Float](repeating: 0, count: n * d)  // X (N, D)
        for (row, face) in faces.enumerated() {
            for i in 0..<d { centred[row * d + i] = face.pixels[i] - mean[i] }
        }

        let small = min(n, d)
        var scatter = [Float](repeating: 0, count: small * small)  // X·Xᵀ (N, N) or XᵀX (D, D)
        Gemm.sgemm(transposeA: n > d, transposeB: n <= d, m: small, n: small, k: n <= d ? d : n,
                   a: centred, lda: d, b: centred, ldb: d, c: &scatter, ldc: small)
        let (eigenvalues, eigenvectors) = try symmetricEigen(scatter, size: small)  // descending
        let largest = max(eigenvalues[0], .leastNormalMagnitude)
        guard eigenvalues[k - 1] > largest * 1e-10 else {
            let rank = eigenvalues.prefix { $0 > largest * 1e-10 }.count
            throw DeocclusionError.invalidComponentCount(k, maximum: rank)
        }

        var basis = [Float](repeating: 0, count: k * d)  // (K, D)
        if n <= d {
            // Component j = Xᵀ v_j / √λ_j, with v_j the Gram matrix's eigenvectors.
            let vectors = eigenvectors.prefix(k * n).map { Float($0) }  // (K, N)
            Gemm.sgemm(transposeA: false, transposeB: false, m: k, n: d, k: n,
                       a: vectors, lda: n, b: centred, ldb: d, c: &basis, ldc: d)
            for j in 0..<k {
                let scale = Float(1 / eigenvalues[j].squareRoot())
                for i in 0..<d { basis[j * d + i] *= scale }
            }
        } else {
            basis = eigenvectors.prefix(k * d).map { Float($0) }
        }
        return PCABasis(width: first.width, height: first.height, channels: first.channels, mean: mean,
                        components: basis, variances: eigenvalues.prefix(k).map { Float($0 / Double(n - 1)) },
                        residualVariance: residualVariance(centred, count: n, basis: basis, k: k,
                                                           channels: first.channels, plane: first.planeSize))
    }

    /// Mean over faces and channels of (X − X·Uᵀ·U)², per pixel. - Shape: `[H·W]`
    private static func residualVariance(_ centred: [Float], count n: Int, basis: [Float], k: Int,
                                         channels: Int, plane: Int) -> [Float] {
        let d = channels * plane
        var coefficients = [Float](repeating: 0, count: n * k)  // X·Uᵀ (N, K)
        Gemm.sgemm(transposeA: false, transposeB: true, m: n, n: k, k: d,
                   a: centred, lda: d, b: basis, ldb: d, c: &coefficients, ldc: k)
        var residual = centred                                   // X − (X·Uᵀ)·U (N, D)
        Gemm.sgemm(transposeA: false, transposeB: false, m: n, n: d, k: k, alpha: -1,
                   a: coefficients, lda: k, b: basis, ldb: d, beta: 1, c: &residual, ldc: d)
        var variance = [Float](repeating: 0, count: plane)
        for row in 0..<n {
            for c in 0..<channels {
                for p in 0..<plane {
                    let e = residual[row * d + c * plane + p]
                    variance[p] += e * e
                }
            }
        }
        return variance.map { $0 / Float(n * channels) }
    }

    /// Eigenvalues (descending) and eigenvectors (`[size, size]`, row j = eigenvector j) of a
    /// symmetric matrix.
    private static func symmetricEigen(_ matrix: [Float], size: Int) throws -> ([Double], [Double]) {
        var a = matrix.map { Double($0) }
        var w = [Double](repeating: 0, count: size)
        // Column-major: eigenvector j is the contiguous column j.
        let info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")),
                                  Int32(size), &a, Int32(size), &w)
        guard info == 0 else { throw DeocclusionError.decompositionFailed(routine: "dsyevd", info: Int(info)) }
        var vectors = [Double](repeating: 0, count: size * size)
        for j in 0..<size {
            let source = size - 1 - j  // ascending → descending
            for i in 0..<size { vectors[j * size + i] = a[source * size + i] }
        }
        return (w.reversed(), vectors)
    }
}
