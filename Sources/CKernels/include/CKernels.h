#ifndef UNVEIL_CKERNELS_H
#define UNVEIL_CKERNELS_H

#include <stdint.h>

/// Vector kernels that need instructions Swift cannot select per function (AVX2 + FMA).
/// Each is compiled for those instructions only; callers check
/// `unveil_avx2_fma_available()` first and use their portable path otherwise.

/// 1 when this CPU (and build) can run the kernels below, 0 otherwise.
int unveil_avx2_fma_available(void);

/// LightCNN's first layer for one sample: a 5×5 stride-1 convolution of one input plane to
/// 2·d channels, plus bias, then the maximum of channels c and c + d (first wins ties).
/// `padded` is the zero-padded input plane, `wp` floats wide, (out_h + 4) rows; `weight`
/// [2d, 25], `bias` [2d]. Writes `values` and `first` [d, out_h·out_w]; `first` is 1 where the
/// first half won, 0 where the second did.
void unveil_mfm_conv5x5_forward(const float *padded, int wp, const float *weight, const float *bias, int d,
                                int out_h, int out_w, float *values, uint8_t *first);

/// Weight and bias gradients of `unveil_mfm_conv5x5_forward` for one sample, added to
/// `weight_gradient` [2d, 25] and `bias_gradient` [2d]: each output gradient goes to the half
/// `first` names. `gradient` and `first` are [d, out_h·out_w] as written by the forward.
void unveil_mfm_conv5x5_weight_gradient(const float *padded, int wp, const float *gradient, const uint8_t *first,
                                        int d, int out_h, int out_w, double *weight_gradient, double *bias_gradient);

/// A 1×1 convolution of one sample to 2·d channels, plus bias, then the maximum of channels c
/// and c + d (first wins ties), as LightCNN's `conv_a` layers: `x` [c, plane], `weight` [2d, c],
/// `bias` [2d]. Writes `values` and `first` [d, plane] as `unveil_mfm_conv5x5_forward` does.
void unveil_mfm_conv1x1_forward(const float *x, int c, int plane, const float *weight, const float *bias, int d,
                                float *values, uint8_t *first);

/// The backward routing of a max-feature-map for `count` outputs: each gradient to the half
/// `first` names (1: first), zero to the other; `sums` gets the two halves' totals.
void unveil_mfm_expand_halves(const float *gradient, const uint8_t *first, int count, float *first_half,
                              float *second_half, float *sums);

/// Direct stride-1 convolution from one zero-padded source plane (`wp` floats wide) into
/// `outputs` (1 … 4) planes of `out_h × out_w` at once: out[j][y][x] += Σ taps[j·tap_stride +
/// ky·k + kx] · padded[(y + ky)·wp + x + kx]. The input loads are shared by the outputs.
void unveil_direct_conv_accumulate(const float *padded, int wp, const float *taps, int tap_stride, int k,
                                   int outputs, int out_h, int out_w, float *out);

/// Weight gradient of `unveil_direct_conv_accumulate` for one source plane: sums[j·k² + ky·k + kx]
/// += Σ gradient[j][y][x] · padded[(y + ky)·wp + x + kx] for the `outputs` (1 … 4) gradient
/// planes of `out_h × out_w`.
void unveil_direct_conv_weight_gradient(const float *padded, int wp, const float *gradient, int k, int outputs,
                                        int out_h, int out_w, double *sums);

/// A fully connected layer over few rows (a classifier's batch): y[i, j] = bias[j] +
/// Σ_k x[i, k] · weight[j, k] for i < n (`bias` may be NULL). `x` [n, in], `weight` [out, in],
/// `y` [n, out]. Several threads may call it at once with the same `ends` (starting at 0):
/// each claims groups of weight rows from the front (`from_back` 0) or the back of the rows until
/// the two ends meet, so a thread that starts late does less. `scratch` (one per thread) holds
/// (in + 48)·np floats, np = n rounded up to a multiple of 16.
void unveil_linear_forward(const float *x, int n, int in, const float *weight, const float *bias, int out,
                           long long *ends, int from_back, float *y, float *scratch);

/// Gradients of `unveil_linear_forward` from the output gradient `g` [n, out], shared out as it
/// is: each thread first claims row groups (same `ends` protocol) and writes their rows of `dw`
/// [out, in], dw[j, :] = Σ_i g[i, j] · x[i, :], and, unless `db` is NULL, their bias gradient
/// db[j] = Σ_i g[i, j]; then, unless `dx` is NULL, it claims 16-column blocks of the input
/// gradient `dx` [n, in] from `next_column` (starting at 0) and writes them, Σ over all rows j
/// of g[i, j] · weight[j, :], summed in a fixed order (the same bits whichever thread took which
/// block). `in` is a multiple of 16.
void unveil_linear_backward(const float *g, int n, int out, const float *x, const float *weight, int in,
                            long long *ends, int from_back, long long *next_column, float *dx, float *dw, float *db);

#endif
