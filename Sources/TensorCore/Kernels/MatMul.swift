/// Matrix products of rank-2 tensors, or batches of them (rank 3, same batch), via sgemm.
extension Tensor {
    /// op(self) · op(other), where op transposes the last two axes when asked.
    /// - Shape: `[M, K]·[K, N]` → `[M, N]`, or `[B, M, K]·[B, K, N]` → `[B, M, N]`
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        precondition((rank == 2 && other.rank == 2) || (rank == 3 && other.rank == 3 && shape[0] == other.shape[0]),
                     "matmul: shapes \(shape) and \(other.shape) (rank 2, or rank 3 with equal batch)")
        let batch = rank == 3 ? shape[0] : 1
        let (ra, ca) = (shape[rank - 2], shape[rank - 1])
        let (rb, cb) = (other.shape[rank - 2], other.shape[rank - 1])
        let (m, k) = transposeSelf ? (ca, ra) : (ra, ca)
        let (k2, n) = transposeOther ? (cb, rb) : (rb, cb)
        precondition(k == k2, "matmul: inner extents \(k) and \(k2) differ (shapes \(shape), \(other.shape))")
        let outShape = rank == 3 ? [batch, m, n] : [m, n]
        return Tensor(shape: outShape, filling: { out in
            withUnsafeBufferPointer { a in
                other.withUnsafeBufferPointer { b in
                    for i in 0..<batch {
                        Gemm.sgemm(transposeA: transposeSelf, transposeB: transposeOther, m: m, n: n, k: k,
                                   a: a.baseAddress! + i * ra * ca, lda: ca,
                                   b: b.baseAddress! + i * rb * cb, ldb: cb,
                                   c: out.baseAddress! + i * m * n, ldc: n)
                    }
                }
            }
        })
    }
}
