#include "CImageCodecs.h"
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// State shared with libpng's callbacks. libpng reports errors by calling
/// `png_error_fn`, which must not return: it longjmps back to the `setjmp` in the
/// caller, so no error ever reaches libpng's default handler (which aborts).
typedef struct {
    jmp_buf jump;
    char message[200];
    int truncated;
    const unsigned char *data;  // (size,) input for decoding
    size_t size;
    size_t offset;
    unsigned char *out;         // (capacity,) growing output for encoding
    size_t out_size;
    size_t out_capacity;
    int out_of_memory;
} png_context;

static void on_png_error(png_structp png, png_const_charp message) {
    png_context *context = (png_context *)png_get_error_ptr(png);
    snprintf(context->message, sizeof context->message, "%s", message);
    longjmp(context->jump, 1);
}

static void on_png_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;  // ancillary problems (bad sRGB profile, …) do not stop decoding
}

static void read_from_memory(png_structp png, png_bytep destination, size_t length) {
    png_context *context = (png_context *)png_get_io_ptr(png);
    if (context->size - context->offset < length) {
        context->truncated = 1;
        png_error(png, "data ends before the image does");
    }
    memcpy(destination, context->data + context->offset, length);
    context->offset += length;
}

static void write_to_memory(png_structp png, png_bytep source, size_t length) {
    png_context *context = (png_context *)png_get_io_ptr(png);
    if (context->out_capacity - context->out_size < length) {
        size_t capacity = context->out_capacity ? context->out_capacity : 4096;
        while (capacity - context->out_size < length) capacity *= 2;
        unsigned char *grown = realloc(context->out, capacity);
        if (grown == NULL) {
            context->out_of_memory = 1;
            png_error(png, "out of memory while encoding");
        }
        context->out = grown;
        context->out_capacity = capacity;
    }
    memcpy(context->out + context->out_size, source, length);
    context->out_size += length;
}

static void flush_memory(png_structp png) { (void)png; }

int unveil_png_decode(const unsigned char *data, size_t size, unveil_decoded_image *out) {
    memset(out, 0, sizeof *out);
    if (data == NULL) return UNVEIL_CODEC_INVALID_ARGUMENT;
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        snprintf(out->message, sizeof out->message, "missing PNG signature");
        return size < 8 ? UNVEIL_CODEC_TRUNCATED : UNVEIL_CODEC_CORRUPT;
    }
    png_context context;
    memset(&context, 0, sizeof context);
    context.data = data;
    context.size = size;

    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, on_png_error, on_png_warning);
    if (png == NULL) return UNVEIL_CODEC_NO_MEMORY;
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        return UNVEIL_CODEC_NO_MEMORY;
    }
    // Written after setjmp, read after longjmp: must be volatile.
    unsigned char *volatile raw = NULL;        // (height, rowbytes)
    png_bytep *volatile rows = NULL;           // (height,)
    float *volatile pixels = NULL;             // (height, width, channels)
    volatile int status = UNVEIL_CODEC_CORRUPT;

    if (setjmp(context.jump)) {
        free(raw);
        free(rows);
        free(pixels);
        png_destroy_read_struct(&png, &info, NULL);
        snprintf(out->message, sizeof out->message, "%s", context.message);
        return context.truncated ? UNVEIL_CODEC_TRUNCATED : status;
    }
    png_set_read_fn(png, &context, read_from_memory);
    png_set_user_limits(png, 1u << 16, 1u << 16);
    png_read_info(png, info);

    png_uint_32 width = png_get_image_width(png, info);
    png_uint_32 height = png_get_image_height(png, info);
    int color_type = png_get_color_type(png, info);
    int bit_depth = png_get_bit_depth(png, info);

    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    int channels = png_get_channels(png, info);
    int depth = png_get_bit_depth(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    size_t samples = (size_t)width * height * (size_t)channels;
    if (samples > UNVEIL_MAX_SAMPLES) {
        status = UNVEIL_CODEC_TOO_LARGE;
        png_error(png, "image too large");
    }
    raw = malloc(rowbytes * height);
    rows = malloc(sizeof(png_bytep) * height);
    pixels = malloc(sizeof(float) * samples);
    if (raw == NULL || rows == NULL || pixels == NULL) {
        status = UNVEIL_CODEC_NO_MEMORY;
        png_error(png, "out of memory");
    }
    for (png_uint_32 y = 0; y < height; y++) rows[y] = raw + rowbytes * y;
    png_read_image(png, rows);
    png_read_end(png, NULL);  // checks the remaining chunks' CRCs and IEND

    size_t per_row = (size_t)width * channels;
    for (png_uint_32 y = 0; y < height; y++) {
        const unsigned char *row = rows[y];
        float *target = pixels + per_row * y;
        if (depth == 16) {
            for (size_t i = 0; i < per_row; i++)
                target[i] = (float)((row[2 * i] << 8) | row[2 * i + 1]) / 65535.0f;
        } else {
            for (size_t i = 0; i < per_row; i++) target[i] = (float)row[i] / 255.0f;
        }
    }
    free(raw);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    out->width = (int)width;
    out->height = (int)height;
    out->channels = channels;
    out->bit_depth = depth;
    out->pixels = pixels;
    return UNVEIL_CODEC_OK;
}

