/// Matrix products of rank-2 tensors, or batches of them (rank 3, same batch), via sgemm.
extension Tensor {
    /// op(self) · op(other), where op transposes the last two axes when asked.
    /// - Shape: `[M, K]·[K, N]` → `[M, N]`, or `[B, M, K]·[B, K, N]` → `[B, M, N]`
    /// With `addingRow` (rank 2 only), that `[N]` row is added to every output row: it
    /// initialises the output and the sgemm accumulates onto it (a linear layer's bias).
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false,
                       addingRow row: Tensor? = nil) -> Tensor {
        precondition((rank == 2 && other.rank == 2) || (rank == 3 && other.rank == 3 && shape[0] == other.shape[0]),
                     "matmul: shapes \(shape) and \(other.shape) (rank 2, or rank 3 with equal batch)")
        let batch = rank == 3 ? shape[0] : 1
        let (ra, ca) = (shape[rank - 2], shape[rank - 1])
        let (rb, cb) = (other.shape[rank - 2], other.shape[rank - 1])
        let (m, k) = transposeSelf ? (ca, ra) : (ra, ca)
        let (k2, n) = transposeOther ? (cb, rb) : (rb, cb)
        precondition(k == k2, "matmul: inner extents \(k) and \(k2) differ (shapes \(shape), \(other.shape))")
        precondition(row == nil || (rank == 2 && row!.shape == [n]), "matmul: row \(row!.shape) for output [\(m), \(n)]")
        let outShape = rank == 3 ? [batch, m, n] : [m, n]
        let body: (UnsafeMutableBufferPointer<Float>) -> Void = { out in
            if let row {
                row.withUnsafeBufferPointer { r in
                    for i in 0..<m { (out.baseAddress! + i * n).update(from: r.baseAddress!, count: n) }
                }
            }
            withUnsafeBufferPointer { a in
                other.withUnsafeBufferPointer { b in
                    for i in 0..<batch {
                        Gemm.sgemm(transposeA: transposeSelf, transposeB: transposeOther, m: m, n: n, k: k,
                                   a: a.baseAddress! + i * ra * ca, lda: ca,
                                   b: b.baseAddress! + i * rb * cb, ldb: cb,
                                   beta: row == nil ? 0 : 1, c: out.baseAddress! + i * m * n, ldc: n)
                    }
                }
            }
        }
        // sgemm with beta 0 writes every output element, unless k = 0 (then nothing is summed).
        return row == nil && k == 0 ? Tensor(shape: outShape, filling: body) : Tensor(shape: outShape, overwriting: body)
    }
}
