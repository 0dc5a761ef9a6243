import Imaging

/// Checks that `masks` (if given) has one entry per face and that each mask is single-channel
/// and face-sized; throws `DeocclusionError.maskCountMismatch` / `.maskShapeMismatch`.
func validateMasks(_ masks: [Image?]?, for batch: [Image]) throws {
    guard let masks else { return }
    guard masks.count == batch.count else {
        throw DeocclusionError.maskCountMismatch(images: batch.count, masks: masks.count)
    }
    for (index, (image, mask)) in zip(batch, masks).enumerated() {
        guard let mask else { continue }
        guard mask.channels == 1, mask.width == image.width, mask.height == image.height else {
            throw DeocclusionError.maskShapeMismatch(index: index, image: shapeText(image), mask: shapeText(mask))
        }
    }
}

/// Whether mask value `v` marks a visible pixel (masks may be soft; 0.5 splits them).
@inline(__always) func isVisible(_ v: Float) -> Bool { v >= 0.5 }
