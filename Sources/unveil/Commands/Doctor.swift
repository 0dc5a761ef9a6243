import ArgumentParser
import Foundation
import Imaging
import TensorCore

/// `unveil doctor`: native libraries, BLAS kernel and threads, measured sgemm GFLOP/s.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check native libraries, the BLAS kernel and sgemm speed.")

    @Option(help: "Matrix size of the sgemm probe.")
    var size = 2048

    @Option(help: "Timed sgemm runs (the median is reported).")
    var runs = 5

    @Flag(help: "Print only the OPENBLAS_CORETYPE this machine should use (empty if none), for scripts.")
    var recommendedCoretype = false

    func validate() throws {
        guard size >= 64 else { throw ValidationError("--size must be at least 64") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        if recommendedCoretype {
            let cpu = BLASRuntime.recommendedCoreType(cpuFlags: CPUFeatures.flags)
            print(BLASRuntime.requestedCoreType ?? (BLASRuntime.isGenericKernel ? cpu ?? "" : ""))
            return
        }
        print("unveil \(UnveilVersion.string), built with \(SwiftVersion.compiler)")
        print("CPU: \(CPUFeatures.modelName) [\(CPUFeatures.simdSummary)], \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("OpenBLAS \(BLASRuntime.version): \(BLASRuntime.configuration)")
        print("BLAS kernel: \(BLASRuntime.kernelDescription)")
        print("libpng \(CodecVersions.png), libjpeg-turbo \(CodecVersions.jpeg)")
        if BLASRuntime.isGenericKernel {
            print("warning: OpenBLAS runs a generic kernel; set OPENBLAS_CORETYPE to this CPU's kernel")
        }
        let probe = GemmProbe.measure(size: size, runs: runs)
        print(String(format: "sgemm %d³: %.1f GFLOP/s (median of %d, %.3f s), max relative error %.1e",
                     probe.size, probe.gflops, probe.runs, probe.medianSeconds, probe.maxRelativeError))
        guard probe.maxRelativeError < 1e-4 else {
            throw CLIError.doctorFailed(
                "sgemm on kernel \(BLASRuntime.coreName) gives wrong results (relative error \(probe.maxRelativeError)); set OPENBLAS_CORETYPE to another kernel")
        }
        print("ok")
    }
}

/// The compiler this binary was built with.
enum SwiftVersion {
    static var compiler: String {
        #if compiler(>=6.3)
        return "Swift 6.3 or later"
        #elseif compiler(>=6.2)
        return "Swift 6.2"
        #elseif compiler(>=6.1)
        return "Swift 6.1"
        #else
        return "Swift 6.0"
        #endif
    }
}