static unsigned quantize(float value, unsigned maximum) {
    if (!(value > 0.0f)) return 0;  // also NaN
    if (value >= 1.0f) return maximum;
    return (unsigned)(value * (float)maximum + 0.5f);
}

int unveil_png_encode(const float *pixels, int width, int height, int channels, int bit_depth,
                      unveil_encoded_image *out) {
    memset(out, 0, sizeof *out);
    if (pixels == NULL || width <= 0 || height <= 0 || channels < 1 || channels > 4
        || (bit_depth != 8 && bit_depth != 16)) {
        snprintf(out->message, sizeof out->message, "invalid arguments (%dx%d, %d channels, %d bit)",
                 width, height, channels, bit_depth);
        return UNVEIL_CODEC_INVALID_ARGUMENT;
    }
    static const int color_types[] = {
        PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};
    png_context context;
    memset(&context, 0, sizeof context);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &context, on_png_error, on_png_warning);
    if (png == NULL) return UNVEIL_CODEC_NO_MEMORY;
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        return UNVEIL_CODEC_NO_MEMORY;
    }
    size_t bytes_per_sample = (size_t)bit_depth / 8;
    size_t rowbytes = (size_t)width * channels * bytes_per_sample;
    unsigned char *volatile row = NULL;  // (rowbytes,)

    if (setjmp(context.jump)) {
        free(row);
        free(context.out);
        png_destroy_write_struct(&png, &info);
        snprintf(out->message, sizeof out->message, "%s", context.message);
        return context.out_of_memory ? UNVEIL_CODEC_NO_MEMORY : UNVEIL_CODEC_CORRUPT;
    }
    png_set_write_fn(png, &context, write_to_memory, flush_memory);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, bit_depth, color_types[channels - 1],
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    row = malloc(rowbytes);
    if (row == NULL) {
        context.out_of_memory = 1;
        png_error(png, "out of memory");
    }
    size_t per_row = (size_t)width * channels;
    for (int y = 0; y < height; y++) {
        const float *source = pixels + per_row * (size_t)y;
        if (bit_depth == 16) {
            for (size_t i = 0; i < per_row; i++) {
                unsigned value = quantize(source[i], 65535);
                row[2 * i] = (unsigned char)(value >> 8);
                row[2 * i + 1] = (unsigned char)(value & 0xff);
            }
        } else {
            for (size_t i = 0; i < per_row; i++) row[i] = (unsigned char)quantize(source[i], 255);
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    free(row);
    png_destroy_write_struct(&png, &info);
    out->bytes = context.out;
    out->size = context.out_size;
    return UNVEIL_CODEC_OK;
}
