#!/bin/sh
# Reproduces the OA-GAN measurement in docs/oagan.md: synthetic study (64×64), pasted
# occlusions for training (train split) and held-out evaluation (gallery split, disjoint
# identities), small-preset training, then mask IoU and PSNR on held-out pasted and natural
# (probe split) occlusions, written to OUT/oagan.evaluation.json.
# Usage: scripts/oagan_measure.sh [OUT] ; env: UNVEIL (binary), STEPS, PERCEPTUAL.
set -eu
UNVEIL=${UNVEIL:-.build/release/unveil}
OUT=${1:-/tmp/oagan-measure}
STEPS=${STEPS:-1500}
PERCEPTUAL=${PERCEPTUAL:-vgg16:models/vgg16.safetensors}
mkdir -p "$OUT"
[ -d "$OUT/synth" ] || "$UNVEIL" synth --out "$OUT/synth" --identities 120 --images-per-identity 10 --size 64 --seed 1
[ -d "$OUT/paired" ] || "$UNVEIL" occlude --protocol "$OUT/synth" --split train --out "$OUT/paired" --seed 1
[ -d "$OUT/paired-heldout" ] || "$UNVEIL" occlude --protocol "$OUT/synth" --split gallery --out "$OUT/paired-heldout" --seed 2
"$UNVEIL" train-deoccluder --paired "$OUT/paired" --natural "$OUT/synth" --out "$OUT/oagan.safetensors" \
    --preset small --steps "$STEPS" --seed 1 --eval-paired "$OUT/paired-heldout" --perceptual "$PERCEPTUAL"
