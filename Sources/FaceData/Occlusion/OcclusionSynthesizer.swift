import Foundation
import Imaging

/// One occluded image with everything needed to reproduce it.
public struct OccludedFace: Sendable {
    /// - Shape: `[3, H, W]`
    public var image: Image
    /// 1 = visible, 0 = occluded (1 − warped alpha, soft at edges and behind tinted lenses).
    /// - Shape: `[1, H, W]`
    public var mask: Image
    public var family: OccluderFamily
    public var variant: String
    public var placement: OcclusionPlacement
    /// Fraction of pixels whose occluder alpha is at least ½.
    public var occludedFraction: Double
}

/// Pastes occluders from a library onto aligned faces (paired data for OA-GAN).
public struct OcclusionSynthesizer: Sendable {
    public var library: OccluderLibrary

    public init(library: OccluderLibrary = OccluderLibrary()) { self.library = library }

    /// Occludes `face` with a random occluder placed by its family's rule.
    /// - Parameter landmarks: the face's five landmarks in pixels; nil uses the ArcFace template.
    public func occlude(_ face: Image, landmarks: [SIMD2<Double>]?, using random: inout FaceRandom) -> OccludedFace {
        let occluder = library.occluder(at: random.index(library.count))
        let points = landmarks ?? FaceTemplate.arcface.points(size: face.width)
        let placement = OcclusionPlacement.sample(for: occluder, landmarks: points, using: &random)
        return paste(occluder, on: face, at: placement)
    }

    /// Pastes `occluder` at `placement`: `out = face·(1 − α) + sprite·α`.
    public func paste(_ occluder: Occluder, on face: Image, at placement: OcclusionPlacement) -> OccludedFace {
        let rgbFace = face.rgb()
        let map = placement.transform(spriteWidth: occluder.image.width, spriteHeight: occluder.image.height)
        let sprite = occluder.image.warpedAffine(map, width: face.width, height: face.height)
        let alphaImage = Image(width: occluder.image.width, height: occluder.image.height, channels: 1, pixels: occluder.alpha)
            .warpedAffine(map, width: face.width, height: face.height)
        let plane = face.planeSize
        var out = rgbFace
        var covered = 0
        for i in 0..<plane {
            let a = min(max(alphaImage.pixels[i], 0), 1)
            if a >= 0.5 { covered += 1 }
            for c in 0..<3 {
                out.pixels[c * plane + i] += (sprite.pixels[c * plane + i] - out.pixels[c * plane + i]) * a
            }
        }
        let mask = Image(width: face.width, height: face.height, channels: 1,
                         pixels: alphaImage.pixels.map { 1 - min(max($0, 0), 1) })
        return OccludedFace(image: out, mask: mask, family: occluder.family, variant: occluder.variant,
                            placement: placement, occludedFraction: Double(covered) / Double(plane))
    }
}
