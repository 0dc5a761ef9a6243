// swift-tools-version: 6.0
import PackageDescription

/// Targets as laid out in shared/DESIGN.md; dependencies point one way:
/// TensorCore → NeuralNet → {Recognition, Deocclusion} → Evaluation → Reports → unveil.
let package = Package(
    name: "Unveil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "unveil", targets: ["unveil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CLAPACKE", pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev"])]),
        .target(
            name: "CImageCodecs",
            cSettings: [.unsafeFlags(["-O2"])],
            linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg")]),
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "TensorCore", dependencies: ["CBLAS", "CKernels"]),
        .target(name: "NeuralNet", dependencies: ["TensorCore"]),
        .target(name: "Imaging", dependencies: ["CImageCodecs", "CLAPACKE", "TensorCore"]),
        .target(name: "FaceData", dependencies: ["Imaging", "TensorCore"]),
        .target(name: "Recognition", dependencies: ["NeuralNet", "FaceData"]),
        .target(name: "Deocclusion", dependencies: ["NeuralNet", "FaceData", "CLAPACKE"]),
        .target(name: "Evaluation", dependencies: ["Recognition", "Deocclusion"]),
        .target(name: "Reports", dependencies: ["Evaluation"]),
        .executableTarget(
            name: "unveil",
            dependencies: [
                "TensorCore", "NeuralNet", "Imaging", "FaceData", "Recognition",
                "Deocclusion", "Evaluation", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(name: "TestSupport", dependencies: ["TensorCore", "NeuralNet", "Imaging"], path: "Sources/TestSupport"),
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore", "TestSupport"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "TestSupport"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestSupport"]),
        .testTarget(name: "FaceDataTests", dependencies: ["FaceData", "TestSupport"]),
        .testTarget(name: "RecognitionTests", dependencies: ["Recognition", "TestSupport"]),
        .testTarget(name: "DeocclusionTests", dependencies: ["Deocclusion", "FaceData", "TestSupport"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Deocclusion", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "TestSupport"]),
        .testTarget(name: "UnveilTests", dependencies: ["unveil", "TestSupport"]),
    ]
)
