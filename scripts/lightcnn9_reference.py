#!/usr/bin/env python3
"""Independent NumPy forward pass of LightCNN-9 and the fixtures of Tests/Fixtures/recognition.

The network follows shared/lightcnn9.md (the authors' `network_9layers`): MFM convolutions
(first half of the output channels against the second half), 2x2/2 ceil-mode max pooling,
flatten in (C, H, W) order, MFM linear fc1 -> 256-d embedding, fc2 -> logits. Computed in
float64 with an explicit im2col + einsum, so it shares no code with the Swift side.

Weights are not committed (the real architecture has 5.5 M parameters): both sides build
them from the same formula, `deterministic_weights` below, mirrored by
`LightCNN9Fixture.weights` in Tests/RecognitionTests. Inputs likewise come from a formula.
Only the expected outputs (small .npy files) and the official names/shapes are committed.

Usage:  python3 scripts/lightcnn9_reference.py [--out Tests/Fixtures/recognition]
"""
import argparse
import json
import math
import os
import platform
import sys

import numpy as np

CONV_LAYOUT = [
    # (name, in, out-before-MFM, kernel, padding)
    ("features.0.filter", 1, 96, 5, 2),
    ("features.2.conv_a.filter", 48, 96, 1, 0),
    ("features.2.conv.filter", 48, 192, 3, 1),
    ("features.4.conv_a.filter", 96, 192, 1, 0),
    ("features.4.conv.filter", 96, 384, 3, 1),
    ("features.6.conv_a.filter", 192, 384, 1, 0),
    ("features.6.conv.filter", 192, 256, 3, 1),
    ("features.7.conv_a.filter", 128, 256, 1, 0),
    ("features.7.conv.filter", 128, 256, 3, 1),
]


def parameter_shapes(input_size, classes):
    """Official names and shapes in model order (conv [O, C, K, K], linear [out, in])."""
    shapes = []
    for name, cin, cout, k, _ in CONV_LAYOUT:
        shapes.append((name + ".weight", [cout, cin, k, k]))
        shapes.append((name + ".bias", [cout]))
    side = input_size // 16
    shapes.append(("fc1.filter.weight", [512, 128 * side * side]))
    shapes.append(("fc1.filter.bias", [512]))
    if classes:
        shapes.append(("fc2.weight", [classes, 256]))
        shapes.append(("fc2.bias", [classes]))
    return shapes


def deterministic_weights(input_size, classes):
    """value[i] = a * sin(i * 12.9898 + t * 78.233), computed in float64 and rounded to float32.

    t is the tensor's position in model order, i the row-major element index; a = sqrt(6 / fan_in)
    for weights (fan_in = product of the shape without its first axis) and 0.1 for biases.
    """
    weights = {}
    for t, (name, shape) in enumerate(parameter_shapes(input_size, classes)):
        count = int(np.prod(shape))
        index = np.arange(count, dtype=np.float64)
        if name.endswith(".weight"):
            fan_in = count // shape[0]
            amplitude = math.sqrt(6.0 / fan_in)
        else:
            amplitude = 0.1
        values = amplitude * np.sin(index * 12.9898 + float(t) * 78.233)
        weights[name] = values.astype(np.float32).reshape(shape)
    return weights


def deterministic_input(batch, size):
    """x[n, 0, y, x] = 0.5 + 0.3 sin(0.11 x + 0.07 y + n) + 0.2 sin(j * 4.1414 + n), j = y*size + x;
    float64 rounded to float32, inside [0, 1]."""
    ys, xs = np.meshgrid(np.arange(size, dtype=np.float64), np.arange(size, dtype=np.float64), indexing="ij")
    j = ys * size + xs
    images = []
    for n in range(batch):
        image = 0.5 + 0.3 * np.sin(0.11 * xs + 0.07 * ys + n) + 0.2 * np.sin(j * 4.1414 + n)
        images.append(image.astype(np.float32))
    return np.stack(images)[:, None, :, :]


