#!/usr/bin/env python3
"""Writes Tests/Fixtures/reports/: a small, self-consistent results.json and the PNG images
its strips point at, for the report tests. Rates, Wilson intervals, exact McNemar p-values
and paired bootstrap intervals are computed here from per-probe mate ranks, independently
of the Swift code. One strip points at a missing image on purpose (placeholder test).

Run: python3 scripts/make_report_fixture.py   (numpy, Pillow; versions recorded in the JSON)
"""
import json, math, os, platform
import numpy as np
import PIL
from PIL import Image, ImageDraw

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "reports")
rng = np.random.default_rng(7)
OAGAN, INPAINT = "oagan:models/oagan.safetensors", "inpaint"
CONDITIONS = [("clean", None), ("occluded", None), ("recovered", OAGAN), ("recovered", INPAINT),
              ("recovered-original-model", OAGAN)]
SUBJECTS = ["s01", "s02", "s03", "s04"]
OCCLUDERS = ["sunglasses", "mask", "hand"]
GALLERY = 8  # gallery identities: ranks 1..8
RANKS = [1, 2, 3, 4, 5]


def cond(kind, spec):
    return {"kind": kind, "deoccluder": spec} if spec else {"kind": kind}


def wilson(k, n, z=1.959963984540054):
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, c - h), min(1.0, c + h)


def mcnemar_exact(b, c):
    n = b + c
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(b, c) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


# Mate ranks per probe and condition: occlusion hurts, OA-GAN recovers most, inpainting some.
probes = []
for i in range(12):
    subject, occluder = SUBJECTS[i % 4], OCCLUDERS[i % 3]
    fraction = round(float(rng.uniform(0.04, 0.42)), 4)
    occluded = int(rng.choice([1, 1, 2, 3, 5, 7]))
    ranks = {
        ("clean", None): int(rng.choice([1, 1, 1, 1, 2])),
        ("occluded", None): occluded,
        ("recovered", OAGAN): max(1, occluded - int(rng.integers(0, 4))),
        ("recovered", INPAINT): max(1, occluded - int(rng.integers(-1, 3))),
        ("recovered-original-model", OAGAN): max(1, occluded - int(rng.integers(-1, 4))),
    }
    probes.append({"probe": f"probes/{subject}_{i:02d}.png", "subject": subject, "occluder": occluder,
                   "fraction": fraction, "ranks": {k: min(v, GALLERY) for k, v in ranks.items()}})

conditions, identifications, comparisons = [], [], []
for kind, spec in CONDITIONS:
    key = (kind, spec)
    rs = np.array([p["ranks"][key] for p in probes])
    rows = []
    for k in RANKS:
        hits = int((rs <= k).sum())
        lo, hi = wilson(hits, len(rs))
        rows.append({"rank": k, "rate": hits / len(rs), "ciLow": lo, "ciHigh": hi})
    conditions.append({"condition": cond(kind, spec), "probes": len(rs), "ranks": rows})
    base = np.array([p["ranks"][("occluded", None)] for p in probes])
    for p in probes:
        r = p["ranks"][key]
        flip = None
        if kind != "occluded":
            b_ok, c_ok = p["ranks"][("occluded", None)] == 1, r == 1
            flip = "fixed" if (c_ok and not b_ok) else "broken" if (b_ok and not c_ok) else "unchanged"
        row = {"probe": p["probe"], "subject": p["subject"], "occluder": p["occluder"],
               "occludedFraction": p["fraction"], "condition": cond(kind, spec), "mateRank": r,
               "predictedSubject": p["subject"] if r == 1 else SUBJECTS[(SUBJECTS.index(p["subject"]) + 1) % 4]}
        if flip:
            row["flip"] = flip
        identifications.append(row)
    if kind != "occluded":
        mc = []
        for k in RANKS:
            fixed = int(((rs <= k) & (base > k)).sum())
            broken = int(((rs > k) & (base <= k)).sum())
            mc.append({"rank": k, "fixed": fixed, "broken": broken, "pValue": mcnemar_exact(fixed, broken)})
        boot = np.random.default_rng(4)
        diffs = []
        for _ in range(1000):
            idx = boot.integers(0, len(rs), len(rs))
            diffs.append(float((rs[idx] == 1).mean() - (base[idx] == 1).mean()))
        comparisons.append({
            "condition": cond(kind, spec), "baseline": cond("occluded", None), "probes": len(rs), "mcnemar": mc,
            "rank1Difference": {"estimate": float((rs == 1).mean() - (base == 1).mean()),
                                "low": float(np.percentile(diffs, 2.5)), "high": float(np.percentile(diffs, 97.5))},
            "bootstrapSamples": 1000})

