#!/usr/bin/env python3
"""Writes the serialization fixtures under Tests/Fixtures/serialization/ with NumPy and
the reference `safetensors` package, so Unveil's readers are checked against files
written by independent implementations. Run from the repository root:

    pip install numpy safetensors
    python3 scripts/make_serialization_fixtures.py
"""
import json
import pathlib
import platform

import numpy as np

OUT = pathlib.Path("Tests/Fixtures/serialization")


def formula(shape, scale=1.0):
    """Deterministic values with fractions and signs: v[i] = scale * ((i * 37) % 101 - 50) / 8."""
    n = int(np.prod(shape)) if shape else 1
    return (scale * ((np.arange(n) * 37) % 101 - 50) / 8.0).reshape(shape)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    versions = {"python": platform.python_version(), "numpy": np.__version__}

    np.save(OUT / "float32_2x3.npy", formula((2, 3)).astype(np.float32))
    np.save(OUT / "float32_5.npy", formula((5,)).astype(np.float32))
    np.save(OUT / "float64_3x2.npy", formula((3, 2)).astype(np.float64))
    np.save(OUT / "float32_fortran_2x3.npy", np.asfortranarray(formula((2, 3)).astype(np.float32)))
    np.save(OUT / "int32_4.npy", np.arange(4, dtype=np.int32))

    tensors = {
        "module.conv.weight": formula((2, 1, 3, 3)).astype(np.float32),
        "module.conv.bias": formula((2,)).astype(np.float16),
        "module.fc.weight": formula((3, 4), 0.5).astype(np.float64),
    }
    metadata = {"format": "pt", "note": "written by make_serialization_fixtures.py"}
    try:
        import safetensors
        from safetensors.numpy import save_file

        save_file(tensors, str(OUT / "reference.safetensors"), metadata=metadata)
        # F32 only, one metadata key: Unveil's writer must produce these exact bytes.
        f32 = {"b": formula((2, 3)).astype(np.float32), "a": formula((4,), 0.25).astype(np.float32)}
        save_file(f32, str(OUT / "reference_f32.safetensors"), metadata={"format": "pt"})
        versions["safetensors"] = safetensors.__version__
    except ImportError:
        # Fallback writer following the format: header JSON padded with spaces to 8 bytes.
        header = {"__metadata__": metadata}
        blobs, offset = [], 0
        for name in sorted(tensors):
            array = tensors[name]
            blob = array.astype(array.dtype.newbyteorder("<")).tobytes()
            dtype = {"float32": "F32", "float16": "F16", "float64": "F64"}[array.dtype.name]
            header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
            blobs.append(blob)
            offset += len(blob)
        text = json.dumps(header, separators=(",", ":")).encode()
        text += b" " * ((8 - len(text) % 8) % 8)
        (OUT / "reference.safetensors").write_bytes(len(text).to_bytes(8, "little") + text + b"".join(blobs))
        versions["safetensors"] = "not installed (written by the fallback in this script)"

    (OUT / "VERSIONS.json").write_text(json.dumps(versions, indent=2, sort_keys=True) + "\n")
    print("wrote", sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()
