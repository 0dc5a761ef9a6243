#include "CImageCodecs.h"
#include <stdio.h>
#include <stdlib.h>
#include <png.h>
#include <jpeglib.h>

const char *unveil_png_version(void) { return png_get_header_ver(NULL); }
int unveil_jpeg_version(void) { return LIBJPEG_TURBO_VERSION_NUMBER; }

void unveil_decoded_free(unveil_decoded_image *image) {
    if (image == NULL) return;
    free(image->pixels);
    image->pixels = NULL;
}

void unveil_encoded_free(unveil_encoded_image *image) {
    if (image == NULL) return;
    free(image->bytes);
    image->bytes = NULL;
    image->size = 0;
}
