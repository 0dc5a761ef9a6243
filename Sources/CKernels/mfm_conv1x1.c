#include "CKernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AVX2 __attribute__((target("avx2,fma")))

enum { PAIRS = 2 };

/// Stores the max-feature-map of one pair's accumulators (first half `a`, second `b`) for 8 pixels.
AVX2 static inline __attribute__((always_inline)) void store_max(__m256 a, __m256 b, float *values, uint8_t *first) {
    const __m256 take_first = _mm256_cmp_ps(a, b, _CMP_GE_OQ);
    _mm256_storeu_ps(values, _mm256_blendv_ps(b, a, take_first));
    const int bits = _mm256_movemask_ps(take_first);  // bit i: lane i took the first half
    for (int i = 0; i < 8; i++) first[i] = (uint8_t)((bits >> i) & 1);
}

/// `vectors` × 8 pixels of `pairs` channel pairs (1 or 2, and 1 or 2: constants at each call)
/// over all input channels, then their max-feature-map. The eight accumulators are named
/// variables, and no more than eight: with twelve, clang spills some to the stack on every
/// channel. `packed` holds the block's inputs, [c, 16] (one cache line per channel, in L1 for
/// every pair).
AVX2 static inline __attribute__((always_inline)) void block(
    const float *packed, int c, int plane, const float *weight, const float *bias, int d, int pair, const int pairs,
    const int vectors, float *values, uint8_t *first) {
    __m256 a00 = _mm256_set1_ps(bias[pair]), b00 = _mm256_set1_ps(bias[pair + d]), a01 = a00, b01 = b00;
    __m256 a10 = a00, b10 = b00, a11 = a00, b11 = b00;
    if (pairs == PAIRS) {
        a10 = a11 = _mm256_set1_ps(bias[pair + 1]);
        b10 = b11 = _mm256_set1_ps(bias[pair + 1 + d]);
    }
    const float *wa = weight + pair * c, *wb = weight + (pair + d) * c;
    for (int k = 0; k < c; k++) {
        const __m256 x0 = _mm256_load_ps(packed + k * 16);
        const __m256 x1 = vectors == 2 ? _mm256_load_ps(packed + k * 16 + 8) : x0;
        __m256 u = _mm256_broadcast_ss(wa + k), w = _mm256_broadcast_ss(wb + k);
        a00 = _mm256_fmadd_ps(u, x0, a00);
        b00 = _mm256_fmadd_ps(w, x0, b00);
        if (vectors == 2) { a01 = _mm256_fmadd_ps(u, x1, a01); b01 = _mm256_fmadd_ps(w, x1, b01); }
        if (pairs == PAIRS) {
            u = _mm256_broadcast_ss(wa + c + k);
            w = _mm256_broadcast_ss(wb + c + k);
            a10 = _mm256_fmadd_ps(u, x0, a10);
            b10 = _mm256_fmadd_ps(w, x0, b10);
            if (vectors == 2) { a11 = _mm256_fmadd_ps(u, x1, a11); b11 = _mm256_fmadd_ps(w, x1, b11); }
        }
    }
    float *v = values + pair * plane;
    uint8_t *f = first + pair * plane;
    store_max(a00, b00, v, f);
    if (vectors == 2) store_max(a01, b01, v + 8, f + 8);
    if (pairs == PAIRS) {
        store_max(a10, b10, v + plane, f + plane);
        if (vectors == 2) store_max(a11, b11, v + plane + 8, f + plane + 8);
    }
}

