/// Named comparison tolerances, each with its reason.
public enum Tolerance {
    /// Float32 arithmetic through different summation orders (BLAS vs naive loops).
    public static let kernel: Float = 1e-4
    /// Central differences in Float32 with step 1e-2..1e-3: truncation plus rounding error.
    public static let finiteDifference: Float = 2e-2
}

/// Largest absolute difference between two equally long arrays.
public func maxAbsoluteDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "maxAbsoluteDifference: \(a.count) vs \(b.count) elements")
    var worst: Float = 0
    for i in a.indices { worst = max(worst, abs(a[i] - b[i])) }
    return worst
}
