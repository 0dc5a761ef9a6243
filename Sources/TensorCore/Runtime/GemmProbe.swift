import Foundation

/// Measures sgemm throughput and checks its result, for `doctor` and every benchmark.
public enum GemmProbe {
    /// Result of timing a square sgemm.
    public struct Measurement: Sendable, Codable {
        public var size: Int
        public var runs: Int
        public var medianSeconds: Double
        public var gflops: Double            // from the median run
        public var maxRelativeError: Double  // sampled entries against a Float64 dot product
    }

    /// Times `runs` products of two size×size matrices after one warm-up, and checks
    /// 64 sampled entries of the result against a double-precision dot product.
    public static func measure(size n: Int = 2048, runs: Int = 5, seed: UInt64 = 1) -> Measurement {
        var rng = SplitMix64(seed: seed)
        func next() -> Float { rng.nextUnitFloat() * 2 - 1 }  // uniform [-1, 1)
        let a = (0..<(n * n)).map { _ in next() }   // (n, n)
        let b = (0..<(n * n)).map { _ in next() }   // (n, n)
        let timer = Timer(size: n, a: a, b: b)
        _ = timer.run()
        let times = (0..<max(1, runs)).map { _ in timer.run() }.sorted()
        let median = times[times.count / 2]
        let c = timer.product
        var worst = 0.0
        for s in 0..<64 {
            let i = (s * 7919) % n, j = (s * 104_729 + 13) % n
            var exact = 0.0, scale = 0.0
            for p in 0..<n {
                let term = Double(a[i * n + p]) * Double(b[p * n + j])
                exact += term
                scale += abs(term)
            }
            worst = max(worst, abs(Double(c[i * n + j]) - exact) / max(scale, 1e-30))
        }
        return Measurement(size: n, runs: times.count, medianSeconds: median,
                           gflops: Gemm.flops(m: n, n: n, k: n) / median / 1e9,
                           maxRelativeError: worst)
    }
}

extension GemmProbe {
    /// Square sgemm operands kept for repeated timing, so that a benchmark can measure the
    /// sgemm rate between its own runs, under the same load.
    public final class Timer {
        public let size: Int
        private let a: [Float]   // (size, size)
        private let b: [Float]   // (size, size)
        private var c: [Float]   // (size, size)

        /// Fixed operands of side `size`.
        public convenience init(size: Int = 2048) {
            self.init(size: size,
                      a: (0..<(size * size)).map { Float(($0 * 7919) % 1000) / 1000 - 0.5 },
                      b: (0..<(size * size)).map { Float(($0 * 104_729) % 1000) / 1000 - 0.5 })
        }

        init(size: Int, a: [Float], b: [Float]) {
            self.size = size
            self.a = a
            self.b = b
            c = [Float](repeating: 0, count: size * size)
        }

        /// The last product a·b.
        var product: [Float] { c }

        /// Seconds of one product.
        public func run() -> Double {
            let n = size
            let start = DispatchTime.now().uptimeNanoseconds
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        Gemm.sgemm(transposeA: false, transposeB: false, m: n, n: n, k: n,
                                   a: pa.baseAddress!, lda: n, b: pb.baseAddress!, ldb: n,
                                   c: pc.baseAddress!, ldc: n)
                    }
                }
            }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }

        /// GFLOP/s of one product.
        public func gflops() -> Double { Gemm.flops(m: size, n: size, k: size) / run() / 1e9 }
    }
}