/// All channel pairs for one block of `vectors` × 8 pixels starting at `p`.
AVX2 static inline __attribute__((always_inline)) void pixel_block(
    const float *x, int c, int plane, const float *weight, const float *bias, int d, int p, const int vectors,
    float *packed, float *values, uint8_t *first) {
    for (int k = 0; k < c; k++) {
        const float *row = x + k * plane + p;
        for (int v = 0; v < vectors; v++) _mm256_store_ps(packed + k * 16 + 8 * v, _mm256_loadu_ps(row + 8 * v));
        // The next block's inputs: rows a plane apart cross pages, which the hardware prefetchers
        // do not follow.
        _mm_prefetch((const char *)(row + 16), _MM_HINT_T0);
        _mm_prefetch((const char *)(row + 31), _MM_HINT_T0);
    }
    int pair = 0;
    for (; pair + PAIRS <= d; pair += PAIRS) block(packed, c, plane, weight, bias, d, pair, PAIRS, vectors, values + p, first + p);
    for (; pair < d; pair++) block(packed, c, plane, weight, bias, d, pair, 1, vectors, values + p, first + p);
}

AVX2 void unveil_mfm_conv1x1_forward(const float *x, int c, int plane, const float *weight, const float *bias, int d,
                                     float *values, uint8_t *first) {
    float *packed = aligned_alloc(32, (size_t)c * 16 * sizeof(float));
    if (!packed) {  // out of memory: stop rather than return gradients never computed
        fputs("unveil: out of memory in a CKernels kernel\n", stderr);
        abort();
    }
    int p = 0;
    for (; p + 16 <= plane; p += 16) pixel_block(x, c, plane, weight, bias, d, p, 2, packed, values, first);
    for (; p + 8 <= plane; p += 8) pixel_block(x, c, plane, weight, bias, d, p, 1, packed, values, first);
    free(packed);
    for (; p < plane; p++) {  // scalar tail
        for (int j = 0; j < d; j++) {
            float u = bias[j], v = bias[j + d];
            for (int k = 0; k < c; k++) {
                u += weight[j * c + k] * x[k * plane + p];
                v += weight[(j + d) * c + k] * x[k * plane + p];
            }
            values[j * plane + p] = u >= v ? u : v;
            first[j * plane + p] = u >= v;
        }
    }
}

AVX2 void unveil_mfm_expand_halves(const float *gradient, const uint8_t *first, int count, float *first_half,
                                   float *second_half, float *sums) {
    __m256 sum_a = _mm256_setzero_ps(), sum_b = _mm256_setzero_ps();
    int i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 g = _mm256_loadu_ps(gradient + i);
        uint64_t bytes;
        memcpy(&bytes, first + i, 8);
        const __m256i flags = _mm256_cvtepu8_epi32(_mm_cvtsi64_si128((long long)bytes));
        const __m256 take_first = _mm256_castsi256_ps(_mm256_cmpgt_epi32(flags, _mm256_setzero_si256()));
        const __m256 a = _mm256_and_ps(take_first, g), b = _mm256_andnot_ps(take_first, g);
        _mm256_storeu_ps(first_half + i, a);
        _mm256_storeu_ps(second_half + i, b);
        sum_a = _mm256_add_ps(sum_a, a);
        sum_b = _mm256_add_ps(sum_b, b);
    }
    float lanes_a[8], lanes_b[8];
    _mm256_storeu_ps(lanes_a, sum_a);
    _mm256_storeu_ps(lanes_b, sum_b);
    float total_a = 0, total_b = 0;
    for (int lane = 0; lane < 8; lane++) { total_a += lanes_a[lane]; total_b += lanes_b[lane]; }
    for (; i < count; i++) {
        const int is_first = first[i] != 0;
        first_half[i] = is_first ? gradient[i] : 0;
        second_half[i] = is_first ? 0 : gradient[i];
        total_a += first_half[i];
        total_b += second_half[i];
    }
    sums[0] = total_a;
    sums[1] = total_b;
}

#else

void unveil_mfm_expand_halves(const float *gradient, const uint8_t *first, int count, float *first_half,
                              float *second_half, float *sums) {
    (void)gradient; (void)first; (void)count; (void)first_half; (void)second_half; (void)sums;
}

void unveil_mfm_conv1x1_forward(const float *x, int c, int plane, const float *weight, const float *bias, int d,
                                float *values, uint8_t *first) {
    (void)x; (void)c; (void)plane; (void)weight; (void)bias; (void)d; (void)values; (void)first;
}

#endif
