#!/usr/bin/env python3
"""Writes the Imaging test fixtures to Tests/Fixtures/imaging/.

PNGs are encoded by a minimal writer below (zlib + struct, independent of
libpng) so every colour type and bit depth is exact. JPEGs are written and
decoded by Pillow (its own bundled libjpeg). Resize references come from
Pillow's float ("F") mode, warp and similarity references from scikit-image.
Expected values go to expected.json; library versions to versions.json.

Usage: python3 scripts/make_imaging_fixtures.py   (needs numpy, pillow, scikit-image)
"""
import io
import json
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
import PIL
import skimage
from PIL import Image, features
from skimage import transform

OUT = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "imaging"


def chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png_bytes(rows, width, height, color_type, bit_depth, palette=None, trns=None, adam7_samples=None):
    """rows: list of bytes (one per row, without the filter byte). For an interlaced
    8-bit file pass adam7_samples, a (H, W, channels) uint8 array, instead."""
    if adam7_samples is None:
        raw = b"".join(b"\x00" + row for row in rows)
    else:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            sub = adam7_samples[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                raw += b"".join(b"\x00" + bytes(row.flatten().tolist()) for row in sub)
    data = b"\x89PNG\r\n\x1a\n"
    interlace = 0 if adam7_samples is None else 1
    data += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, interlace))
    if palette is not None:
        data += chunk(b"PLTE", bytes(v for rgb in palette for v in rgb))
    if trns is not None:
        data += chunk(b"tRNS", trns)
    data += chunk(b"IDAT", zlib.compress(raw, 9))
    data += chunk(b"IEND", b"")
    return data


