import Foundation

/// Where the five landmarks (left eye, right eye, nose tip, left and right mouth
/// corners, in image-left-first order as CelebA lists them) go in the aligned crop.
public enum FaceTemplate: String, Sendable, Codable, CaseIterable {
    /// ArcFace's 5-point template scaled to 128×128 (its 112×112 points shifted by
    /// 8 px in x), fitted by a least-squares similarity over all five points.
    case arcface
    /// The original LightCNN alignment: eyes horizontal, eye-centre to mouth-centre
    /// distance 48 px, eye centre at (64, 40) in a 128 crop (a two-point similarity).
    case lightcnn

    /// ArcFace template points for a 128×128 crop.
    public static let arcface128: [SIMD2<Double>] = [
        SIMD2(46.2946, 51.6963), SIMD2(81.5318, 51.5014), SIMD2(64.0252, 71.7366),
        SIMD2(49.5493, 92.3655), SIMD2(78.7299, 92.2041),
    ]

    /// LightCNN eye centre and eye–mouth distance in a 128×128 crop.
    public static let lightcnnEyeCentre128 = SIMD2<Double>(64, 40)
    public static let lightcnnEyeToMouth128 = 48.0

    /// Template points for a `size`×`size` crop (128-pixel coordinates times size/128).
    /// For `.lightcnn` these are the eye centre and the mouth centre.
    public func points(size: Int) -> [SIMD2<Double>] {
        let factor = Double(size) / 128
        switch self {
        case .arcface:
            return Self.arcface128.map { $0 * factor }
        case .lightcnn:
            let eye = Self.lightcnnEyeCentre128
            return [eye * factor, (eye + SIMD2(0, Self.lightcnnEyeToMouth128)) * factor]
        }
    }
}

/// Face alignment: a similarity transform from detected landmarks to a template,
/// then a bilinear warp into a square crop.
public enum FaceAlignment {
    /// Number of landmarks alignment expects.
    public static let landmarkCount = 5

    /// The similarity taking image coordinates into the `size`×`size` crop.
    /// - `.arcface`: least-squares (Umeyama) fit of all five points to the template.
    /// - `.lightcnn`: rotation that makes the eye line horizontal, scale that makes
    ///   the eye-centre to mouth-centre distance 48·size/128, translation that puts the
    ///   eye centre at (64, 40)·size/128.
    /// - Throws: `ImageError.landmarkCount`, `ImageError.degenerateLandmarks`.
    public static func transform(landmarks: [SIMD2<Double>], template: FaceTemplate, size: Int = 128) throws -> AffineTransform {
        guard landmarks.count == landmarkCount else {
            throw ImageError.landmarkCount(expected: landmarkCount, actual: landmarks.count)
        }
        guard landmarks.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
            throw ImageError.degenerateLandmarks("a landmark is not a finite number")
        }
        switch template {
        case .arcface:
            return try SimilarityTransform.estimate(from: landmarks, to: template.points(size: size)).affine
        case .lightcnn:
            let target = template.points(size: size)
            let eyeLine = landmarks[1] - landmarks[0]
            let eyeCentre = (landmarks[0] + landmarks[1]) / 2
            let mouthCentre = (landmarks[3] + landmarks[4]) / 2
            let eyeToMouth = ((mouthCentre - eyeCentre) * (mouthCentre - eyeCentre)).sum().squareRoot()
            guard eyeToMouth > 1e-6, (eyeLine * eyeLine).sum() > 1e-12 else {
                throw ImageError.degenerateLandmarks("eyes coincide or the mouth is at the eye centre")
            }
            let scale = (target[1].y - target[0].y) / eyeToMouth
            let angle = -atan2(eyeLine.y, eyeLine.x)
            let linear = AffineTransform.similarity(scale: scale, angle: angle, translation: .zero)
            let moved = linear.apply(eyeCentre)
            return AffineTransform.similarity(scale: scale, angle: angle, translation: target[0] - moved)
        }
    }

    /// The `size`×`size` face crop of `image` aligned to `template`.
    /// - Shape: `[C, H, W]` → `[C, size, size]`
    public static func align(_ image: Image, landmarks: [SIMD2<Double>], template: FaceTemplate,
                             size: Int = 128, fill: Float = 0) throws -> Image {
        let map = try transform(landmarks: landmarks, template: template, size: size)
        return image.warpedAffine(map, width: size, height: size, fill: fill)
    }
}