def conv2d(x, weight, bias, padding):
    """x [N, C, H, W], weight [O, C, K, K] -> [N, O, H, W] (stride 1), via explicit patches."""
    n, c, h, w = x.shape
    o, _, k, _ = weight.shape
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    hout, wout = h + 2 * padding - k + 1, w + 2 * padding - k + 1
    patches = np.empty((n, c, k, k, hout, wout), dtype=np.float64)
    for dy in range(k):
        for dx in range(k):
            patches[:, :, dy, dx] = padded[:, :, dy:dy + hout, dx:dx + wout]
    out = np.einsum("ncijhw,ocij->nohw", patches, weight, optimize=True)
    return out + bias[None, :, None, None]


def mfm(x):
    """Max of the first half of axis 1 against the second half."""
    half = x.shape[1] // 2
    return np.maximum(x[:, :half], x[:, half:])


def max_pool_ceil(x):
    """2x2 stride-2 max pooling with ceil mode (a trailing odd row/column forms its own window)."""
    n, c, h, w = x.shape
    hout, wout = -(-h // 2), -(-w // 2)
    padded = np.full((n, c, hout * 2, wout * 2), -np.inf)
    padded[:, :, :h, :w] = x
    return padded.reshape(n, c, hout, 2, wout, 2).max(axis=(3, 5))


def forward(weights, x):
    """Returns (embedding [N, 256], logits [N, classes] or None), in float64."""
    p = {name: value.astype(np.float64) for name, value in weights.items()}
    h = x.astype(np.float64)

    def mfm_conv(name, h, padding):
        return mfm(conv2d(h, p[name + ".weight"], p[name + ".bias"], padding))

    h = mfm_conv("features.0.filter", h, 2)
    h = max_pool_ceil(h)
    for block in ("features.2", "features.4", "features.6", "features.7"):
        h = mfm_conv(block + ".conv_a.filter", h, 0)
        h = mfm_conv(block + ".conv.filter", h, 1)
        if block != "features.6":
            h = max_pool_ceil(h)
    flat = h.reshape(h.shape[0], -1)
    embedding = mfm(flat @ p["fc1.filter.weight"].T + p["fc1.filter.bias"])
    logits = None
    if "fc2.weight" in p:
        logits = embedding @ p["fc2.weight"].T + p["fc2.bias"]
    return embedding, logits


CASES = [
    # (file stem, input size, batch, classes)
    ("official128", 128, 2, 10),
    ("quick64", 64, 1, 7),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "recognition"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    manifest = {
        "generator": "scripts/lightcnn9_reference.py",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "weights": "deterministic_weights(): a * sin(i * 12.9898 + t * 78.233), float64 -> float32",
        "inputs": "deterministic_input(): 0.5 + 0.3 sin(0.11 x + 0.07 y + n) + 0.2 sin(j * 4.1414 + n)",
        "cases": [],
    }
    for stem, size, batch, classes in CASES:
        weights = deterministic_weights(size, classes)
        embedding, logits = forward(weights, deterministic_input(batch, size))
        np.save(os.path.join(args.out, f"{stem}_embedding.npy"), embedding.astype(np.float32))
        np.save(os.path.join(args.out, f"{stem}_logits.npy"), logits.astype(np.float32))
        manifest["cases"].append({
            "name": stem, "input_size": size, "batch": batch, "classes": classes,
            "embedding_abs_max": float(np.abs(embedding).max()),
            "logits_abs_max": float(np.abs(logits).max()),
        })
        print(f"{stem}: embedding |max| {np.abs(embedding).max():.4g}, std {embedding.std():.4g}", file=sys.stderr)

    official = parameter_shapes(128, 10)
    with open(os.path.join(args.out, "official_parameters.json"), "w") as f:
        json.dump({"input_size": 128, "classes": 10,
                   "parameters": [{"name": n, "shape": s} for n, s in official]}, f, indent=1)
        f.write("\n")
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    embedding_count = sum(int(np.prod(s)) for n, s in official if not n.startswith("fc2"))
    print(f"embedding network parameters at 128: {embedding_count}", file=sys.stderr)


if __name__ == "__main__":
    main()
