import CBLAS
import Foundation

/// The one place that knows which OpenBLAS kernel and how many threads the process runs on.
///
/// Debian's OpenBLAS 0.3.21 is built with `DYNAMIC_ARCH` and picks its kernel when the
/// library loads, from `OPENBLAS_CORETYPE` if set, else from CPUID. On CPUs newer than the
/// library it falls back to a generic kernel ("Prescott", ~37 GFLOP/s here instead of ~220).
/// Since the choice happens before `main`, the fix is to set the variable and re-execute
/// (see `BLASRuntime.reexecWithBestSettingsIfNeeded`), never overriding a value the user set.
public enum BLASRuntime {
    /// Kernel OpenBLAS is running on (`openblas_get_corename`), e.g. "Haswell", "Zen", "SkylakeX".
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// Build configuration string of the loaded OpenBLAS (version, DYNAMIC_ARCH, …).
    public static var configuration: String { String(cString: openblas_get_config()) }

    /// Version number parsed from the configuration string ("0.3.21"), or "unknown".
    public static var version: String {
        let words = configuration.split(separator: " ")
        if let index = words.firstIndex(of: "OpenBLAS"), index + 1 < words.count {
            return String(words[index + 1])
        }
        return "unknown"
    }

    /// Threads OpenBLAS uses for one call.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of OpenBLAS threads (the caller's kernels must not oversubscribe).
    public static func setThreadCount(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }

