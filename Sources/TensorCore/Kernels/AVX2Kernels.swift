import CKernels

/// Whether this CPU runs `CKernels`' AVX2/FMA kernels (checked once); each caller keeps a
/// portable path for when it does not.
enum AVX2Kernels {
    static let isAvailable = unveil_avx2_fma_available() != 0
}
