#include "CKernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))

/// `vectors` × 8 pixels (1 or 2) of `outputs` planes (1 … 4; both constants at each call, so
/// the eight accumulators stay named registers) over the K² taps of one source plane.
AVX2 static inline __attribute__((always_inline)) void direct_block(
    const float *window, int wp, const float *taps, int tap_stride, int k, float *out, int plane,
    const int outputs, const int vectors) {
    __m256 a0 = _mm256_loadu_ps(out), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
    if (vectors == 2) a1 = _mm256_loadu_ps(out + 8);
    if (outputs > 1) { b0 = _mm256_loadu_ps(out + plane); if (vectors == 2) b1 = _mm256_loadu_ps(out + plane + 8); }
    if (outputs > 2) { c0 = _mm256_loadu_ps(out + 2 * plane); if (vectors == 2) c1 = _mm256_loadu_ps(out + 2 * plane + 8); }
    if (outputs > 3) { d0 = _mm256_loadu_ps(out + 3 * plane); if (vectors == 2) d1 = _mm256_loadu_ps(out + 3 * plane + 8); }
    for (int ky = 0; ky < k; ky++) {
        const float *row = window + ky * wp;
        const float *tap = taps + ky * k;
        for (int kx = 0; kx < k; kx++) {
            const __m256 x0 = _mm256_loadu_ps(row + kx);
            const __m256 x1 = vectors == 2 ? _mm256_loadu_ps(row + kx + 8) : x0;
            __m256 t = _mm256_broadcast_ss(tap + kx);
            a0 = _mm256_fmadd_ps(t, x0, a0);
            if (vectors == 2) a1 = _mm256_fmadd_ps(t, x1, a1);
            if (outputs > 1) {
                t = _mm256_broadcast_ss(tap + tap_stride + kx);
                b0 = _mm256_fmadd_ps(t, x0, b0);
                if (vectors == 2) b1 = _mm256_fmadd_ps(t, x1, b1);
            }
            if (outputs > 2) {
                t = _mm256_broadcast_ss(tap + 2 * tap_stride + kx);
                c0 = _mm256_fmadd_ps(t, x0, c0);
                if (vectors == 2) c1 = _mm256_fmadd_ps(t, x1, c1);
            }
            if (outputs > 3) {
                t = _mm256_broadcast_ss(tap + 3 * tap_stride + kx);
                d0 = _mm256_fmadd_ps(t, x0, d0);
                if (vectors == 2) d1 = _mm256_fmadd_ps(t, x1, d1);
            }
        }
    }
    _mm256_storeu_ps(out, a0);
    if (vectors == 2) _mm256_storeu_ps(out + 8, a1);
    if (outputs > 1) { _mm256_storeu_ps(out + plane, b0); if (vectors == 2) _mm256_storeu_ps(out + plane + 8, b1); }
    if (outputs > 2) { _mm256_storeu_ps(out + 2 * plane, c0); if (vectors == 2) _mm256_storeu_ps(out + 2 * plane + 8, c1); }
    if (outputs > 3) { _mm256_storeu_ps(out + 3 * plane, d0); if (vectors == 2) _mm256_storeu_ps(out + 3 * plane + 8, d1); }
}

/// One row of `direct_accumulate` for a constant number of outputs.
AVX2 static inline __attribute__((always_inline)) void direct_row(
    const float *window, int wp, const float *taps, int tap_stride, int k, float *out, int plane, int out_w,
    const int outputs) {
    int x = 0;
    for (; x + 16 <= out_w; x += 16) direct_block(window + x, wp, taps, tap_stride, k, out + x, plane, outputs, 2);
    for (; x + 8 <= out_w; x += 8) direct_block(window + x, wp, taps, tap_stride, k, out + x, plane, outputs, 1);
    for (; x < out_w; x++) {  // scalar tail
        for (int j = 0; j < outputs; j++) {
            float sum = out[j * plane + x];
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) sum += taps[j * tap_stride + ky * k + kx] * window[ky * wp + x + kx];
            }
            out[j * plane + x] = sum;
        }
    }
}

AVX2 void unveil_direct_conv_accumulate(const float *padded, int wp, const float *taps, int tap_stride, int k,
                                        int outputs, int out_h, int out_w, float *out) {
    const int plane = out_h * out_w;
    for (int y = 0; y < out_h; y++) {
        const float *window = padded + y * wp;
        float *row = out + y * out_w;
        switch (outputs) {
        case 1: direct_row(window, wp, taps, tap_stride, k, row, plane, out_w, 1); break;
        case 2: direct_row(window, wp, taps, tap_stride, k, row, plane, out_w, 2); break;
        case 3: direct_row(window, wp, taps, tap_stride, k, row, plane, out_w, 3); break;
        default: direct_row(window, wp, taps, tap_stride, k, row, plane, out_w, 4); break;
        }
    }
}

