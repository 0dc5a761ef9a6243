#!/usr/bin/env python3
"""Verify models/vgg16.safetensors and write the Swift test fixture.

Checks, in order:
1. known weights: the first ten `block1_conv1` kernel and bias values of Keras' ImageNet
   `vgg16_weights_tf_dim_ordering_tf_kernels.h5`, as listed by an independent public h5 reader
   (Devin Cody's h5_utils test, 2018), equal ours (kernel read OIHW, Keras input channel 0 = B);
2. features: an independent NumPy forward pass (float64 im2col, written here) of the
   safetensors weights with RGB input and the file's recorded normalisation equals the ONNX
   graph itself (onnx.reference.ReferenceEvaluator on the original Keras graph, BGR NHWC
   input, caffe mean) at pool1, pool2 and pool3 of a 32x32 test image.
Then writes Tests/Fixtures/deocclusion/vgg16_features_32.json: the test image (uint8 RGB,
CHW), the normalisation, and per-channel means plus a few samples of pool1..pool3.

Usage: python3 scripts/vgg16_reference.py [--weights models/vgg16.safetensors] [--check-only]
"""
import argparse
import json
import os
import platform
import struct
import sys

import numpy as np
import onnx
from onnx.reference import ReferenceEvaluator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from convert_vgg16 import default_onnx_path  # noqa: E402

KERAS_BLOCK1_CONV1_KERNEL_FIRST10 = [0.42947057, 0.373467, -0.061360113, 0.27476987, 0.038680777,
                                     -0.36722335, -0.05746817, -0.26224968, -0.35009676, 0.55037946]
KERAS_BLOCK1_CONV1_BIAS_FIRST10 = [0.73429835, 0.093403675, 0.06775674, 0.8862966, 0.25994542,
                                   0.66426694, -0.015828926, 0.3249065, 0.68600726, 0.062479325]
# torchvision vgg16().features: conv indices per block; a 2x2/2 max-pool ends each block.
BLOCKS = [[0, 2], [5, 7], [10, 12, 14]]
POOL_OUTPUTS = ["functional_1/block1_pool_1/MaxPool2d:0", "functional_1/block2_pool_1/MaxPool2d:0",
                "functional_1/block3_pool_1/MaxPool2d:0"]
FEATURE_TOLERANCE = 1e-4  # relative to each pool's largest value: float32 ONNX vs float64 NumPy


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype="<f4").reshape(info["shape"])
    return tensors, meta


