import Foundation
import Imaging
import TestSupport
import Testing
@testable import Deocclusion
import TensorCore

/// Ridge 1e-4 against UᵀWU ≈ 0.9·I biases coefficients by ~1e-4 relative; Float32 products.
private let spanTolerance: Float = 2e-3

/// A deterministic generator for the synthetic faces (SplitMix64).
fileprivate struct Mixer {
    var state: UInt64
    mutating func next() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Float((z ^ (z >> 31)) >> 40) / Float(1 << 24)
    }
}

/// Faces in a 4-dimensional affine space: a mean plus smooth patterns, values inside (0, 1).
fileprivate struct SyntheticFaces {
    let width = 16, height = 16, channels = 3
    var mean: [Float] = []
    var patterns: [[Float]] = []

    init() {
        let d = channels * height * width
        mean = (0..<d).map { i in 0.5 + 0.1 * Float((i % 16) - 8) / 8 }
        for k in 0..<4 {
            let frequency = Double(k + 1)
            patterns.append((0..<d).map { i -> Float in
                let x = Double(i % 16), y = Double((i / 16) % 16), c = Double(i / 256)
                let wave = k % 2 == 0 ? sin(x * frequency / 5 + c) : cos(y * frequency / 4 - c)
                return Float(0.05 * frequency.squareRoot() * wave)
            })
        }
    }

    func face(_ coefficients: [Float]) -> Image {
        var pixels = mean
        for (k, a) in coefficients.enumerated() { for i in pixels.indices { pixels[i] += a * patterns[k][i] } }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    func random(_ count: Int, seed: UInt64) -> [Image] {
        var mixer = Mixer(state: seed)
        return (0..<count).map { _ in face((0..<4).map { _ in 2 * mixer.next() - 1 }) }
    }
}

/// Hides the square `[x0, x0+size) × [y0, y0+size)` behind `value`; returns image and mask.
private func occlude(_ image: Image, x0: Int, y0: Int, size: Int, value: Float) -> (Image, Image) {
    var occluded = image
    var mask = Image(width: image.width, height: image.height, channels: 1, filledWith: 1)
    for y in y0 ..< y0 + size { for x in x0 ..< x0 + size {
        mask[0, y, x] = 0
        for c in 0..<image.channels { occluded[c, y, x] = value }
    } }
    return (occluded, mask)
}

@Suite struct PCATests {
    fileprivate let faces = SyntheticFaces()

    @Test func fitRecoversAnOrthonormalBasisOfTheSpan() throws {
        let basis = try PCABasis.fit(faces: faces.random(12, seed: 1), components: 4)
        let d = basis.dimension
        for i in 0..<4 { for j in 0..<4 {
            var dot: Float = 0
            for p in 0..<d { dot += basis.components[i * d + p] * basis.components[j * d + p] }
            #expect(abs(dot - (i == j ? 1 : 0)) < 1e-4, "UᵀU[\(i),\(j)] = \(dot)")
        } }
        #expect(zip(basis.variances, basis.variances.dropFirst()).allSatisfy { $0 >= $1 })
        // A new face of the span is reproduced from all its pixels.
        let face = faces.face([0.3, -0.7, 0.5, 0.1])
        let all = [Float](repeating: 1, count: face.planeSize)
        let worst = maxAbsoluteDifference(try PCADeoccluder(basis: basis).reconstruct(face, weights: all), face.pixels)
        #expect(worst < spanTolerance, "largest difference \(worst)")
    }

    @Test func holeInAFaceOfTheSpanIsRecoveredWithTheMask() throws {
        let basis = try PCABasis.fit(faces: faces.random(12, seed: 2), components: 4)
        let truth = faces.face([-0.4, 0.8, 0.2, -0.6])
        let (occluded, mask) = occlude(truth, x0: 4, y0: 5, size: 6, value: 0)
        let result = try PCADeoccluder(basis: basis).deocclude([occluded], masks: [mask])[0]
        let worst = maxAbsoluteDifference(result.recovered.pixels, truth.pixels)
        #expect(worst < spanTolerance, "largest difference \(worst)")
        #expect(result.predictedMask == nil)
    }

    @Test func robustReweightingFindsTheOccluderWithoutAMask() throws {
        let basis = try PCABasis.fit(faces: faces.random(12, seed: 3), components: 4)
        let truth = faces.face([0.6, 0.1, -0.5, 0.4])
        let (occluded, mask) = occlude(truth, x0: 8, y0: 2, size: 5, value: 1)
        let result = try PCADeoccluder(basis: basis).deocclude([occluded])[0]
        let worst = maxAbsoluteDifference(result.recovered.pixels, truth.pixels)
        #expect(worst < spanTolerance, "largest difference \(worst)")
        let predicted = try #require(result.predictedMask)
        let hidden = mask.pixels.indices.filter { mask.pixels[$0] < 0.5 }
        #expect(hidden.allSatisfy { predicted.pixels[$0] < 0.5 }, "every occluded pixel flagged")
    }

    @Test func moreFacesThanPixelsUsesTheCovariance() throws {
        var mixer = Mixer(state: 9)
        let tiny = (0..<20).map { _ in Image(width: 2, height: 2, channels: 1, pixels: (0..<4).map { _ in mixer.next() }) }
        let basis = try PCABasis.fit(faces: tiny, components: 4)
        let face = tiny[3]
        let rebuilt = try PCADeoccluder(basis: basis).reconstruct(face, weights: [1, 1, 1, 1])
        #expect(maxAbsoluteDifference(rebuilt, face.pixels) < spanTolerance)
    }

    @Test func fitRejectsBadInput() {
        let face = Image(width: 4, height: 4, channels: 1, filledWith: 0.5)
        #expect(throws: DeocclusionError.notEnoughTrainingFaces(count: 1)) {
            try PCABasis.fit(faces: [face], components: 1)
        }
        #expect(throws: DeocclusionError.trainingFaceShapeMismatch(index: 1, expected: "4×4×1", found: "4×3×1")) {
            try PCABasis.fit(faces: [face, Image(width: 4, height: 3, channels: 1)], components: 1)
        }
        #expect(throws: DeocclusionError.invalidComponentCount(3, maximum: 2)) {
            try PCABasis.fit(faces: [face, face, face], components: 3)
        }
        // Identical faces have rank 0: no component can be fitted.
        #expect(throws: DeocclusionError.invalidComponentCount(1, maximum: 0)) {
            try PCABasis.fit(faces: [face, face, face], components: 1)
        }
    }

    @Test func faceOfAnotherSizeIsRejected() throws {
        let basis = try PCABasis.fit(faces: faces.random(6, seed: 4), components: 2)
        #expect(throws: DeocclusionError.basisShapeMismatch(basis: "16×16×3", image: "8×8×3")) {
            try PCADeoccluder(basis: basis).deocclude([Image(width: 8, height: 8, channels: 3)])
        }
    }
}

