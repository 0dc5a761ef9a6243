#include "CKernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#include <stdint.h>

#define AVX2 __attribute__((target("avx2,fma")))

/// C[r, 0..<16] (+)= Σ_t A[r·ars + t·ats] · B[t·ldb + 0..<16] for r < rows (a constant at each
/// call, 1 … 6, so the 2·rows accumulators stay in registers): per t two vector loads of B and
/// one broadcast of A per row. `accumulate` starts from C instead of zero; `stream` writes C with
/// non-temporal stores (C and ldc 32-byte aligned; for a result read again only much later).
/// Unless `ahead` is NULL, one cache line of the `ahead_rows` rows at `ahead` (`ahead_stride`
/// apart, `count` floats each) is asked for every second t, so a block's next rows arrive while
/// it sums (a burst of them would overflow the outstanding-miss buffers).
AVX2 static inline __attribute__((always_inline)) void block(
    const float *a, long ars, long ats, const float *b, long ldb, int count, float *c, long ldc,
    int accumulate, int stream, const float *ahead, long ahead_stride, int ahead_rows, const int rows) {
    __m256 lo[6], hi[6];
    for (int r = 0; r < rows; r++) {
        lo[r] = accumulate ? _mm256_loadu_ps(c + r * ldc) : _mm256_setzero_ps();
        hi[r] = accumulate ? _mm256_loadu_ps(c + r * ldc + 8) : _mm256_setzero_ps();
    }
    const int lines_per_row = (count + 15) / 16;
    int ahead_row = ahead ? 0 : ahead_rows, ahead_line = 0;
    for (int t = 0; t < count; t++) {
        if ((t & 1) == 0 && ahead_row < ahead_rows) {
            _mm_prefetch((const char *)(ahead + ahead_row * ahead_stride + ahead_line * 16), _MM_HINT_T0);
            if (++ahead_line == lines_per_row) ahead_line = 0, ahead_row++;
        }
        const __m256 b0 = _mm256_loadu_ps(b + t * ldb), b1 = _mm256_loadu_ps(b + t * ldb + 8);
        const float *column = a + t * ats;
        for (int r = 0; r < rows; r++) {
            const __m256 s = _mm256_broadcast_ss(column + r * ars);
            lo[r] = _mm256_fmadd_ps(s, b0, lo[r]);
            hi[r] = _mm256_fmadd_ps(s, b1, hi[r]);
        }
    }
    for (int r = 0; r < rows; r++) {
        if (stream) {
            _mm256_stream_ps(c + r * ldc, lo[r]);
            _mm256_stream_ps(c + r * ldc + 8, hi[r]);
        } else {
            _mm256_storeu_ps(c + r * ldc, lo[r]);
            _mm256_storeu_ps(c + r * ldc + 8, hi[r]);
        }
    }
}

/// `block` for `rows` given at run time (1 … 6).
AVX2 static void block_ahead(int rows, const float *a, long ars, long ats, const float *b, long ldb, int count,
                             float *c, long ldc, int accumulate, int stream, const float *ahead, long ahead_stride,
                             int ahead_rows) {
    switch (rows) {
#define BLOCK(R) block(a, ars, ats, b, ldb, count, c, ldc, accumulate, stream, ahead, ahead_stride, ahead_rows, R)
    case 6: BLOCK(6); break;
    case 5: BLOCK(5); break;
    case 4: BLOCK(4); break;
    case 3: BLOCK(3); break;
    case 2: BLOCK(2); break;
    default: BLOCK(1); break;
#undef BLOCK
    }
}

/// `block_ahead` without rows to ask for.
AVX2 static inline void block_rows(int rows, const float *a, long ars, long ats, const float *b, long ldb, int count,
                                   float *c, long ldc, int accumulate, int stream) {
    block_ahead(rows, a, ars, ats, b, ldb, count, c, ldc, accumulate, stream, 0, 0, 0);
}

static inline int min_int(int a, int b) { return a < b ? a : b; }
static inline int max_int(int a, int b) { return a > b ? a : b; }

/// Weight rows per group claimed by a worker: forward (their sums stay in L1) and backward; the
/// forward's inputs per pass (xt's 16-column slice of them stays in L1); the data gradient's
/// weight rows per pass (their 16-column slice stays in L1); the weight gradient's columns per
/// pass (x's slice of them stays in L1).
enum { forward_group = 48, forward_chunk = 256, backward_group = 32, data_chunk = 256, weight_columns = 64 };

/// Asks for `count` floats of a weight row in L1 ahead of their use.
static inline void prefetch_row(const float *row, int count) {
    for (int k = 0; k < count; k += 16) _mm_prefetch((const char *)(row + k), _MM_HINT_T0);
}

