#!/bin/sh
# The de-occlusion table of docs/oagan.md: mask IoU, PSNR and SSIM (whole face and occluded
# region) of recovered vs ground truth, against the occluded input, on held-out pasted
# occlusions and on "natural" (renderer-drawn) occlusions, for OA-GAN, inpaint with the
# ground-truth mask, inpaint with OA-GAN's predicted mask, and PCA. Uses the folders made by
# scripts/oagan_measure.sh. Usage: scripts/oagan_table.sh MODEL [OUT] ; env: UNVEIL.
set -eu
UNVEIL=${UNVEIL:-.build/release/unveil}
MODEL=$1
OUT=${2:-/tmp/oagan-measure}
TABLE="$OUT/table"
rm -rf "$TABLE"
mkdir -p "$TABLE"
# flat SET SOURCE_DIR: symlinks SET/<id>_<n>.png -> SOURCE_DIR/<id>/<n>.png (quality pairs by file name).
flat() {
    mkdir -p "$1"
    for f in "$2"/*/*.png; do
        ln -s "$(realpath "$f")" "$1/$(basename "$(dirname "$f")")_$(basename "$f")"
    done
}
[ -f "$OUT/pca.safetensors" ] || "$UNVEIL" deocclude --input "$OUT/synth/train.csv" --fit-pca 60 --out "$OUT/pca.safetensors"
for SET in pasted natural; do
    if [ $SET = pasted ]; then
        IMAGES="$OUT/paired-heldout/images"; MASKS="$OUT/paired-heldout/masks"
        mkdir -p "$TABLE/pasted/truth"
        tail -n +2 "$OUT/paired-heldout/manifest.csv" | while IFS=, read -r path subject truth rest; do
            ln -s "$(realpath "$truth")" "$TABLE/pasted/truth/$(basename "$(dirname "$path")")_$(basename "$path")"
        done
    else
        IMAGES="$TABLE/natural/input-tree"; MASKS="$TABLE/natural/mask-tree"
        mkdir -p "$IMAGES" "$MASKS" "$TABLE/natural/truth"
        tail -n +2 "$OUT/synth/probe.csv" | while IFS=, read -r path subject truth mask rest; do
            name="$(basename "$(dirname "$path")")_$(basename "$path")"
            mkdir -p "$IMAGES/$subject" "$MASKS/$subject"
            ln -s "$(realpath "$OUT/synth/$path")" "$IMAGES/$subject/$(basename "$path")"
            ln -s "$(realpath "$OUT/synth/$mask")" "$MASKS/$subject/$(basename "$path")"
            ln -s "$(realpath "$OUT/synth/$truth")" "$TABLE/natural/truth/$name"
        done
    fi
    flat "$TABLE/$SET/masks" "$MASKS"
    flat "$TABLE/$SET/occluded" "$IMAGES"
    "$UNVEIL" quality --reference "$TABLE/$SET/truth" --test "$TABLE/$SET/occluded" --masks "$TABLE/$SET/masks" \
        --out "$TABLE/$SET-none.csv"
    for METHOD in "oagan:$MODEL" "inpaint:gt" "inpaint:oagan:$MODEL" "pca:$OUT/pca.safetensors"; do
        TAG=$(echo "$METHOD" | cut -d: -f1-2 | sed 's/:.*\/.*//; s/:/-/')
        "$UNVEIL" deocclude --deoccluder "$METHOD" --input "$IMAGES" --masks "$MASKS" --out "$TABLE/$SET/rec-$TAG"
        flat "$TABLE/$SET/recovered-$TAG" "$TABLE/$SET/rec-$TAG"
        PRED=""
        if [ -d "$TABLE/$SET/rec-$TAG/masks" ]; then
            flat "$TABLE/$SET/predicted-$TAG" "$TABLE/$SET/rec-$TAG/masks"
            PRED="--predicted-masks $TABLE/$SET/predicted-$TAG"
        fi
        "$UNVEIL" quality --reference "$TABLE/$SET/truth" --test "$TABLE/$SET/recovered-$TAG" \
            --masks "$TABLE/$SET/masks" $PRED --out "$TABLE/$SET-$TAG.csv"
    done
done
python3 - "$TABLE" <<'PY'
import csv, glob, math, os, sys
table = sys.argv[1]
print("| set | method | PSNR (dB) | SSIM | PSNR occluded region | SSIM occluded region | mask IoU (per-image mean, t = 0.5) |")
print("|---|---|---|---|---|---|---|")
for path in sorted(glob.glob(os.path.join(table, "*.csv"))):
    rows = list(csv.DictReader(open(path)))
    def mean(key):
        v = [float(r[key]) for r in rows if r.get(key) not in (None, "") and math.isfinite(float(r[key]))]
        return sum(v) / len(v) if v else float("nan")
    name = os.path.basename(path)[:-4]
    iou = mean("mask_iou")
    print(f"| {name.split('-', 1)[0]} ({len(rows)}) | {name.split('-', 1)[1]} | {mean('psnr'):.2f} | {mean('ssim'):.3f} | "
          f"{mean('psnr_occluded'):.2f} | {mean('ssim_occluded'):.3f} | {'' if math.isnan(iou) else f'{iou:.3f}'} |")
PY