quality = [
    {"deoccluder": OAGAN, "images": 12, "whole": {"psnr": 24.3712, "ssim": 0.812345},
     "occluded": {"psnr": 18.2249, "ssim": 0.531177}, "visible": {"psnr": 29.8431, "ssim": 0.940212}, "maskIoU": 0.71234},
    {"deoccluder": INPAINT, "images": 12, "whole": {"psnr": 21.0519, "ssim": 0.745613},
     "occluded": {"psnr": 15.9027, "ssim": 0.410288}, "visible": {"psnr": "inf", "ssim": 1.0}},
]

breakdowns = []
group_quality = {}
bins = [(0.0, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 1.0)]
for dimension, groups in (("occluder", [(o, lambda p, o=o: p["occluder"] == o) for o in OCCLUDERS]),
                          ("area", [(f"{round(a * 100)}-{round(b * 100)}%", lambda p, a=a, b=b: a < p["fraction"] <= b) for a, b in bins])):
    for label, member in groups:
        subset = [p for p in probes if member(p)]
        if not subset:
            continue
        for kind, spec in CONDITIONS:
            rank1 = sum(p["ranks"][(kind, spec)] == 1 for p in subset) / len(subset)
            row = {"dimension": dimension, "group": label, "condition": cond(kind, spec), "probes": len(subset), "rank1": rank1}
            if spec:  # one de-occluder's quality on this group, whichever model scores it
                if (label, spec) not in group_quality:
                    base = 24.3712 if spec == OAGAN else 21.0519
                    group_quality[(label, spec)] = (round(base + float(rng.normal(0, 1.2)), 4),
                                                    round(min(0.99, 0.78 + float(rng.normal(0, 0.04))), 6))
                row["psnr"], row["ssim"] = group_quality[(label, spec)]
            breakdowns.append(row)


def face(path, seed, occluder=None, recovered=None, mask=False):
    """A 48×48 cartoon face; `occluder` draws a block, `recovered` blurs it back."""
    r = np.random.default_rng(seed)
    skin = tuple(int(v) for v in r.integers(150, 230, 3))
    img = Image.new("RGB", (48, 48), (236, 238, 241))
    d = ImageDraw.Draw(img)
    d.ellipse((8, 4, 40, 44), fill=skin)
    d.ellipse((15, 17, 21, 22), fill=(40, 40, 50)); d.ellipse((27, 17, 33, 22), fill=(40, 40, 50))
    d.arc((17, 26, 31, 36), 20, 160, fill=(120, 40, 40), width=2)
    box = {"sunglasses": (11, 14, 37, 24), "mask": (12, 27, 36, 42), "hand": (6, 20, 26, 44)}.get(occluder or recovered)
    if mask:
        img = Image.new("L", (48, 48), 0)
        ImageDraw.Draw(img).rectangle(box, fill=255)
    elif occluder:
        d.rectangle(box, fill=(30, 30, 30) if occluder == "sunglasses" else (90, 140, 200) if occluder == "mask" else (200, 160, 130))
    elif recovered:
        d.rectangle(box, fill=tuple(max(0, c - 18) for c in skin))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    img.save(path, optimize=True)


