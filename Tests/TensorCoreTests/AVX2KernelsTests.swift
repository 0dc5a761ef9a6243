import Foundation
import Testing
@testable import TensorCore

/// The AVX2/FMA kernels are chosen exactly when the CPU has both instruction sets (as Linux
/// reports them in /proc/cpuinfo), so on such a machine the suite's kernel tests exercise the C
/// kernels and not only their portable fallbacks.
@Test func avx2KernelsAreChosenWhereTheCPUHasThem() {
    guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return }  // not Linux
    guard let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return }
    let flags = Set(flagsLine.split(separator: " ").map(String.init))
    #if arch(x86_64)
    #expect(AVX2Kernels.isAvailable == (flags.contains("avx2") && flags.contains("fma")))
    #else
    #expect(!AVX2Kernels.isAvailable)
    #endif
}
