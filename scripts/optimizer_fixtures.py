"""Records SGD and Adam trajectories from PyTorch for Tests/Fixtures/tensor-core/.

Two parameters (w [3, 2], b [3]) minimise loss = Σ a⊙w² + Σ c⊙w + Σ (b − 0.5)² · 3 for a few
steps; the initial values and coefficients are fixed decimals so the Swift test rebuilds
them exactly. Run: python scripts/optimizer_fixtures.py (needs torch, numpy).
"""
import json
import platform
import sys

import numpy as np
import torch

W0 = [[0.5, -1.25], [2.0, 0.75], [-0.3, 1.1]]
B0 = [0.1, -0.2, 0.3]
A = [[1.0, 0.5], [2.0, 0.25], [0.75, 1.5]]
C = [[0.1, -0.3], [0.2, 0.0], [-0.5, 0.4]]
STEPS = 5


def loss_fn(w, b):
    a = torch.tensor(A)
    c = torch.tensor(C)
    return (a * w * w).sum() + (c * w).sum() + ((b - 0.5) ** 2).sum() * 3


def run(make_optimizer):
    w = torch.tensor(W0, requires_grad=True)
    b = torch.tensor(B0, requires_grad=True)
    opt = make_optimizer(w, b)
    trajectory = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss_fn(w, b).backward()
        opt.step()
        trajectory.append({"w": w.detach().flatten().tolist(), "b": b.detach().tolist()})
    return trajectory


cases = {
    "sgd_momentum_groups": run(lambda w, b: torch.optim.SGD(
        [{"params": [w], "lr": 0.05, "weight_decay": 1e-2}, {"params": [b], "lr": 0.1, "weight_decay": 0}],
        momentum=0.9)),
    "sgd_plain": run(lambda w, b: torch.optim.SGD([w, b], lr=0.1)),
    "adam_default": run(lambda w, b: torch.optim.Adam([w, b], lr=0.01)),
    "adam_gan": run(lambda w, b: torch.optim.Adam([w, b], lr=2e-4, betas=(0.5, 0.999), eps=1e-8)),
    "adam_weight_decay": run(lambda w, b: torch.optim.Adam([w, b], lr=0.05, betas=(0.9, 0.99), eps=1e-6, weight_decay=0.1)),
}
out = {
    "generator": "scripts/optimizer_fixtures.py",
    "versions": {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version()},
    "w0": W0, "b0": B0, "a": A, "c": C, "steps": STEPS,
    "cases": cases,
}
json.dump(out, sys.stdout, indent=1)
print()
