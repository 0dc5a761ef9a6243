/* Plain C sgemm timing on the same OpenBLAS as unveil (2048³, 5 runs after a warm-up,
   median), to check that `unveil doctor` reaches the library's own speed. */
#include <cblas.h>
char *openblas_get_corename(void);
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void) {
    const int n = 2048, runs = 5;
    float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n), *c = malloc(sizeof(float) * n * n);
    for (long i = 0; i < (long)n * n; i++) { a[i] = (float)(i % 7) * 0.1f - 0.3f; b[i] = (float)(i % 5) * 0.1f - 0.2f; }
    double times[5];
    for (int r = -1; r < runs; r++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (r >= 0) times[r] = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
    }
    qsort(times, runs, sizeof(double), compare);
    printf("C reference: kernel %s, sgemm %d³ %.1f GFLOP/s (median of %d)\n",
           openblas_get_corename(), n, 2.0 * n * n * n / times[runs / 2] / 1e9, runs);
    free(a); free(b); free(c);
    return 0;
}
