import FaceData
import Imaging
import TensorCore

/// Pastes a new occluder on each paired sample's clean face every time it is drawn, instead
/// of reusing the occluded image written by `unveil occlude` (`OAGANTrainingSettings.freshOcclusions`;
/// **not in the paper**, whose paired set is fixed). The occluders are those `unveil occlude`
/// draws from (the procedural families, 64 variants each), rendered once and kept; the
/// placement follows each family's rule around the ArcFace template's landmarks, as
/// `unveil occlude` does for faces without landmarks. All randomness comes from the
/// trainer's generator, so a resumed run repeats an uninterrupted one.
struct FreshOcclusion: Sendable {
    let occluders: [Occluder]
    let synthesizer: OcclusionSynthesizer

    init(library: OccluderLibrary = OccluderLibrary()) {
        synthesizer = OcclusionSynthesizer(library: library)
        occluders = (0..<library.count).map(library.occluder(at:))
    }

    /// A newly occluded copy of `face` and its mask (1 = visible).
    /// - Shape: face `[3, S, S]` in [−1, 1] → occluded `[3, S, S]` in [−1, 1], mask `[1, S, S]` in [0, 1]
    func occlude(_ face: Tensor, using rng: inout SplitMix64) -> (occluded: Tensor, mask: Tensor) {
        let size = face.shape[2]
        let image = Image(width: size, height: size, channels: 3, pixels: face.scalars.map { ($0 + 1) / 2 })
        var random = FaceRandom(seed: rng.next(), stream: 0)
        let occluder = occluders[random.index(occluders.count)]
        let placement = OcclusionPlacement.sample(
            for: occluder, landmarks: FaceTemplate.arcface.points(size: size), using: &random)
        let result = synthesizer.paste(occluder, on: image, at: placement)
        return (Tensor(shape: [3, size, size], scalars: result.image.pixels.map { $0 * 2 - 1 }),
                Tensor(shape: [1, size, size], scalars: result.mask.pixels))
    }
}