def pack(samples, bit_depth):
    """samples: (H, W·channels) ints → rows of bytes."""
    if bit_depth == 16:
        return [b"".join(struct.pack(">H", int(v)) for v in row) for row in samples]
    if bit_depth == 8:
        return [bytes(int(v) for v in row) for row in samples]
    per_byte = 8 // bit_depth
    rows = []
    for row in samples:
        out = bytearray()
        for i in range(0, len(row), per_byte):
            group = list(row[i:i + per_byte]) + [0] * (per_byte - len(row[i:i + per_byte]))
            byte = 0
            for v in group:
                byte = (byte << bit_depth) | int(v)
            out.append(byte)
        rows.append(bytes(out))
    return rows


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20261129)
    width, height = 5, 4
    expected = {"png": {}, "jpeg": {}}

    # name: (color type, bit depth, channels in file, decoded channels incl. alpha)
    layouts = {
        "gray8": (0, 8, 1), "gray16": (0, 16, 1), "gray1": (0, 1, 1),
        "gray_alpha8": (4, 8, 2), "gray_alpha16": (4, 16, 2),
        "rgb8": (2, 8, 3), "rgb16": (2, 16, 3),
        "rgba8": (6, 8, 4), "rgba16": (6, 16, 4),
    }
    for name, (color_type, depth, channels) in layouts.items():
        maximum = (1 << depth) - 1
        samples = rng.integers(0, maximum + 1, size=(height, width * channels))
        (OUT / f"{name}.png").write_bytes(png_bytes(pack(samples, depth), width, height, color_type, depth))
        expected["png"][name] = {"width": width, "height": height, "channels": channels,
                                 "maximum": maximum, "samples": samples.flatten().tolist()}

    # Colour key transparency (tRNS on gray / RGB) and an Adam7-interlaced RGB file.
    gray = rng.integers(0, 4, size=(height, width)) * 60
    (OUT / "gray8_trns.png").write_bytes(png_bytes(pack(gray, 8), width, height, 0, 8, trns=struct.pack(">H", 60)))
    expected["png"]["gray8_trns"] = {"width": width, "height": height, "channels": 2, "maximum": 255,
                                     "samples": [v for g in gray.flatten() for v in (int(g), 0 if g == 60 else 255)]}
    rgb = rng.integers(0, 2, size=(height, width, 3)) * 200
    key = (200, 0, 200)
    (OUT / "rgb8_trns.png").write_bytes(png_bytes(pack(rgb.reshape(height, -1), 8), width, height, 2, 8,
                                                  trns=struct.pack(">HHH", *key)))
    expected["png"]["rgb8_trns"] = {"width": width, "height": height, "channels": 4, "maximum": 255,
                                    "samples": [v for p in rgb.reshape(-1, 3).tolist()
                                                for v in p + [0 if tuple(p) == key else 255]]}
    iw, ih = 11, 9
    interlaced = rng.integers(0, 256, size=(ih, iw, 3)).astype(np.uint8)
    (OUT / "rgb8_interlaced.png").write_bytes(png_bytes(None, iw, ih, 2, 8, adam7_samples=interlaced))
    expected["png"]["rgb8_interlaced"] = {"width": iw, "height": ih, "channels": 3, "maximum": 255,
                                          "samples": interlaced.flatten().tolist()}

    palette = [tuple(int(v) for v in rng.integers(0, 256, size=3)) for _ in range(6)]
    alphas = [255, 0, 128, 64]  # tRNS shorter than the palette: entries 4, 5 are opaque
    indices = rng.integers(0, len(palette), size=(height, width))
    for name, depth, trns in [("palette8", 8, None), ("palette4_trns", 4, bytes(alphas))]:
        (OUT / f"{name}.png").write_bytes(
            png_bytes(pack(indices, depth), width, height, 3, depth, palette=palette, trns=trns))
        channels = 3 if trns is None else 4
        samples = []
        for index in indices.flatten():
            samples += list(palette[index])
            if trns is not None:
                samples.append(alphas[index] if index < len(alphas) else 255)
        expected["png"][name] = {"width": width, "height": height, "channels": channels,
                                 "maximum": 255, "samples": samples}

    # JPEG: smooth gradients plus noise, 4:2:0 colour and gray, decoded by Pillow.
    jw, jh = 16, 12
    yy, xx = np.mgrid[0:jh, 0:jw]
    rgb = np.stack([xx * 15, yy * 20, 255 - xx * 8 - yy * 5], axis=-1) + rng.integers(-20, 21, size=(jh, jw, 3))
    rgb = np.clip(rgb, 0, 255).astype(np.uint8)
    for name, image in [("rgb", Image.fromarray(rgb, "RGB")), ("gray", Image.fromarray(rgb[..., 1], "L"))]:
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=90)
        (OUT / f"{name}.jpg").write_bytes(buffer.getvalue())
        decoded = np.asarray(Image.open(io.BytesIO(buffer.getvalue())))
        channels = 1 if decoded.ndim == 2 else decoded.shape[2]
        expected["jpeg"][name] = {"width": jw, "height": jh, "channels": channels, "maximum": 255,
                                  "samples": decoded.flatten().tolist()}

    # Bilinear enlargement (Pillow float mode: exact half-pixel-centre bilinear, no rounding).
    source = rng.random((4, 5)).astype(np.float32)
    enlarged = np.asarray(Image.fromarray(source, "F").resize((9, 7), Image.BILINEAR))
    expected["resize"] = {"source": source.flatten().tolist(), "sourceWidth": 5, "sourceHeight": 4,
                          "width": 9, "height": 7, "expected": enlarged.flatten().tolist()}

    # Affine warp: scikit-image warp with order=1, constant border; the matrix maps
    # source to output coordinates (skimage needs the inverse map).
    image = rng.random((6, 7))
    matrix = np.array([[0.9, -0.3, 1.5], [0.25, 1.1, -0.75], [0, 0, 1]])
    warped = transform.warp(image, np.linalg.inv(matrix), output_shape=(8, 9), order=1,
                            mode="constant", cval=0.25, clip=False, preserve_range=True)
    expected["warp"] = {"source": image.flatten().tolist(), "sourceWidth": 7, "sourceHeight": 6,
                        "matrix": matrix[:2].tolist(), "fill": 0.25, "width": 9, "height": 8,
                        "expected": warped.flatten().tolist()}

    # Similarity estimates, including a mirrored point set (Umeyama must not reflect).
    source_points = rng.random((5, 2)) * 100
    cases = {"noisy": source_points @ np.array([[0.8, 0.5], [-0.5, 0.8]]) + [12, -7]
                      + rng.normal(0, 0.5, (5, 2)),
             "mirrored": source_points * [-1, 1] + [3, 4]}
    expected["similarity"] = {}
    for name, target in cases.items():
        estimate = transform.SimilarityTransform.from_estimate(source_points, target)
        expected["similarity"][name] = {"source": source_points.tolist(), "destination": target.tolist(),
                                        "matrix": estimate.params[:2].tolist()}

    (OUT / "expected.json").write_text(json.dumps(expected, indent=None, separators=(",", ":")) + "\n")
    versions = {"python": sys.version.split()[0], "numpy": np.__version__, "pillow": PIL.__version__,
                "pillow_libjpeg_turbo": features.version("libjpeg_turbo"),
                "scikit-image": skimage.__version__, "zlib": zlib.ZLIB_VERSION}
    (OUT / "versions.json").write_text(json.dumps(versions, indent=2) + "\n")
    print(f"wrote fixtures to {OUT}: {versions}")


if __name__ == "__main__":
    main()
