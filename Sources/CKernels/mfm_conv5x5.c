#include "CKernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>

#define AVX2 __attribute__((target("avx2,fma")))

int unveil_avx2_fma_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

enum { K = 5, TAPS = 25, PAIRS = 4 };

/// Eight pixels of `PAIRS` channel pairs (or of one pair: `pairs` is PAIRS or 1, a constant
/// at each call so the accumulators stay in registers), then their max-feature-map.
AVX2 static inline __attribute__((always_inline)) void forward_block(
    const float *window, int wp, const float *weight, const float *bias, int d, int c, const int pairs, int plane,
    float *values, uint8_t *first) {
    __m256 a[PAIRS], b[PAIRS];
    for (int j = 0; j < pairs; j++) {
        a[j] = _mm256_set1_ps(bias[c + j]);
        b[j] = _mm256_set1_ps(bias[c + j + d]);
    }
    const float *wa = weight + c * TAPS, *wb = weight + (c + d) * TAPS;
    for (int ky = 0; ky < K; ky++) {
        for (int kx = 0; kx < K; kx++) {
            const __m256 v = _mm256_loadu_ps(window + ky * wp + kx);
            const int tap = ky * K + kx;
            for (int j = 0; j < pairs; j++) {
                a[j] = _mm256_fmadd_ps(_mm256_broadcast_ss(wa + j * TAPS + tap), v, a[j]);
                b[j] = _mm256_fmadd_ps(_mm256_broadcast_ss(wb + j * TAPS + tap), v, b[j]);
            }
        }
    }
    for (int j = 0; j < pairs; j++) {
        const __m256 take_first = _mm256_cmp_ps(a[j], b[j], _CMP_GE_OQ);
        _mm256_storeu_ps(values + (c + j) * plane, _mm256_blendv_ps(b[j], a[j], take_first));
        const int bits = _mm256_movemask_ps(take_first);  // bit i: lane i took the first half
        uint8_t *flags = first + (c + j) * plane;
        for (int i = 0; i < 8; i++) flags[i] = (uint8_t)((bits >> i) & 1);
    }
}

AVX2 void unveil_mfm_conv5x5_forward(const float *padded, int wp, const float *weight, const float *bias, int d,
                                     int out_h, int out_w, float *values, uint8_t *first) {
    const int plane = out_h * out_w;
    for (int c = 0; c < d;) {
        const int pairs = d - c >= PAIRS ? PAIRS : 1;
        for (int y = 0; y < out_h; y++) {
            int x = 0;
            for (; x + 8 <= out_w; x += 8) {
                const int p = y * out_w + x;
                if (pairs == PAIRS) {
                    forward_block(padded + y * wp + x, wp, weight, bias, d, c, PAIRS, plane, values + p, first + p);
                } else {
                    forward_block(padded + y * wp + x, wp, weight, bias, d, c, 1, plane, values + p, first + p);
                }
            }
            for (; x < out_w; x++) {  // scalar tail
                const int p = y * out_w + x;
                for (int j = c; j < c + pairs; j++) {
                    float u = bias[j], v = bias[j + d];
                    for (int tap = 0; tap < TAPS; tap++) {
                        const float input = padded[(y + tap / K) * wp + x + tap % K];
                        u += weight[j * TAPS + tap] * input;
                        v += weight[(j + d) * TAPS + tap] * input;
                    }
                    values[j * plane + p] = u >= v ? u : v;
                    first[j * plane + p] = u >= v;
                }
            }
        }
        c += pairs;
    }
}

AVX2 static inline double horizontal_sum(__m256 v) {
    __m128 low = _mm256_castps256_ps128(v), high = _mm256_extractf128_ps(v, 1);
    __m128 s = _mm_add_ps(low, high);
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return (double)_mm_cvtss_f32(s);
}

enum { BLOCK_ROWS = 8 };

