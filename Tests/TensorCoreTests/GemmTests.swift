import Testing
import TestSupport
@testable import TensorCore

/// Naive row-major product with optional transposes, the algorithmic truth for `Gemm.sgemm`.
private func naiveGemm(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var sum: Float = 0
            for p in 0..<k {
                let x = transposeA ? a[p * m + i] : a[i * k + p]
                let y = transposeB ? b[j * k + p] : b[p * n + j]
                sum += x * y
            }
            c[i * n + j] = sum
        }
    }
    return c
}

@Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
func sgemmMatchesNaiveLoops(_ transposes: (Bool, Bool)) {
    let (m, n, k) = (7, 5, 9)
    let a = (0..<(m * k)).map { Float(($0 * 37) % 11) / 11 - 0.5 }
    let b = (0..<(k * n)).map { Float(($0 * 17) % 13) / 13 - 0.5 }
    var c = [Float](repeating: 0, count: m * n)
    Gemm.sgemm(transposeA: transposes.0, transposeB: transposes.1, m: m, n: n, k: k,
               a: a, lda: transposes.0 ? m : k, b: b, ldb: transposes.1 ? k : n,
               c: &c, ldc: n)
    let expected = naiveGemm(a, b, m: m, n: n, k: k, transposeA: transposes.0, transposeB: transposes.1)
    #expect(maxAbsoluteDifference(c, expected) < Tolerance.kernel)
}

@Test func gemmProbeResultIsCorrect() {
    let probe = GemmProbe.measure(size: 128, runs: 1)
    #expect(probe.maxRelativeError < 1e-5)
    #expect(probe.gflops > 0)
}

@Test func kernelRecommendationFollowsCPUFeatures() {
    #expect(BLASRuntime.recommendedCoreType(cpuFlags: ["avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"]) == "SkylakeX")
    #expect(BLASRuntime.recommendedCoreType(cpuFlags: ["avx2", "fma", "avx512f"]) == "Haswell")
    #expect(BLASRuntime.recommendedCoreType(cpuFlags: ["avx2", "fma"]) == "Haswell")
    #expect(BLASRuntime.recommendedCoreType(cpuFlags: ["sse4_2", "avx"]) == nil)
}

@Test func runningKernelIsNotGenericOnThisMachine() {
    // The Makefile exports the kernel `unveil doctor --recommended-coretype` picks, so the
    // suite runs on the same kernel as the program.
    if BLASRuntime.recommendedCoreType(cpuFlags: CPUFeatures.flags) != nil {
        #expect(!BLASRuntime.isGenericKernel, "OpenBLAS runs \(BLASRuntime.coreName)")
    }
}

@Test func kernelIsOverriddenOnlyForGenericFallbacksTheUserDidNotChoose() {
    let avx512: Set<String> = ["avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"]
    #expect(BLASRuntime.kernelOverride(requested: nil, running: "Prescott", cpuFlags: avx512) == "SkylakeX")
    #expect(BLASRuntime.kernelOverride(requested: nil, running: "Prescott", cpuFlags: ["avx2", "fma"]) == "Haswell")
    #expect(BLASRuntime.kernelOverride(requested: "Prescott", running: "Prescott", cpuFlags: avx512) == nil)
    #expect(BLASRuntime.kernelOverride(requested: nil, running: "Zen", cpuFlags: ["avx2", "fma"]) == nil)
    #expect(BLASRuntime.kernelOverride(requested: nil, running: "Prescott", cpuFlags: ["sse4_2"]) == nil)
    // The thread timeout is set only when the user set none; the kernel only when overridden.
    #expect(BLASRuntime.environmentOverrides(kernel: nil, threadTimeoutSet: true).isEmpty)
    #expect(BLASRuntime.environmentOverrides(kernel: nil, threadTimeoutSet: false).map(\.name) == ["OPENBLAS_THREAD_TIMEOUT"])
    #expect(BLASRuntime.environmentOverrides(kernel: "Haswell", threadTimeoutSet: true).map(\.value) == ["Haswell"])
}