@Suite struct PCABasisFileTests {
    @Test func basisRoundTripsThroughSafetensorsAndTheSpec() throws {
        let basis = try PCABasis.fit(faces: SyntheticFaces().random(6, seed: 5), components: 3)
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("basis.safetensors")
        try basis.write(to: url)
        #expect(try PCABasis(contentsOf: url) == basis)
        let deoccluder = try makeDeoccluder(.pca(path: url.path))
        #expect(deoccluder.identity == "pca:" + (try FileDigest.shortHex(of: url)))
        #expect(deoccluder.identity.count == 16)
    }

    @Test func malformedBasisFilesNameTheProblem() throws {
        let folder = try Fixtures.temporaryDirectory()
        let cases: [(String, SafeTensorsFile)] = [
            ("kind", SafeTensorsFile(tensors: [:], metadata: [:])),
            ("tensors", SafeTensorsFile(tensors: ["mean": TensorData(shape: [1, 2, 2], scalars: [0, 0, 0, 0])],
                                        metadata: ["kind": PCABasis.fileKind])),
            ("components", SafeTensorsFile(tensors: [
                "mean": TensorData(shape: [1, 2, 2], scalars: [0, 0, 0, 0]),
                "components": TensorData(shape: [1, 1, 2, 3], scalars: [0, 0, 0, 0, 0, 0]),
                "variances": TensorData(shape: [1], scalars: [1]),
                "residual_variance": TensorData(shape: [2, 2], scalars: [0, 0, 0, 0]),
            ], metadata: ["kind": PCABasis.fileKind])),
            ("residual_variance", SafeTensorsFile(tensors: [
                "mean": TensorData(shape: [1, 2, 2], scalars: [0, 0, 0, 0]),
                "components": TensorData(shape: [1, 1, 2, 2], scalars: [1, 0, 0, 0]),
                "variances": TensorData(shape: [1], scalars: [1]),
                "residual_variance": TensorData(shape: [4], scalars: [0, 0, 0, 0]),
            ], metadata: ["kind": PCABasis.fileKind])),
            ("NaN", SafeTensorsFile(tensors: [
                "mean": TensorData(shape: [1, 1, 2], scalars: [0, .nan]),
                "components": TensorData(shape: [1, 1, 1, 2], scalars: [1, 0]),
                "variances": TensorData(shape: [1], scalars: [1]),
                "residual_variance": TensorData(shape: [1, 2], scalars: [0, 0]),
            ], metadata: ["kind": PCABasis.fileKind])),
        ]
        for (word, file) in cases {
            let url = folder.appendingPathComponent("\(word).safetensors")
            try SafeTensors.write(file, to: url)
            do {
                _ = try PCABasis(contentsOf: url)
                Issue.record("expected malformedBasis for \(word)")
            } catch let error as DeocclusionError {
                #expect(error.description.contains(url.path) && error.description.contains(word), "\(error)")
            }
        }
        #expect(throws: (any Error).self) { try PCABasis(contentsOf: folder.appendingPathComponent("missing.safetensors")) }
    }
}