/// Claims the next group of `size` weight rows, from the front of the `out` rows or from the
/// back (`ends` packs the groups taken at each: front << 32 | back): [*j0, *j1), or 0 when the
/// ends have met. Taken from one end, a worker's rows run on from group to group, so what it
/// asks for ahead is usually its own.
static inline int claim_rows(long long *ends, int from_back, int size, int out, int *j0, int *j1) {
    const long long groups = ((long long)out + size - 1) / size;
    long long old = __atomic_load_n(ends, __ATOMIC_RELAXED), taken;
    long long group;
    do {
        const long long front = old >> 32, back = old & 0xffffffffLL;
        if (front + back >= groups) return 0;
        group = from_back ? groups - 1 - back : front;
        taken = from_back ? old + 1 : old + (1LL << 32);
    } while (!__atomic_compare_exchange_n(ends, &old, taken, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    *j0 = (int)(group * size);
    *j1 = min_int(out, *j0 + size);
    return 1;
}

/// The weight row a worker reaches `ahead` rows after row j of its group [g0, g1), taken from
/// the front (the next group up) or the back (the group below).
static inline int row_ahead(int j, int ahead, int g0, int g1, int size, int from_back) {
    const int r = j + ahead;
    return r < g1 || !from_back ? r : g0 - size + (r - g1);
}

AVX2 void unveil_linear_forward(const float *x, int n, int in, const float *weight, const float *bias, int out,
                                long long *ends, int from_back, float *y, float *scratch) {
    // xt = x transposed, its columns zero-padded to np (a multiple of 16); then, for each group
    // of weight rows claimed, sums[j][i] = Σ_k weight[j, k] · xt[k, i] (weight rows broadcast,
    // xt's rows loaded; sums stays in L1), transposed into y.
    const int np = (n + 15) / 16 * 16;
    float *xt = scratch, *sums = scratch + (long)in * np;
    for (int k = 0; k < in; k++) {
        for (int i = 0; i < n; i++) xt[(long)k * np + i] = x[(long)i * in + k];
        for (int i = n; i < np; i++) xt[(long)k * np + i] = 0;
    }
    int g0, g1, first = 1;
    for (; claim_rows(ends, from_back, forward_group, out, &g0, &g1); first = 0) {
        for (int k0 = 0; k0 < in; k0 += forward_chunk) {
            const int count = min_int(forward_chunk, in - k0);
            // The group's first two blocks now, unless asked for already (the running prefetch
            // below asks two blocks ahead, into the worker's next group).
            if (first || k0 > 0) {
                for (int r = g0; r < min_int(g0 + 12, g1); r++) prefetch_row(weight + (long)r * in + k0, count);
            }
            for (int j = g0; j < g1; j += 6) {
                // Two blocks ahead, the weight rows on their way while this block is summed.
                const int next = row_ahead(j, 12, g0, g1, forward_group, from_back);
                const int ahead_rows = next < 0 || next >= out ? 0 : min_int(6, out - next);
                const float *ahead = ahead_rows ? weight + (long)next * in + k0 : 0;
                for (int i = 0; i < np; i += 16) {
                    block_ahead(min_int(6, g1 - j), weight + (long)j * in + k0, in, 1, xt + (long)k0 * np + i, np, count,
                                sums + (long)(j - g0) * np + i, np, k0 > 0, 0, i == 0 ? ahead : 0, in, ahead_rows);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            float *row = y + (long)i * out;
            for (int j = g0; j < g1; j++) row[j] = (bias ? bias[j] : 0) + sums[(long)(j - g0) * np + i];
        }
    }
}

AVX2 void unveil_linear_backward(const float *g, int n, int out, const float *x, const float *weight, int in,
                                 long long *ends, int from_back, long long *next_column, float *dx, float *dw,
                                 float *db) {
    const int stream = (((uintptr_t)dw) & 31) == 0;
    int j0, j1;
    while (claim_rows(ends, from_back, backward_group, out, &j0, &j1)) {
        if (db) {  // the bias gradient, g's column sums, while g's rows are at hand
            for (int j = j0; j < j1; j++) db[j] = 0;
            for (int i = 0; i < n; i++) {
                for (int j = j0; j < j1; j++) db[j] += g[(long)i * out + j];
            }
        }
        // dw[j, c] = Σ_i g[i, j] · x[i, c]: g broadcast down its columns, x's rows loaded (64 of
        // its columns stay in L1 across the group's rows); dw streams out, read only by the
        // optimizer step much later.
        for (int c0 = 0; c0 < in; c0 += weight_columns) {
            const int c1 = min_int(in, c0 + weight_columns);
            for (int j = j0; j < j1; j += 4) {
                for (int c = c0; c < c1; c += 16) {
                    block_rows(min_int(4, j1 - j), g + j, 1, out, x + c, in, n, dw + (long)j * in + c, in, 0, stream);
                }
            }
        }
    }
    if (stream) _mm_sfence();
    if (!dx) return;
    // Then 16-column blocks of dx, claimed in turn: dx[i, c] = Σ_j g[i, j] · weight[j, c] over
    // all rows j in a fixed order (chunks of them, each chunk's 16-column slice of the weight
    // in L1 for all of dx's row blocks), so the sum does not depend on which worker took which
    // block: g broadcast, weight rows loaded.
    for (long c; (c = 16 * __atomic_fetch_add(next_column, 1, __ATOMIC_RELAXED)) < in;) {
        for (int j0 = 0; j0 < out; j0 += data_chunk) {
            const int count = min_int(data_chunk, out - j0);
            for (int i = 0; i < n; i += 6) {
                block_rows(min_int(6, n - i), g + (long)i * out + j0, out, 1, weight + (long)j0 * in + c, in, count,
                           dx + (long)i * in + c, in, j0 > 0, 0);
            }
        }
    }
}

#else

void unveil_linear_forward(const float *x, int n, int in, const float *weight, const float *bias, int out,
                           long long *ends, int from_back, float *y, float *scratch) {
    (void)x; (void)n; (void)in; (void)weight; (void)bias; (void)out; (void)ends; (void)from_back; (void)y; (void)scratch;
}

void unveil_linear_backward(const float *g, int n, int out, const float *x, const float *weight, int in,
                            long long *ends, int from_back, long long *next_column, float *dx, float *dw, float *db) {
    (void)g; (void)n; (void)out; (void)x; (void)weight; (void)in; (void)ends; (void)from_back; (void)next_column;
    (void)dx; (void)dw; (void)db;
}

#endif