    /// The kernel the user asked for through the environment, if any.
    public static var requestedCoreType: String? {
        ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Kernels OpenBLAS picks when it does not recognise a CPU; they use SSE only.
    public static let genericKernels: Set<String> = [
        "prescott", "core2", "penryn", "dunnington", "nehalem", "athlon", "opteron",
        "opteron_sse3", "barcelona", "bobcat", "katmai", "coppermine", "northwood", "banias",
        "atom", "nano", "generic", "unknown",
    ]

    /// Whether the running kernel is one of the generic fallbacks.
    public static var isGenericKernel: Bool { genericKernels.contains(coreName.lowercased()) }

    /// The best correct kernel for a CPU with these feature flags, or nil when OpenBLAS's
    /// own choice should stand: SkylakeX with AVX-512 (F, BW, DQ, VL), Haswell with AVX2 and FMA.
    public static func recommendedCoreType(cpuFlags: Set<String>) -> String? {
        if ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(cpuFlags.contains) {
            return "SkylakeX"
        }
        if cpuFlags.contains("avx2"), cpuFlags.contains("fma") { return "Haswell" }
        return nil
    }

    /// The kernel `reexecWithBestSettingsIfNeeded` would switch to on this machine, or nil
    /// when the current choice stands (user's value, or OpenBLAS already on a real kernel).
    public static func kernelOverride() -> String? {
        kernelOverride(requested: requestedCoreType, running: coreName, cpuFlags: CPUFeatures.flags)
    }

    /// The decision of `kernelOverride()` on explicit inputs: switch only when the user asked
    /// for nothing and the running kernel is a generic fallback that a better one replaces.
    public static func kernelOverride(requested: String?, running: String, cpuFlags: Set<String>) -> String? {
        guard requested == nil, genericKernels.contains(running.lowercased()) else { return nil }
        return recommendedCoreType(cpuFlags: cpuFlags)
    }

    /// How long (2^n cycles) an idle OpenBLAS thread spins before it sleeps, unless the user
    /// set `OPENBLAS_THREAD_TIMEOUT`. OpenBLAS's default (2^28 cycles, ~0.1 s) keeps its
    /// threads spinning in `sched_yield` after every sgemm, on the same two cores as the
    /// im2col, max-feature-map and normalisation passes that follow it; at 2^4 they sleep at
    /// once. Measured on the 2-core machine (pairs of runs, `unveil bench`): OA-GAN generator
    /// at 128×128 4.40 → 5.08 images/s, training iteration 8.5 → 7.5 s, LightCNN-9 training
    /// step unchanged to +4 % (docs/tensor-core.md).
    public static let threadTimeout = "4"

    /// The environment variables `reexecWithBestSettingsIfNeeded` would set: the kernel
    /// (`kernelOverride`) and the thread timeout when the user set none.
    public static func environmentOverrides(kernel: String?, threadTimeoutSet: Bool) -> [(name: String, value: String)] {
        (kernel.map { [("OPENBLAS_CORETYPE", $0)] } ?? []) + (threadTimeoutSet ? [] : [("OPENBLAS_THREAD_TIMEOUT", threadTimeout)])
    }

    /// OpenBLAS reads its settings when the library loads, before `main`: when one of
    /// `environmentOverrides` is needed (a generic fallback kernel a better one replaces, or
    /// no thread timeout set), sets it and replaces this process with itself, once. Values
    /// the user set are never changed. Returns only when no re-exec was needed (or the exec
    /// failed, which is reported).
    public static func reexecWithBestSettingsIfNeeded(arguments: [String] = CommandLine.arguments) {
        let environment = ProcessInfo.processInfo.environment
        // Guards against a loop should the library ignore the variables.
        guard environment["UNVEIL_BLAS_REEXEC"] == nil else { return }
        // Re-executing needs /proc/self/exe (Linux); elsewhere OpenBLAS keeps its defaults.
        guard FileManager.default.fileExists(atPath: "/proc/self/exe") else { return }
        let overrides = environmentOverrides(kernel: kernelOverride(),
                                             threadTimeoutSet: environment["OPENBLAS_THREAD_TIMEOUT"] != nil)
        guard !overrides.isEmpty else { return }
        for (name, value) in overrides { setenv(name, value, 1) }
        setenv("UNVEIL_BLAS_REEXEC", overrides.map(\.name).joined(separator: ","), 1)  // what unveil set
        let cArguments = arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", cArguments)
        let reason = String(cString: strerror(errno))
        let settings = overrides.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        FileHandle.standardError.write(Data(
            "warning: could not re-execute with \(settings) (\(reason)); running on \(coreName)\n".utf8))
    }

    /// Names of the variables this process's re-exec set (empty when it set none).
    static var setByUnveil: [String] {
        (ProcessInfo.processInfo.environment["UNVEIL_BLAS_REEXEC"] ?? "").split(separator: ",").map(String.init)
    }

    /// One line describing the kernel choice, for `doctor`, benchmarks and reports.
    public static var kernelDescription: String {
        let source: String
        if let requested = requestedCoreType {
            source = setByUnveil.contains("OPENBLAS_CORETYPE")
                ? "set by unveil (OPENBLAS_CORETYPE=\(requested))"
                : "set by the user (OPENBLAS_CORETYPE=\(requested))"
        } else {
            source = "chosen by OpenBLAS"
        }
        let timeout = ProcessInfo.processInfo.environment["OPENBLAS_THREAD_TIMEOUT"].map {
            "thread timeout 2^\($0) cycles (set by \(setByUnveil.contains("OPENBLAS_THREAD_TIMEOUT") ? "unveil" : "the user"))"
        } ?? "OpenBLAS's default thread timeout"
        return "\(coreName), \(source), \(threadCount) threads, \(timeout)"
    }
}

/// CPU feature flags as the kernel reports them in `/proc/cpuinfo` (Linux).
public enum CPUFeatures {
    /// Flags of the first processor ("avx2", "fma", "avx512f", …); empty where unreadable.
    public static var flags: Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }

    /// Model name of the first processor, or "unknown".
    public static var modelName: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }

    /// The SIMD features that matter for the BLAS kernel, in order.
    public static var simdSummary: String {
        let f = flags
        let wanted = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"]
        return wanted.filter(f.contains).joined(separator: " ")
    }
}
