import Foundation

/// The persistent look of one synthetic identity: every image of the identity is drawn
/// from these traits (plus per-image variation), so they are what recognition must learn.
/// Positions are in normalised image units of the canonical aligned face (y down).
public struct IdentityTraits: Sendable, Codable, Equatable {
    public enum HairStyle: String, Sendable, Codable, CaseIterable {
        case bald, buzz, short, sidePart, fringe, medium, long, bun
    }

    public var isMale: Bool
    public var isYoung: Bool
    // Face outline.
    public var faceHalfWidth: Float, faceTop: Float, faceBottom: Float, jawTaper: Float
    public var skinTone: Float          // 0 = palest … 1 = darkest
    public var skin: RGB
    // Eyes.
    public var eyeHalfSpacing: Float, eyeHeight: Float, eyeWidth: Float, eyeAspect: Float, eyeTilt: Float
    public var iris: RGB
    // Brows.
    public var browThickness: Float, browGap: Float, browArch: Float, browTilt: Float, browLength: Float
    // Nose.
    public var noseLength: Float, noseWidth: Float
    // Mouth.
    public var mouthHalfWidth: Float, mouthHeight: Float, lipThickness: Float
    public var lips: RGB
    // Hair.
    public var hair: RGB
    public var hairStyle: HairStyle
    public var hairline: Float, hairVolume: Float, partSide: Float
    // Facial hair and make-up.
    public var hasStubble: Bool, hasMustache: Bool, hasGoatee: Bool, hasBeard: Bool, hasSideburns: Bool
    public var hasHeavyMakeup: Bool, hasLipstick: Bool
    public var makeupTint: RGB
    // Marks: moles (position, radius) and freckle density.
    public var moles: [Point2], moleRadius: Float, freckles: Float, freckleSeed: UInt64
    public var earSize: Float

    /// Draws one identity's traits.
    public static func sample(using random: inout FaceRandom) -> IdentityTraits {
        let isMale = random.chance(0.5)
        let isYoung = random.chance(0.7)
        let tone = random.unit()
        let pale = RGB(0.97, 0.86, 0.78), mid = RGB(0.80, 0.60, 0.45), dark = RGB(0.38, 0.24, 0.16)
        var skin = tone < 0.5 ? pale.mixed(with: mid, tone * 2) : mid.mixed(with: dark, (tone - 0.5) * 2)
        skin = RGB(skin.r + random.uniform(-0.03...0.03), skin.g + random.uniform(-0.03...0.03), skin.b)

        let irises = [RGB(0.30, 0.18, 0.08), RGB(0.12, 0.08, 0.05), RGB(0.25, 0.45, 0.70),
                      RGB(0.30, 0.50, 0.30), RGB(0.50, 0.40, 0.20), RGB(0.50, 0.55, 0.60)]
        let hairs = [RGB(0.08, 0.06, 0.05), RGB(0.25, 0.15, 0.08), RGB(0.45, 0.30, 0.15),
                     RGB(0.85, 0.70, 0.40), RGB(0.60, 0.25, 0.10), RGB(0.35, 0.28, 0.22)]
        var hair = hairs[random.index(hairs.count)]
        if !isYoung { hair = hair.mixed(with: RGB(0.75, 0.75, 0.75), random.uniform(0.3...0.8)) }

        let styles: [HairStyle] = isMale
            ? [.bald, .buzz, .short, .short, .sidePart, .sidePart, .fringe, .medium]
            : [.short, .fringe, .medium, .medium, .long, .long, .long, .bun]
        let hasBeard = isMale && random.chance(0.2)
        let hasGoatee = isMale && !hasBeard && random.chance(0.2)
        let hasMustache = isMale && (hasBeard ? random.chance(0.8) : random.chance(0.25))
        let hasStubble = isMale && !hasBeard && random.chance(0.35)
        let hasSideburns = isMale && (hasBeard || random.chance(0.25))
        let hasHeavyMakeup = !isMale && random.chance(0.45)
        let hasLipstick = !isMale && random.chance(hasHeavyMakeup ? 0.85 : 0.3)
        let lipBase = skin.mixed(with: RGB(0.65, 0.30, 0.30), 0.55)
        let lipsticks = [RGB(0.75, 0.10, 0.15), RGB(0.60, 0.15, 0.30), RGB(0.85, 0.35, 0.40), RGB(0.50, 0.10, 0.10)]
        let makeups = [RGB(0.45, 0.30, 0.50), RGB(0.30, 0.40, 0.55), RGB(0.50, 0.35, 0.25), RGB(0.35, 0.45, 0.35)]
        let moleCount = random.index(4)
        let moles = (0..<moleCount).map { _ in Point2(random.uniform(0.28...0.72), random.uniform(0.45...0.78)) }

        return IdentityTraits(
            isMale: isMale, isYoung: isYoung,
            faceHalfWidth: random.uniform(0.25...0.31) + (isMale ? 0.015 : 0),
            faceTop: random.uniform(0.36...0.42), faceBottom: random.uniform(0.33...0.40),
            jawTaper: random.uniform(0.15...0.5) - (isMale ? 0.1 : 0),
            skinTone: tone, skin: skin,
            eyeHalfSpacing: random.uniform(0.135...0.18), eyeHeight: random.uniform(0.38...0.43),
            eyeWidth: random.uniform(0.045...0.07), eyeAspect: random.uniform(0.35...0.6),
            eyeTilt: random.uniform(-0.15...0.15), iris: irises[random.index(irises.count)],
            browThickness: random.uniform(0.008...0.02) + (isMale ? 0.004 : 0),
            browGap: random.uniform(0.045...0.075), browArch: random.uniform(-0.005...0.025),
            browTilt: random.uniform(-0.12...0.12), browLength: random.uniform(0.9...1.4),
            noseLength: random.uniform(0.09...0.16), noseWidth: random.uniform(0.028...0.055),
            mouthHalfWidth: random.uniform(0.055...0.1), mouthHeight: random.uniform(0.65...0.72),
            lipThickness: random.uniform(0.007...0.02),
            lips: hasLipstick ? lipsticks[random.index(lipsticks.count)] : lipBase,
            hair: hair, hairStyle: styles[random.index(styles.count)],
            hairline: random.uniform(0.14...0.22), hairVolume: random.uniform(0.02...0.07),
            partSide: random.chance(0.5) ? -1 : 1,
            hasStubble: hasStubble, hasMustache: hasMustache, hasGoatee: hasGoatee, hasBeard: hasBeard,
            hasSideburns: hasSideburns, hasHeavyMakeup: hasHeavyMakeup, hasLipstick: hasLipstick,
            makeupTint: makeups[random.index(makeups.count)],
            moles: moles, moleRadius: random.uniform(0.005...0.01), freckles: random.chance(0.2) ? random.uniform(0.3...1) : 0,
            freckleSeed: random.next(),
            earSize: random.uniform(0.04...0.065))
    }

    /// The ten CelebA attributes of the paper, derived from the traits (see docs/face-data.md).
    public var attributes: FaceAttributes {
        FaceAttributes(values: [
            .fiveOClockShadow: hasStubble, .goatee: hasGoatee, .heavyMakeup: hasHeavyMakeup,
            .male: isMale, .mustache: hasMustache, .noBeard: !(hasBeard || hasGoatee),
            .paleSkin: skinTone < 0.18, .sideburns: hasSideburns, .wearingLipstick: hasLipstick,
            .young: isYoung,
        ])
    }
}
