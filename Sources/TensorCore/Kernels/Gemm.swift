import CBLAS

/// The single sgemm wrapper of the project: every Linear, Conv2D and ConvTranspose2D
/// (and their derivatives) reaches OpenBLAS through here.
public enum Gemm {
    /// C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, row-major.
    /// `lda`, `ldb`, `ldc` are the row strides of A, B, C as stored (before transposition).
    @inlinable
    public static func sgemm(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative dimension")
        if m == 0 || n == 0 { return }
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }

    /// Floating-point operations of one sgemm (multiply and add counted separately).
    public static func flops(m: Int, n: Int, k: Int) -> Double { 2 * Double(m) * Double(n) * Double(k) }
}
