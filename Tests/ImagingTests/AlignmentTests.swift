import Foundation
import Testing
import TestSupport
@testable import Imaging

private func distance(_ p: SIMD2<Double>, _ q: SIMD2<Double>) -> Double {
    ((p - q) * (p - q)).sum().squareRoot()
}

@Test func similarityRecoversKnownTransformFromNoisyLandmarks() throws {
    var generator = SeededGenerator(seed: 2026)
    let truth = SimilarityTransform(scale: 1.37, angle: -0.42, translation: SIMD2(23.5, -11.25))
    let source = (0..<5).map { _ in SIMD2(Double.random(in: 20...110, using: &generator), Double.random(in: 30...120, using: &generator)) }
    let noise = 0.3  // px, σ of the landmark noise
    let destination = source.map { truth.affine.apply($0) + SIMD2(noise * generator.normal(), noise * generator.normal()) }
    let estimate = try SimilarityTransform.estimate(from: source, to: destination)
    #expect(abs(estimate.scale - truth.scale) / truth.scale < 0.01)
    #expect(abs(estimate.angle - truth.angle) < 0.01)
    #expect(distance(estimate.translation, truth.translation) < 1.5)
    let exact = try SimilarityTransform.estimate(from: source, to: source.map { truth.affine.apply($0) })
    #expect(abs(exact.scale - truth.scale) < ImagingTolerance.geometry && abs(exact.angle - truth.angle) < ImagingTolerance.geometry)
    #expect(distance(exact.translation, truth.translation) < 1e-7)
}

@Test(arguments: ["noisy", "mirrored"])
func similarityMatchesScikitImage(_ name: String) throws {
    let fixture = try #require(try ImagingFixtures.load().similarity[name])
    let points = { (rows: [[Double]]) in rows.map { SIMD2($0[0], $0[1]) } }
    let estimate = try SimilarityTransform.estimate(from: points(fixture.source), to: points(fixture.destination))
    let matrix = estimate.affine.matrix
    let difference = zip(matrix.joined(), fixture.matrix.joined()).map { abs($0 - $1) }.max() ?? .infinity
    #expect(difference < 1e-9, "largest difference \(difference)")
    #expect(estimate.affine.determinant > 0, "a similarity never reflects")
}

@Test func similarityAcceptsTuples() throws {
    let estimate = try SimilarityTransform.estimate(from: [(x: 0, y: 0), (x: 1, y: 0)], to: [(x: 2, y: 2), (x: 2, y: 4)])
    #expect(abs(estimate.scale - 2) < ImagingTolerance.geometry && abs(estimate.angle - .pi / 2) < ImagingTolerance.geometry)
}

@Test func similarityRejectsBadLandmarks() {
    let p = SIMD2<Double>(1, 1)
    #expect(throws: ImageError.landmarkCount(expected: 2, actual: 3)) {
        try SimilarityTransform.estimate(from: [p, p], to: [p, p, p])
    }
    #expect(throws: ImageError.landmarkCount(expected: 2, actual: 1)) { try SimilarityTransform.estimate(from: [p], to: [p]) }
    #expect(throws: ImageError.self) { try SimilarityTransform.estimate(from: [p, p, p], to: [p, p * 2, p * 3]) }
}

/// Five plausible landmarks of a tilted face in a 180×200 photo.
private let photoLandmarks: [SIMD2<Double>] = [
    SIMD2(70, 90), SIMD2(115, 80), SIMD2(95, 112), SIMD2(78, 138), SIMD2(118, 130),
]

@Test(arguments: [128, 64])
func arcfaceAlignmentMapsTemplateFaceOntoTemplate(_ size: Int) throws {
    let template = FaceTemplate.arcface.points(size: size)
    let placement = SimilarityTransform(scale: 1.6, angle: 0.3, translation: SIMD2(12, -4)).affine
    let landmarks = template.map { placement.apply($0) }
    let map = try FaceAlignment.transform(landmarks: landmarks, template: .arcface, size: size)
    for (landmark, target) in zip(landmarks, template) {
        #expect(distance(map.apply(landmark), target) < 1e-9)
    }
}

@Test func lightcnnAlignmentLevelsEyesAndFixesDistances() throws {
    for size in [128, 64] {
        let map = try FaceAlignment.transform(landmarks: photoLandmarks, template: .lightcnn, size: size)
        let factor = Double(size) / 128
        let leftEye = map.apply(photoLandmarks[0]), rightEye = map.apply(photoLandmarks[1])
        let eyeCentre = (leftEye + rightEye) / 2
        let mouthCentre = (map.apply(photoLandmarks[3]) + map.apply(photoLandmarks[4])) / 2
        #expect(abs(leftEye.y - rightEye.y) < 1e-9 && leftEye.x < rightEye.x)
        #expect(distance(eyeCentre, SIMD2(64, 40) * factor) < 1e-9)
        #expect(abs(distance(eyeCentre, mouthCentre) - 48 * factor) < 1e-9)
    }
}

/// Aligning a picture with bright dots at the landmarks puts the dots on the template.
@Test(arguments: FaceTemplate.allCases)
func alignedImageHasLandmarksOnTemplate(_ template: FaceTemplate) throws {
    var photo = Image(width: 180, height: 200, channels: 3, filledWith: 0)
    for point in photoLandmarks {
        for y in 0..<photo.height {
            for x in 0..<photo.width {
                let r2 = pow(Double(x) - point.x, 2) + pow(Double(y) - point.y, 2)
                for c in 0..<3 { photo[c, y, x] += Float(exp(-r2 / (2 * 2.5 * 2.5))) }
            }
        }
    }
    let aligned = try FaceAlignment.align(photo, landmarks: photoLandmarks, template: template, size: 128)
    #expect(aligned.width == 128 && aligned.height == 128 && aligned.channels == 3)
    let map = try FaceAlignment.transform(landmarks: photoLandmarks, template: template)
    let expected = template == .arcface ? FaceTemplate.arcface128 : photoLandmarks.map { map.apply($0) }
    for target in expected {
        var best = (value: -Float.infinity, x: 0, y: 0)  // brightest pixel within 6 px of the target
        for y in max(Int(target.y) - 6, 0)...min(Int(target.y) + 6, 127) {
            for x in max(Int(target.x) - 6, 0)...min(Int(target.x) + 6, 127) where aligned[0, y, x] > best.value {
                best = (aligned[0, y, x], x, y)
            }
        }
        let offset = distance(SIMD2(Double(best.x), Double(best.y)), target)
        let allowed = template == .arcface ? 3.0 : 1.0  // arcface: least-squares residual of a non-template face
        #expect(offset < allowed, "dot at (\(best.x), \(best.y)), template point \(target)")
    }
}

@Test func alignmentRejectsBadLandmarks() {
    let image = Image(width: 8, height: 8, channels: 1)
    #expect(throws: ImageError.landmarkCount(expected: 5, actual: 4)) {
        try FaceAlignment.align(image, landmarks: Array(photoLandmarks.prefix(4)), template: .arcface)
    }
    let nan = [SIMD2<Double>(.nan, 1)] + photoLandmarks.dropFirst()
    #expect(throws: ImageError.self) { try FaceAlignment.align(image, landmarks: nan, template: .lightcnn) }
    let collapsed = [SIMD2<Double>](repeating: SIMD2(3, 3), count: 5)
    #expect(throws: ImageError.self) { try FaceAlignment.align(image, landmarks: collapsed, template: .lightcnn) }
    #expect(throws: ImageError.self) { try FaceAlignment.align(image, landmarks: collapsed, template: .arcface) }
}
