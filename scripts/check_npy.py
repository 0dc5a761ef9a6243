#!/usr/bin/env python3
"""Checks that a .npy file written by Unveil loads in NumPy as float32, C order, with the
values of the serialization test's formula. Usage: python3 scripts/check_npy.py FILE ROWS COLS

Exit status 0 when it matches; 1 with a message otherwise.
"""
import sys

import numpy as np


def main():
    path, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    array = np.load(path, allow_pickle=False)
    expected = (((np.arange(rows * cols) * 37) % 101 - 50) / 8.0).astype(np.float32).reshape(rows, cols)
    problems = []
    if array.dtype != np.float32:
        problems.append(f"dtype {array.dtype}, float32 expected")
    if not array.flags["C_CONTIGUOUS"]:
        problems.append("not C-contiguous")
    if array.shape != expected.shape:
        problems.append(f"shape {array.shape}, {expected.shape} expected")
    elif not np.array_equal(array, expected):
        problems.append(f"values differ by up to {np.max(np.abs(array - expected))}")
    if problems:
        print(f"{path}: " + "; ".join(problems))
        sys.exit(1)
    print(f"{path}: OK ({array.shape}, {array.dtype})")


if __name__ == "__main__":
    main()
