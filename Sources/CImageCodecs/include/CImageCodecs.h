#ifndef UNVEIL_CIMAGECODECS_H
#define UNVEIL_CIMAGECODECS_H

/// Versions of the linked codec libraries (for `unveil doctor`).
const char *unveil_png_version(void);
int unveil_jpeg_version(void);

#endif
