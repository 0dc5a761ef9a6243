#!/usr/bin/env python3
"""Times `unveil identify` on N×N synthetic 256-d embeddings and checks its CMC against
NumPy. Usage (after `swift build -c release --product unveil`):

    python3 scripts/bench_identify.py [--size 10000] [--binary .build/release/unveil]

Subjects have 5 gallery and 5 probe rows each; embeddings are subject centres plus
Gaussian noise (seeded), so the CMC is neither 0 nor 1.
"""
import argparse
import pathlib
import subprocess
import tempfile
import time

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--binary", default=".build/release/unveil")
    args = parser.parse_args()
    n, per_subject, width = args.size, 5, 256
    subjects = n // per_subject
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((subjects, width)).astype(np.float32)
    labels = np.repeat(np.arange(subjects), per_subject)
    gallery = (centres[labels] + 2 * rng.standard_normal((n, width))).astype(np.float32)
    probes = (centres[labels] + 2 * rng.standard_normal((n, width))).astype(np.float32)

    g = gallery / np.linalg.norm(gallery, axis=1, keepdims=True)
    p = probes / np.linalg.norm(probes, axis=1, keepdims=True)
    scores = p @ g.T
    per_subject_max = scores.reshape(n, subjects, per_subject).max(axis=2)
    mate = per_subject_max[np.arange(n), labels]
    ranks = (per_subject_max >= mate[:, None]).sum(axis=1)  # the mate itself counts once
    expected = [float((ranks <= k).mean()) for k in range(1, 6)]

    with tempfile.TemporaryDirectory() as folder:
        root = pathlib.Path(folder)
        np.save(root / "g.npy", gallery)
        np.save(root / "p.npy", probes)
        for name, prefix in (("g.csv", "g"), ("p.csv", "p")):
            (root / name).write_text("path,subject\n" + "".join(f"{prefix}{i}.png,s{s}\n" for i, s in enumerate(labels)))
        start = time.perf_counter()
        output = subprocess.run(
            [args.binary, "identify", "--gallery", root / "g.npy", "--gallery-list", root / "g.csv",
             "--probe", root / "p.npy", "--probe-list", root / "p.csv", "--out", root / "cmc.csv"],
            check=True, capture_output=True, text=True).stdout
        wall = time.perf_counter() - start
        rates = [float(line.split(",")[1]) for line in (root / "cmc.csv").read_text().splitlines()[2:]]
    print(output.strip())
    print(f"{n} x {n}: command wall time {wall:.2f} s")
    print("numpy CMC :", " ".join(f"{r:.4f}" for r in expected))
    print("unveil CMC:", " ".join(f"{r:.4f}" for r in rates))
    assert max(abs(a - b) for a, b in zip(expected, rates)) < 1e-6, "CMC differs from NumPy"
    print("CMC matches NumPy")


if __name__ == "__main__":
    main()