AVX2 static inline double lane_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return (double)_mm_cvtss_f32(s);
}

/// Taps (ky, kx) and (ky, kx + 1) (`pair` 2, or only the first: 1) of `outputs` (1 … 4) weight
/// gradients over one plane: eight named accumulators, each gradient vector loaded once for both
/// taps and each input vector once for all outputs.
AVX2 static inline __attribute__((always_inline)) void weight_gradient_taps(
    const float *padded, int wp, const float *gradient, int plane, int out_h, int out_w, int ky, int kx, int k,
    double *sums, const int outputs, const int pair) {
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
    double tail[8] = {0};
    const int vector_width = out_w / 8 * 8;
    for (int y = 0; y < out_h; y++) {
        const float *row = padded + (y + ky) * wp + kx, *g = gradient + y * out_w;
        for (int x = 0; x < vector_width; x += 8) {
            const __m256 x0 = _mm256_loadu_ps(row + x);
            const __m256 x1 = pair == 2 ? _mm256_loadu_ps(row + x + 1) : x0;
            __m256 u = _mm256_loadu_ps(g + x);
            a0 = _mm256_fmadd_ps(u, x0, a0);
            if (pair == 2) a1 = _mm256_fmadd_ps(u, x1, a1);
            if (outputs > 1) {
                u = _mm256_loadu_ps(g + plane + x);
                b0 = _mm256_fmadd_ps(u, x0, b0);
                if (pair == 2) b1 = _mm256_fmadd_ps(u, x1, b1);
            }
            if (outputs > 2) {
                u = _mm256_loadu_ps(g + 2 * plane + x);
                c0 = _mm256_fmadd_ps(u, x0, c0);
                if (pair == 2) c1 = _mm256_fmadd_ps(u, x1, c1);
            }
            if (outputs > 3) {
                u = _mm256_loadu_ps(g + 3 * plane + x);
                d0 = _mm256_fmadd_ps(u, x0, d0);
                if (pair == 2) d1 = _mm256_fmadd_ps(u, x1, d1);
            }
        }
        for (int x = vector_width; x < out_w; x++) {  // scalar tail
            for (int j = 0; j < outputs; j++) {
                for (int t = 0; t < pair; t++) tail[2 * j + t] += (double)g[j * plane + x] * row[x + t];
            }
        }
    }
    const __m256 vectors[8] = {a0, a1, b0, b1, c0, c1, d0, d1};
    for (int j = 0; j < outputs; j++) {
        for (int t = 0; t < pair; t++) sums[j * k * k + ky * k + kx + t] += lane_sum(vectors[2 * j + t]) + tail[2 * j + t];
    }
}

/// All taps for a constant number of outputs.
AVX2 static inline __attribute__((always_inline)) void weight_gradient_all(
    const float *padded, int wp, const float *gradient, int out_h, int out_w, int k, double *sums, const int outputs) {
    const int plane = out_h * out_w;
    for (int ky = 0; ky < k; ky++) {
        int kx = 0;
        for (; kx + 2 <= k; kx += 2) weight_gradient_taps(padded, wp, gradient, plane, out_h, out_w, ky, kx, k, sums, outputs, 2);
        if (kx < k) weight_gradient_taps(padded, wp, gradient, plane, out_h, out_w, ky, kx, k, sums, outputs, 1);
    }
}

AVX2 void unveil_direct_conv_weight_gradient(const float *padded, int wp, const float *gradient, int k, int outputs,
                                             int out_h, int out_w, double *sums) {
    switch (outputs) {
    case 1: weight_gradient_all(padded, wp, gradient, out_h, out_w, k, sums, 1); break;
    case 2: weight_gradient_all(padded, wp, gradient, out_h, out_w, k, sums, 2); break;
    case 3: weight_gradient_all(padded, wp, gradient, out_h, out_w, k, sums, 3); break;
    default: weight_gradient_all(padded, wp, gradient, out_h, out_w, k, sums, 4); break;
    }
}

#else

void unveil_direct_conv_weight_gradient(const float *padded, int wp, const float *gradient, int k, int outputs,
                                        int out_h, int out_w, double *sums) {
    (void)padded; (void)wp; (void)gradient; (void)k; (void)outputs; (void)out_h; (void)out_w; (void)sums;
}

void unveil_direct_conv_accumulate(const float *padded, int wp, const float *taps, int tap_stride, int k,
                                   int outputs, int out_h, int out_w, float *out) {
    (void)padded; (void)wp; (void)taps; (void)tap_stride; (void)k; (void)outputs; (void)out_h; (void)out_w; (void)out;
}

#endif
