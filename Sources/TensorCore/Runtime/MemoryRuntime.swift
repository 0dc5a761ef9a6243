#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator setting for tensor workloads.
///
/// glibc serves blocks above 32 MB with a fresh `mmap` and unmaps them on free, so every
/// large activation of every training step would be faulted in and zeroed by the kernel
/// again (seconds of system time per LightCNN-9 step). Keeping freed memory in the heap
/// lets the next step reuse the same pages. Applied once, on the first tensor allocation;
/// the cost is that freed memory is not returned to the system until exit.
public enum MemoryRuntime {
    /// Whether the setting was applied (false where glibc's `mallopt` is unavailable).
    public static let keepsFreedMemory: Bool = {
        #if canImport(Glibc)
        // <malloc.h> is not part of the Glibc module; look the function up instead.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let mmapMax: Int32 = -4, trimThreshold: Int32 = -1  // M_MMAP_MAX, M_TRIM_THRESHOLD
        return mallopt(mmapMax, 0) == 1 && mallopt(trimThreshold, Int32.max) == 1
        #else
        return false
        #endif
    }()
}