def test_image(size=32):
    """A deterministic RGB uint8 image (C, H, W) with edges, gradients and texture."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float64)
    r = 128 + 100 * np.sin(x / 3.0 + y / 5.0)
    g = 128 + 100 * np.cos(x * y / 40.0)
    b = (x * 8 + y * 3) % 256
    b[(x - 20) ** 2 + (y - 12) ** 2 < 36] = 30  # a dark disc
    return np.clip(np.rint(np.stack([r, g, b])), 0, 255).astype(np.uint8)


def conv3x3(x, weight, bias):
    """x (C, H, W), weight (O, C, 3, 3) -> (O, H, W), zero padding 1, float64 im2col."""
    c, h, w = x.shape
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    cols = np.stack([padded[:, i:i + h, j:j + w] for i in range(3) for j in range(3)], axis=1)  # (C, 9, H, W)
    out = np.tensordot(weight.reshape(weight.shape[0], c, 9).astype(np.float64), cols, axes=([1, 2], [0, 1]))
    return out + bias.astype(np.float64)[:, None, None]


def max_pool2(x):
    c, h, w = x.shape
    return x[:, : h // 2 * 2, : w // 2 * 2].reshape(c, h // 2, 2, w // 2, 2).max(axis=(2, 4))


def numpy_pools(tensors, meta, image_u8):
    scale = float(meta["input_scale"])
    mean = np.array([float(v) for v in meta["input_mean"].split(",")])[:, None, None]
    std = np.array([float(v) for v in meta["input_std"].split(",")])[:, None, None]
    x = (scale * (image_u8.astype(np.float64) / 255.0) - mean) / std
    pools = []
    for block in BLOCKS:
        for index in block:
            x = np.maximum(conv3x3(x, tensors[f"features.{index}.weight"], tensors[f"features.{index}.bias"]), 0)
        x = max_pool2(x)
        pools.append(x)
    return pools


def onnx_pools(onnx_path, image_u8):
    full = onnx.load(onnx_path)
    last = [i for i, n in enumerate(full.graph.node) if POOL_OUTPUTS[-1] in n.output][0]
    nodes = full.graph.node[: last + 1]  # the graph up to block3_pool, head dropped
    used = {name for n in nodes for name in n.input}
    graph = onnx.helper.make_graph(
        nodes, "vgg16_to_pool3", list(full.graph.input),
        [onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None) for name in POOL_OUTPUTS],
        [t for t in full.graph.initializer if t.name in used])
    model = onnx.helper.make_model(graph, opset_imports=full.opset_import)
    bgr = image_u8[::-1].astype(np.float32) - np.array([103.939, 116.779, 123.68], np.float32)[:, None, None]
    nhwc = np.ascontiguousarray(bgr.transpose(1, 2, 0)[None])
    outputs = ReferenceEvaluator(model).run(None, {"input": nhwc})
    return [o[0] for o in outputs]  # NCHW inside the graph (tf2onnx transposed the input)


def main():
    parser = argparse.ArgumentParser(description="Verify the converted VGG-16 and write the fixture.")
    parser.add_argument("--weights", default="models/vgg16.safetensors")
    parser.add_argument("--fixture", default="Tests/Fixtures/deocclusion/vgg16_features_32.json")
    parser.add_argument("--check-only", action="store_true", help="verify, do not (re)write the fixture")
    args = parser.parse_args()
    tensors, meta = read_safetensors(args.weights)

    w0, b0 = tensors["features.0.weight"], tensors["features.0.bias"]
    kernel = np.concatenate([w0[0, 2].ravel(), [w0[0, 1, 0, 0]]])  # Keras HWIO[0,0,0,:]... read as OIHW
    kernel_diff = np.abs(kernel - KERAS_BLOCK1_CONV1_KERNEL_FIRST10).max()
    bias_diff = np.abs(b0[:10] - KERAS_BLOCK1_CONV1_BIAS_FIRST10).max()
    print(f"known block1_conv1 values: kernel max diff {kernel_diff:.2e}, bias max diff {bias_diff:.2e}")
    assert kernel_diff < 1e-6 and bias_diff < 1e-6, "weights differ from Keras ImageNet VGG-16"

    image = test_image()
    ours = numpy_pools(tensors, meta, image)
    graph = onnx_pools(default_onnx_path(), image)
    summary = {}
    for level, (a, b) in enumerate(zip(ours, graph), start=1):
        assert a.shape == b.shape, (a.shape, b.shape)
        rel = np.abs(a - b).max() / np.abs(b).max()
        print(f"pool{level} {list(a.shape)}: max |numpy - onnx| / max|onnx| = {rel:.2e}")
        assert rel < FEATURE_TOLERANCE, f"pool{level} differs"
        rng = np.random.default_rng(level)
        samples = [[int(c), int(y), int(x), float(np.float32(a[c, y, x]))] for c, y, x in
                   zip(rng.integers(0, a.shape[0], 8), rng.integers(0, a.shape[1], 8), rng.integers(0, a.shape[2], 8))]
        summary[f"pool{level}"] = {
            "shape": list(a.shape),
            "channel_mean": [float(np.float32(v)) for v in a.mean(axis=(1, 2))],
            "max": float(a.max()),
            "samples_c_y_x_value": samples,
        }
    if args.check_only:
        print("ok")
        return
    fixture = {
        "description": "VGG-16 (models/vgg16.safetensors, torchvision names) features of one 32x32 RGB image; "
                       "input x = (input_scale * rgb01 - input_mean) / input_std per RGB channel, where rgb01 = u8 / 255",
        "generator": "scripts/vgg16_reference.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "onnx": onnx.__version__},
        "weights_metadata": {k: meta[k] for k in ("channel_order", "normalization", "input_scale", "input_mean", "input_std", "source_sha256")},
        "image_rgb_uint8_chw": [int(v) for v in image.ravel()],
        "image_shape_chw": list(image.shape),
        "relative_tolerance": FEATURE_TOLERANCE,
        **summary,
    }
    os.makedirs(os.path.dirname(args.fixture), exist_ok=True)
    with open(args.fixture, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    print(f"wrote {args.fixture} ({os.path.getsize(args.fixture)} bytes)")


if __name__ == "__main__":
    main()
