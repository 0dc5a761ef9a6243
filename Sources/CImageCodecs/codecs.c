#include "CImageCodecs.h"
#include <stdio.h>
#include <png.h>
#include <jpeglib.h>

const char *unveil_png_version(void) { return png_get_header_ver(NULL); }
int unveil_jpeg_version(void) { return LIBJPEG_TURBO_VERSION_NUMBER; }
