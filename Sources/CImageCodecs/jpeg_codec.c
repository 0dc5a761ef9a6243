#include "CImageCodecs.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

/// libjpeg's default `error_exit` calls `exit()`. Ours formats the message and
/// longjmps back to `unveil_jpeg_decode`; warnings are recorded, and a premature
/// end of data (which libjpeg papers over with a fake EOI marker) marks the
/// result as truncated.
typedef struct {
    struct jpeg_error_mgr base;  // must be first: libjpeg hands us a pointer to it
    jmp_buf jump;
    char message[200];
    int truncated;
} jpeg_context;

static void on_jpeg_error(j_common_ptr info) {
    jpeg_context *context = (jpeg_context *)info->err;
    (*info->err->format_message)(info, context->message);
    longjmp(context->jump, 1);
}

static void on_jpeg_message(j_common_ptr info, int level) {
    jpeg_context *context = (jpeg_context *)info->err;
    if (level < 0 && info->err->msg_code == JWRN_JPEG_EOF) {
        context->truncated = 1;
        (*info->err->format_message)(info, context->message);
    }
    if (level < 0) info->err->num_warnings++;
}

static void on_jpeg_output(j_common_ptr info) { (void)info; }  // never print to stderr

int unveil_jpeg_decode(const unsigned char *data, size_t size, unveil_decoded_image *out) {
    memset(out, 0, sizeof *out);
    if (data == NULL) return UNVEIL_CODEC_INVALID_ARGUMENT;
    if (size < 3) {
        snprintf(out->message, sizeof out->message, "too short for a JPEG");
        return UNVEIL_CODEC_TRUNCATED;
    }
    struct jpeg_decompress_struct info;
    jpeg_context context;
    memset(&context, 0, sizeof context);
    info.err = jpeg_std_error(&context.base);
    context.base.error_exit = on_jpeg_error;
    context.base.emit_message = on_jpeg_message;
    context.base.output_message = on_jpeg_output;

    unsigned char *volatile row = NULL;  // (width·components,)
    float *volatile pixels = NULL;       // (height, width, channels)
    volatile int status = UNVEIL_CODEC_CORRUPT;

    if (setjmp(context.jump)) {
        free(row);
        free(pixels);
        jpeg_destroy_decompress(&info);
        snprintf(out->message, sizeof out->message, "%s", context.message);
        return context.truncated ? UNVEIL_CODEC_TRUNCATED : status;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    if (context.truncated) longjmp(context.jump, 1);
    switch (info.jpeg_color_space) {
    case JCS_GRAYSCALE:
        info.out_color_space = JCS_GRAYSCALE;
        break;
    case JCS_YCbCr:
    case JCS_RGB:
        info.out_color_space = JCS_RGB;
        break;
    default:
        status = UNVEIL_CODEC_UNSUPPORTED;
        snprintf(context.message, sizeof context.message,
                 "colour space %d (CMYK/YCCK) is not supported", (int)info.jpeg_color_space);
        longjmp(context.jump, 1);
    }
    size_t samples = (size_t)info.image_width * info.image_height * (info.out_color_space == JCS_RGB ? 3 : 1);
    if (samples > UNVEIL_MAX_SAMPLES) {
        status = UNVEIL_CODEC_TOO_LARGE;
        snprintf(context.message, sizeof context.message, "image too large (%ux%u)",
                 info.image_width, info.image_height);
        longjmp(context.jump, 1);
    }
    jpeg_start_decompress(&info);
    size_t per_row = (size_t)info.output_width * info.output_components;
    row = malloc(per_row);
    pixels = malloc(sizeof(float) * per_row * info.output_height);
    if (row == NULL || pixels == NULL) {
        status = UNVEIL_CODEC_NO_MEMORY;
        snprintf(context.message, sizeof context.message, "out of memory");
        longjmp(context.jump, 1);
    }
    while (info.output_scanline < info.output_height) {
        size_t y = info.output_scanline;
        JSAMPROW rows[1] = {row};
        jpeg_read_scanlines(&info, rows, 1);
        for (size_t i = 0; i < per_row; i++) pixels[per_row * y + i] = (float)row[i] / 255.0f;
    }
    jpeg_finish_decompress(&info);
    if (context.truncated) {
        status = UNVEIL_CODEC_TRUNCATED;
        longjmp(context.jump, 1);
    }
    out->width = (int)info.output_width;
    out->height = (int)info.output_height;
    out->channels = info.output_components;
    out->bit_depth = 8;
    out->pixels = pixels;
    free(row);
    jpeg_destroy_decompress(&info);
    return UNVEIL_CODEC_OK;
}