strips = []
for n, p in enumerate(probes[:3]):
    stem = f"images/{p['subject']}_{n}"
    seed = 100 + SUBJECTS.index(p["subject"])
    face(os.path.join(OUT, f"{stem}_occluded.png"), seed, occluder=p["occluder"])
    face(os.path.join(OUT, f"{stem}_mask.png"), seed, recovered=p["occluder"], mask=True)
    face(os.path.join(OUT, f"{stem}_oagan.png"), seed, recovered=p["occluder"])
    face(os.path.join(OUT, f"{stem}_inpaint.png"), seed + 50, recovered=p["occluder"])
    face(os.path.join(OUT, f"{stem}_truth.png"), seed)
    mate = f"images/{p['subject']}_gallery.png"
    if n < 2:
        face(os.path.join(OUT, mate), seed)
    else:
        mate = "images/missing_gallery.png"  # not written: the report shows a placeholder
    strips.append({"probe": p["probe"], "subject": p["subject"], "occluder": p["occluder"],
                   "occluded": f"{stem}_occluded.png", "predictedMask": f"{stem}_mask.png",
                   "recovered": [{"deoccluder": OAGAN, "image": f"{stem}_oagan.png", "rankAfter": p["ranks"][("recovered", OAGAN)]},
                                 {"deoccluder": INPAINT, "image": f"{stem}_inpaint.png", "rankAfter": p["ranks"][("recovered", INPAINT)]}],
                   "groundTruth": f"{stem}_truth.png", "galleryMate": mate, "rankBefore": p["ranks"][("occluded", None)]})

config = {"name": "fixture", "protocolPath": "protocols/synthetic-tiny", "deoccluders": [OAGAN, INPAINT],
          "recognizer": {"preset": "quick64", "epochs": 3, "batchSize": 16, "learningRate": 0.01, "seed": 1},
          "oagan": {"epochs": 2, "batchSize": 8, "learningRate": 0.0001, "perceptualNetwork": "lightcnn9", "seed": 2},
          "conditions": {"clean": True, "occluded": True, "recovered": True, "recoveredWithOriginalModel": True},
          "bootstrapSamples": 1000, "seeds": {"occlusion": 3, "bootstrap": 4, "strips": 5}, "stripCount": 3,
          "areaBins": [0.1, 0.2, 0.3, 1.0]}
results = {
    "formatVersion": 1, "name": "fixture",
    "question": "How much does de-occluding the probes (and the training set) change identification accuracy, and how faithful is the de-occlusion?",
    "setup": {"protocolName": "synthetic-tiny", "protocolPath": "protocols/synthetic-tiny", "dataset": "synthetic", "imageSize": 64,
              "counts": {"trainImages": 96, "trainIdentities": 8, "galleryImages": GALLERY, "probeImages": len(probes),
                         "probeIdentities": 4, "probesWithGroundTruth": len(probes)},
              "models": [{"role": "recognizer (original)", "architecture": "LightCNN-9 quick64", "parameters": 1234567, "epochs": 3, "checkpoint": "models/lightcnn-original.safetensors"},
                         {"role": "recognizer (oagan)", "architecture": "LightCNN-9 quick64", "parameters": 1234567, "epochs": 3, "checkpoint": "models/lightcnn-oagan.safetensors"},
                         {"role": "recognizer (inpaint)", "architecture": "LightCNN-9 quick64", "parameters": 1234567, "epochs": 3, "checkpoint": "models/lightcnn-inpaint.safetensors"},
                         {"role": "de-occluder", "architecture": "OA-GAN", "parameters": 2345678, "epochs": 2, "checkpoint": "models/oagan.safetensors"}],
              "perceptualNetwork": "lightcnn9 (original-trained)", "config": config,
              "versions": [{"name": "unveil", "value": "0.1.0"}, {"name": "Swift", "value": "6.3"},
                           {"name": "OpenBLAS", "value": "0.3.21"}, {"name": "fixture script", "value": f"numpy {np.__version__}, Pillow {PIL.__version__}, Python {platform.python_version()}"}],
              "blasKernel": "SkylakeX", "blasThreads": 2,
              "stageTimes": [{"stage": "occlude probes", "seconds": 1.234, "cached": True},
                             {"stage": "train recognizer (original)", "seconds": 83.51, "cached": False},
                             {"stage": "train OA-GAN", "seconds": 140.2, "cached": False},
                             {"stage": "de-occlude (oagan)", "seconds": 4.71, "cached": False},
                             {"stage": "de-occlude (inpaint)", "seconds": 0.82, "cached": False},
                             {"stage": "embed and match", "seconds": 6.05, "cached": False}],
              "startedAt": "2026-11-29T05:00:00Z"},
    "conditions": conditions, "comparisons": comparisons, "identifications": identifications,
    "quality": quality, "breakdowns": breakdowns, "strips": strips,
}
with open(os.path.join(OUT, "results.json"), "w") as f:
    json.dump(results, f, indent=2, sort_keys=True)
    f.write("\n")
print("wrote", os.path.join(OUT, "results.json"))
