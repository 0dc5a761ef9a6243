#!/usr/bin/env python3
"""Expected PSNR / SSIM numbers from scikit-image for Unveil's image-quality tests.

The images are not stored: both this script and the Swift tests build them from the same
integer formula (see `pattern` and `distorted`), so only the numbers are committed, in
Tests/Fixtures/evaluation/quality.json, with the library versions. Run from the repo root:

    pip install numpy scikit-image
    python3 scripts/make_quality_fixtures.py
"""
import json
import pathlib
import platform

import numpy as np
import scipy
import skimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

OUT = pathlib.Path("Tests/Fixtures/evaluation/quality.json")


def pattern(height, width, channels):
    """Reference image, uint8 (H, W, C): a smooth ramp plus two modular textures."""
    c, y, x = np.meshgrid(np.arange(channels), np.arange(height), np.arange(width), indexing="ij")
    value = (x * 7 + y * 13 + c * 29 + ((x * y) % 17) * 5 + (x * x + 3 * y) % 23) % 256
    return value.transpose(1, 2, 0).astype(np.uint8)  # (H, W, C)


def distorted(reference, seed):
    """Reference plus integer hash noise in [-20, 20], with a flat grey block (an "occluder")."""
    height, width, channels = reference.shape
    c, y, x = np.meshgrid(np.arange(channels), np.arange(height), np.arange(width), indexing="ij")
    index = (c * height + y) * width + x  # planar index, as Unveil's Image
    noise = ((index * 1103515245 + 12345 + seed * 7919) // 65536) % 41 - 20
    value = reference.transpose(2, 0, 1).astype(np.int64) + noise
    block = (y >= height // 4) & (y < height // 2) & (x >= width // 3) & (x < (2 * width) // 3)
    value = np.where(block, 128, value)
    return np.clip(value, 0, 255).transpose(1, 2, 0).astype(np.uint8)


def occlusion_mask(height, width):
    """Ground-truth mask, 1 = visible, 0 = occluded: the block of `distorted` widened by 2 px."""
    y, x = np.meshgrid(np.arange(height), np.arange(width), indexing="ij")
    occluded = (y >= height // 4 - 2) & (y < height // 2 + 2) & (x >= width // 3 - 2) & (x < (2 * width) // 3 + 2)
    return np.where(occluded, 0, 1)


def masked_psnr(reference, test, region):
    difference = reference.astype(np.float64) - test.astype(np.float64)
    mse = np.mean(difference[region] ** 2)
    return float("inf") if mse == 0 else float(10 * np.log10(255.0 ** 2 / mse))


def case(name, height, width, channels, seed):
    reference = pattern(height, width, channels)
    test = distorted(reference, seed)
    mask = occlusion_mask(height, width)
    channel_axis = None if channels == 1 else 2
    ref_in = reference[..., 0] if channels == 1 else reference
    test_in = test[..., 0] if channels == 1 else test
    settings = dict(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255)
    ssim, full = structural_similarity(ref_in, test_in, channel_axis=channel_axis, full=True, **settings)
    ssim_map = full if channels == 1 else full.mean(axis=2)  # (H, W), per-channel mean
    occluded = mask == 0
    region3 = np.repeat(occluded[:, :, None], channels, axis=2)
    return {
        "name": name, "height": height, "width": width, "channels": channels, "seed": seed,
        "psnr": float(peak_signal_noise_ratio(reference, test, data_range=255)),
        "ssim": float(ssim),
        "psnr_occluded": masked_psnr(reference, test, region3),
        "psnr_visible": masked_psnr(reference, test, ~region3),
        "ssim_occluded": float(ssim_map[occluded].mean()),
        "ssim_visible": float(ssim_map[~occluded].mean()),
        "occluded_pixels": int(occluded.sum()),
    }


def main():
    cases = [
        case("gray-128", 128, 128, 1, 1),
        case("rgb-128", 128, 128, 3, 2),
        case("gray-178x218", 218, 178, 1, 3),
        case("rgb-178x218", 218, 178, 3, 4),
    ]
    versions = {"python": platform.python_version(), "numpy": np.__version__,
                "scipy": scipy.__version__, "scikit-image": skimage.__version__}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"versions": versions, "cases": cases}, indent=2) + "\n")
    for c in cases:
        print(f"{c['name']}: psnr {c['psnr']:.4f} ssim {c['ssim']:.6f} "
              f"occluded {c['psnr_occluded']:.3f}/{c['ssim_occluded']:.4f} visible {c['psnr_visible']:.3f}/{c['ssim_visible']:.4f}")


if __name__ == "__main__":
    main()
