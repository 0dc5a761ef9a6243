/// What changes from one image of an identity to the next: alignment error, lighting,
/// expression, background, clothing, blur and noise.
public struct ImageVariation: Sendable, Codable, Equatable {
    public var angle: Float, scale: Float, shift: Point2       // alignment error
    public var lightAngle: Float, lightStrength: Float, exposure: Float, warmth: Float
    public var smile: Float, mouthOpen: Float, eyeOpen: Float, browRaise: Float, gaze: Point2
    public var background: RGB, backgroundGradient: RGB, clothing: RGB
    public var blurSigma: Float     // pixels at 128×128, scaled with the image size
    public var noiseSigma: Float

    /// A face without any variation (for tests and documentation figures).
    public static let neutral = ImageVariation(
        angle: 0, scale: 1, shift: Point2(0, 0), lightAngle: 0, lightStrength: 0, exposure: 1, warmth: 0,
        smile: 0.2, mouthOpen: 0, eyeOpen: 1, browRaise: 0, gaze: Point2(0, 0),
        background: RGB(0.6, 0.6, 0.6), backgroundGradient: RGB(0.6, 0.6, 0.6), clothing: RGB(0.3, 0.3, 0.4),
        blurSigma: 0, noiseSigma: 0)

    /// Draws one image's variation; `strength` scales every jitter (1 = the default study).
    public static func sample(strength: Float = 1, using random: inout FaceRandom) -> ImageVariation {
        func clamped(_ value: Float, _ limit: Float) -> Float { min(max(value, -limit), limit) }
        let level = random.uniform(0.4...0.75)
        let background = RGB(level + random.uniform(-0.1...0.1), level + random.uniform(-0.1...0.1),
                             level + random.uniform(-0.1...0.1))
        return ImageVariation(
            angle: clamped(0.05 * strength * random.normal(), 0.2),
            scale: 1 + clamped(0.035 * strength * random.normal(), 0.12),
            shift: Point2(clamped(0.015 * strength * random.normal(), 0.06),
                          clamped(0.015 * strength * random.normal(), 0.06)),
            lightAngle: random.uniform(0...(2 * Float.pi)),
            lightStrength: strength * random.uniform(0...0.3),
            exposure: 1 - strength * random.uniform(0...0.15),
            warmth: strength * random.uniform(-0.06...0.06),
            smile: random.uniform(-0.3...1), mouthOpen: random.chance(0.25) ? random.uniform(0.2...1) : 0,
            eyeOpen: random.chance(0.05) ? 0.15 : random.uniform(0.6...1.1),
            browRaise: random.uniform(-0.008...0.015),
            gaze: Point2(random.uniform(-0.3...0.3), random.uniform(-0.2...0.2)),
            background: background,
            backgroundGradient: background.mixed(with: RGB(random.unit(), random.unit(), random.unit()), 0.3),
            clothing: RGB(random.uniform(0.05...0.9), random.uniform(0.05...0.9), random.uniform(0.05...0.9)),
            blurSigma: strength * random.uniform(0...1.1),
            noiseSigma: strength * random.uniform(0...0.03))
    }
}
