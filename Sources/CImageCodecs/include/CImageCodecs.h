#ifndef UNVEIL_CIMAGECODECS_H
#define UNVEIL_CIMAGECODECS_H

#include <stddef.h>

/// Versions of the linked codec libraries (for `unveil doctor`).
const char *unveil_png_version(void);
int unveil_jpeg_version(void);

/// Result codes of the decode and encode functions. The libraries' own
/// `longjmp`/`exit` error paths are caught inside this target and come back as
/// one of these, with a one-line reason in the `message` field.
typedef enum {
    UNVEIL_CODEC_OK = 0,
    UNVEIL_CODEC_CORRUPT = 1,      ///< the library rejected the data
    UNVEIL_CODEC_TRUNCATED = 2,    ///< the data ended before the image did
    UNVEIL_CODEC_UNSUPPORTED = 3,  ///< valid file, but a layout we do not decode (e.g. CMYK JPEG)
    UNVEIL_CODEC_TOO_LARGE = 4,    ///< dimensions over the safety cap
    UNVEIL_CODEC_NO_MEMORY = 5,
    UNVEIL_CODEC_INVALID_ARGUMENT = 6
} unveil_codec_status;

/// Largest number of samples (width·height·channels) a decode will allocate.
#define UNVEIL_MAX_SAMPLES ((size_t)1 << 28)

/// A decoded image: interleaved samples in [0, 1], row-major.
/// - Shape: `pixels[(y·width + x)·channels + c]`, channels 1 (gray), 2 (gray+alpha),
///   3 (RGB) or 4 (RGBA).
typedef struct {
    int width;
    int height;
    int channels;
    int bit_depth;    ///< bit depth of the stored samples (8 or 16; 1/2/4-bit gray reports 8)
    float *pixels;    ///< malloc'd; release with `unveil_decoded_free`
    char message[200];
} unveil_decoded_image;

/// A PNG byte stream produced by `unveil_png_encode`.
typedef struct {
    unsigned char *bytes;  ///< malloc'd; release with `unveil_encoded_free`
    size_t size;
    char message[200];
} unveil_encoded_image;

/// Decodes a PNG held in memory (any colour type and bit depth; palette and tRNS
/// expand to RGB(A), 1/2/4-bit gray to 8-bit, interlacing is undone).
int unveil_png_decode(const unsigned char *data, size_t size, unveil_decoded_image *out);

/// Decodes a baseline or progressive JPEG held in memory to gray or RGB
/// (libjpeg defaults: integer slow DCT, fancy upsampling).
int unveil_jpeg_decode(const unsigned char *data, size_t size, unveil_decoded_image *out);

/// Encodes interleaved samples in [0, 1] (clamped, NaN → 0, rounded to nearest)
/// as a PNG with 1–4 channels and bit depth 8 or 16.
int unveil_png_encode(const float *pixels, int width, int height, int channels, int bit_depth,
                      unveil_encoded_image *out);

void unveil_decoded_free(unveil_decoded_image *image);
void unveil_encoded_free(unveil_encoded_image *image);

#endif
