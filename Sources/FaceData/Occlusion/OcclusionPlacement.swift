import Foundation
import Imaging

/// Where a sprite lands on a face: its centre, width and rotation in image pixels.
public struct OcclusionPlacement: Sendable, Codable, Equatable {
    public var centerX: Double
    public var centerY: Double
    /// Sprite width in pixels.
    public var width: Double
    /// Rotation in radians (clockwise on screen).
    public var angle: Double

    public init(centerX: Double, centerY: Double, width: Double, angle: Double) {
        self.centerX = centerX
        self.centerY = centerY
        self.width = width
        self.angle = angle
    }

    /// Places `occluder` on a face with `landmarks` (left eye, right eye, nose, mouth
    /// corners; pixels) by its family's rule: glasses across the eyes, masks and scarves
    /// over the lower face, hats above the eyes, hands and objects anywhere on the face.
    public static func sample(for occluder: Occluder, landmarks: [SIMD2<Double>], using random: inout FaceRandom) -> OcclusionPlacement {
        let leftEye = landmarks[0], rightEye = landmarks[1], nose = landmarks[2]
        let mouth = (landmarks[3] + landmarks[4]) / 2
        let eyeMid = (leftEye + rightEye) / 2
        let eyeLine = rightEye - leftEye
        let d = max((eyeLine * eyeLine).sum().squareRoot(), 1)
        let theta = atan2(eyeLine.y, eyeLine.x)
        let across = SIMD2(cos(theta), sin(theta)), down = SIMD2(-sin(theta), cos(theta))
        func u(_ range: ClosedRange<Float>) -> Double { Double(random.uniform(range)) }
        func jitter(_ s: Float) -> Double { Double(s * random.normal()) }
        var center: SIMD2<Double>
        var angle = theta + jitter(0.05)
        var scale = u(0.9...1.1)
        switch occluder.family {
        case .eyeglasses, .sunglasses:
            center = eyeMid + down * (d * (0.03 + jitter(0.04))) + across * (d * jitter(0.03))
        case .respirator:
            center = nose + (mouth - nose) * 0.55 + down * (d * jitter(0.05))
        case .surgicalMask:
            center = nose + (mouth - nose) * 0.65 + down * (d * jitter(0.05))
        case .scarf:
            center = mouth - down * (d * u(0.05...0.3))
        case .hatBrim:
            center = eyeMid - down * (d * u(0.75...1.05))
        case .hand, .object:
            center = eyeMid + across * (d * u(-0.8...0.8)) + down * (d * u(-0.4...1.8))
            angle = u(-3.1416...3.1416)
            scale = u(0.8...1.25)
        case .cup:
            center = mouth + across * (d * u(-0.4...0.4)) + down * (d * u(0.0...0.5))
            angle = theta + jitter(0.2)
        case .phone:
            let side = random.chance(0.5) ? -1.0 : 1.0
            center = random.chance(0.5) ? nose + across * (side * d * u(0.7...1.0)) : mouth + down * (d * u(0.0...0.3))
            angle = theta + jitter(0.3)
        }
        return OcclusionPlacement(centerX: center.x, centerY: center.y, width: occluder.relativeWidth * d * scale, angle: angle)
    }

    /// Sprite pixel → image pixel (pixel centres at integers).
    func transform(spriteWidth: Int, spriteHeight: Int) -> Imaging.AffineTransform {
        let k = width / Double(spriteWidth)
        let spriteCenter = SIMD2(Double(spriteWidth - 1) / 2, Double(spriteHeight - 1) / 2)
        let linear = Imaging.AffineTransform.similarity(scale: k, angle: angle, translation: .zero)
        return Imaging.AffineTransform.similarity(scale: k, angle: angle,
                                          translation: SIMD2(centerX, centerY) - linear.apply(spriteCenter))
    }
}