/// Adds the gradient of one block of rows to the 25 taps of both halves of one pair: for each
/// kernel row, ten accumulators (five taps × two halves) over the block, kept in `sums`
/// between blocks. The block's routed gradient (2 × BLOCK_ROWS rows) and its BLOCK_ROWS + 4
/// input rows stay in L1 across the five kernel rows.
AVX2 static void weight_gradient_block(const float *padded, int wp, const float *ra, const float *rb, int rows,
                                       int out_w, __m256 *sums, double *tail_sums) {
    const int vector_width = out_w / 8 * 8;
    for (int ky = 0; ky < K; ky++) {
        __m256 a[K], b[K];
        for (int kx = 0; kx < K; kx++) { a[kx] = sums[ky * 2 * K + kx]; b[kx] = sums[ky * 2 * K + K + kx]; }
        for (int y = 0; y < rows; y++) {
            const float *row = padded + (y + ky) * wp;
            const float *ua = ra + y * out_w, *ub = rb + y * out_w;
            for (int x = 0; x < vector_width; x += 8) {
                const __m256 ga = _mm256_loadu_ps(ua + x), gb = _mm256_loadu_ps(ub + x);
                for (int kx = 0; kx < K; kx++) {
                    __m256 v = _mm256_loadu_ps(row + x + kx);
                    __asm__("" : "+x"(v));  // one load for both products (not folded into each FMA)
                    a[kx] = _mm256_fmadd_ps(ga, v, a[kx]);
                    b[kx] = _mm256_fmadd_ps(gb, v, b[kx]);
                }
            }
            for (int x = vector_width; x < out_w; x++) {  // scalar tail
                for (int kx = 0; kx < K; kx++) {
                    tail_sums[ky * 2 * K + kx] += (double)ua[x] * row[x + kx];
                    tail_sums[ky * 2 * K + K + kx] += (double)ub[x] * row[x + kx];
                }
            }
        }
        for (int kx = 0; kx < K; kx++) { sums[ky * 2 * K + kx] = a[kx]; sums[ky * 2 * K + K + kx] = b[kx]; }
    }
}

AVX2 void unveil_mfm_conv5x5_weight_gradient(const float *padded, int wp, const float *gradient, const uint8_t *first,
                                             int d, int out_h, int out_w, double *weight_gradient, double *bias_gradient) {
    const int block = BLOCK_ROWS * out_w;
    // One block of the gradient routed to each half of one pair, [2, BLOCK_ROWS · out_w]
    // (by `unveil_mfm_expand_halves`, the 1×1 layers' routing).
    float *routed = aligned_alloc(32, (size_t)(2 * block + 8) * sizeof(float));
    if (!routed) {  // out of memory: stop rather than return gradients never computed
        fputs("unveil: out of memory in a CKernels kernel\n", stderr);
        abort();
    }
    float *ra = routed, *rb = routed + block;
    __m256 sums[2 * K * K];
    double tail_sums[2 * K * K];
    for (int c = 0; c < d; c++) {
        const float *g = gradient + c * out_h * out_w;
        const uint8_t *chosen = first + c * out_h * out_w;
        for (int i = 0; i < 2 * K * K; i++) { sums[i] = _mm256_setzero_ps(); tail_sums[i] = 0; }
        double sum_a = 0, sum_b = 0;
        for (int y0 = 0; y0 < out_h; y0 += BLOCK_ROWS) {
            const int rows = out_h - y0 < BLOCK_ROWS ? out_h - y0 : BLOCK_ROWS;
            float block_sums[2];
            unveil_mfm_expand_halves(g + y0 * out_w, chosen + y0 * out_w, rows * out_w, ra, rb, block_sums);
            sum_a += block_sums[0];
            sum_b += block_sums[1];
            weight_gradient_block(padded + y0 * wp, wp, ra, rb, rows, out_w, sums, tail_sums);
        }
        bias_gradient[c] += sum_a;
        bias_gradient[c + d] += sum_b;
        for (int ky = 0; ky < K; ky++) {
            for (int kx = 0; kx < K; kx++) {
                weight_gradient[c * TAPS + ky * K + kx] += horizontal_sum(sums[ky * 2 * K + kx]) + tail_sums[ky * 2 * K + kx];
                weight_gradient[(c + d) * TAPS + ky * K + kx] +=
                    horizontal_sum(sums[ky * 2 * K + K + kx]) + tail_sums[ky * 2 * K + K + kx];
            }
        }
    }
    free(routed);
}

#else

int unveil_avx2_fma_available(void) { return 0; }

void unveil_mfm_conv5x5_forward(const float *padded, int wp, const float *weight, const float *bias, int d,
                                int out_h, int out_w, float *values, uint8_t *first) {
    (void)padded; (void)wp; (void)weight; (void)bias; (void)d; (void)out_h; (void)out_w; (void)values; (void)first;
}

void unveil_mfm_conv5x5_weight_gradient(const float *padded, int wp, const float *gradient, const uint8_t *first,
                                        int d, int out_h, int out_w, double *weight_gradient, double *bias_gradient) {
    (void)padded; (void)wp; (void)gradient; (void)first; (void)d; (void)out_h; (void)out_w;
    (void)weight_gradient; (void)bias_gradient;
}

#endif
