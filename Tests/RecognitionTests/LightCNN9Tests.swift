import Foundation
import Testing
import TensorCore
import TestSupport
@testable import Recognition

/// Float32 BLAS forward vs the float64 NumPy reference, relative to the output's largest
/// magnitude (shared/DESIGN.md: 1e-4); the measured gap is about 5e-6.
private let referenceRelativeTolerance: Float = 1e-4
/// The difference between two images' embeddings is ~100× smaller than the embeddings,
/// so it is compared relative to its own size with a looser bound (measured 4e-4 in float32).
private let contrastRelativeTolerance: Float = 1e-2

/// max |a − b| / max |b|
private func relativeError(_ a: [Float], _ b: [Float]) -> Float {
    maxAbsoluteDifference(a, b) / max(b.map(abs).max() ?? 0, .leastNormalMagnitude)
}

@Test func officialParameterNamesAndShapes() throws {
    var rng = SplitMix64(seed: 3)
    let model = try LightCNN9(configuration: .official(classes: 10), using: &rng)
    let official = try LightCNN9Fixture.officialParameters()
    #expect(model.namedParameters.map(\.key) == official.map(\.name))
    #expect(model.namedParameters.map(\.parameter.value.shape) == official.map(\.shape))
    let embeddingParameters = model.namedParameters.filter { !$0.key.hasPrefix("fc2.") }
        .reduce(0) { $0 + $1.parameter.value.count }
    #expect(embeddingParameters == 5_480_864)
}

@Test func quickPresetShrinksOnlyFC1() throws {
    var rng = SplitMix64(seed: 3)
    let model = try LightCNN9(configuration: .quick(), using: &rng)
    let shapes = Dictionary(uniqueKeysWithValues: model.namedParameters.map { ($0.key, $0.parameter.value.shape) })
    #expect(shapes["fc1.filter.weight"] == [512, 2048])
    #expect(shapes["fc2.weight"] == nil)
    #expect(model.configuration.label.contains("quick preset"))
}

@Test(arguments: [0, 24, 130])
func unsupportedInputSizeIsAnError(_ size: Int) {
    var rng = SplitMix64(seed: 3)
    #expect(throws: RecognitionError.unsupportedInputSize(size)) {
        try LightCNN9(configuration: LightCNN9Configuration(inputSize: size), using: &rng)
    }
}

@Test(arguments: [("official128", 128, 2, 10), ("quick64", 64, 1, 7)])
func embeddingsMatchNumPyReference(_ name: String, _ size: Int, _ batch: Int, _ classes: Int) throws {
    let model = try LightCNN9Fixture.model(inputSize: size, classes: classes)
    let input = LightCNN9Fixture.input(batch: batch, size: size)
    let expected = try NPY.read(from: Fixtures.url("recognition/\(name)_embedding.npy"))
    let expectedLogits = try NPY.read(from: Fixtures.url("recognition/\(name)_logits.npy"))

    let embedding = model.embed(input)
    #expect(embedding.shape == [batch, 256])
    let error = relativeError(embedding.scalars, expected.scalars)
    #expect(error < referenceRelativeTolerance, "embedding relative error \(error)")
    let logitsError = relativeError(model.classify(input).scalars, expectedLogits.scalars)
    #expect(logitsError < referenceRelativeTolerance, "logits relative error \(logitsError)")

    if batch > 1 {
        let contrast = zip(embedding.scalars[0..<256], embedding.scalars[256..<512]).map { $0 - $1 }
        let expectedContrast = zip(expected.scalars[0..<256], expected.scalars[256..<512]).map { $0 - $1 }
        let contrastError = relativeError(contrast, expectedContrast)
        #expect(contrastError < contrastRelativeTolerance, "embedding difference relative error \(contrastError)")
    }
}

@Test func loadsOfficialFileWithModulePrefixAndWithoutFC2() throws {
    let directory = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let reference = try LightCNN9Fixture.model(inputSize: 64, classes: 7)
    let weights = reference.stateDict()
    let input = LightCNN9Fixture.input(batch: 1, size: 64)
    let expected = reference.embed(input)

    let prefixed = directory.appendingPathComponent("module.safetensors")
    try SafeTensors.write(SafeTensorsFile(tensors: Dictionary(uniqueKeysWithValues: weights.map { ("module." + $0.key, $0.value.tensorData) }),
                                          metadata: [:]), to: prefixed)
    let withClassifier = try LightCNN9.load(from: prefixed)
    #expect(withClassifier.configuration.inputSize == 64)
    #expect(withClassifier.configuration.classes == 7)
    #expect(maxAbsoluteDifference(withClassifier.embed(input).scalars, expected.scalars) < Tolerance.kernel)

    let bare = directory.appendingPathComponent("embedding.safetensors")
    try SafeTensors.write(SafeTensorsFile(tensors: weights.filter { !$0.key.hasPrefix("fc2.") }.tensorData, metadata: [:]), to: bare)
    let embeddingOnly = try LightCNN9.load(from: bare)
    #expect(embeddingOnly.configuration.classes == nil)
    #expect(maxAbsoluteDifference(embeddingOnly.embed(input).scalars, expected.scalars) < Tolerance.kernel)
}

@Test func embeddingNetworkIgnoresFC2ButClassifierRequiresIt() throws {
    var rng = SplitMix64(seed: 5)
    let classifier = try LightCNN9(configuration: .quick(classes: 3), using: &rng)
    let embeddingOnly = try LightCNN9(configuration: .quick(), using: &rng)
    let weights = classifier.stateDict()
    try embeddingOnly.loadWeights(weights, file: "with-fc2.safetensors")
    let withoutFC2 = weights.filter { !$0.key.hasPrefix("fc2.") }
    #expect(throws: RecognitionError.weightsMismatch(
        file: "no-fc2.safetensors", problems: ["missing fc2.weight [3, 256]", "missing fc2.bias [3]"])) {
        try classifier.loadWeights(withoutFC2, file: "no-fc2.safetensors")
    }
}

@Test func mismatchedWeightsListEveryOffendingTensorAndChangeNothing() throws {
    var rng = SplitMix64(seed: 6)
    let model = try LightCNN9(configuration: .quick(), using: &rng)
    let before = model.stateDict()
    var weights = before
    weights["features.2.conv.filter.weight"] = Tensor(zeros: [192, 48, 5, 5])
    weights["fc1.filter.bias"] = nil
    weights["features.9.filter.weight"] = Tensor(zeros: [2])
    weights["features.0.filter.weight"] = Tensor(zeros: [96, 1, 5, 5])
    do {
        try model.loadWeights(weights, file: "broken.safetensors")
        Issue.record("loading mismatched weights succeeded")
    } catch let error as RecognitionError {
        #expect(error == .weightsMismatch(file: "broken.safetensors", problems: [
            "features.2.conv.filter.weight has shape [192, 48, 5, 5], expected [192, 48, 3, 3]",
            "missing fc1.filter.bias [512]",
            "unexpected features.9.filter.weight [2]",
        ]))
        #expect(error.description.hasPrefix("broken.safetensors: weights do not match LightCNN-9 (3 problems)"))
    }
    let unchanged = model.stateDict()["features.0.filter.weight"]!
    #expect(maxAbsoluteDifference(unchanged.scalars, before["features.0.filter.weight"]!.scalars) < Tolerance.kernel)
}

@Test func fileWithoutFC1IsNotLightCNN9() throws {
    let directory = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("other.safetensors")
    try SafeTensors.write(SafeTensorsFile(tensors: ["conv.weight": TensorData(shape: [2, 1, 3, 3], scalars: Array(repeating: 0, count: 18))], metadata: [:]), to: url)
    #expect(throws: RecognitionError.notLightCNN9(file: url.path, reason: "it has no fc1.filter.weight tensor")) {
        try LightCNN9.load(from: url)
    }
}

/// Why `.fanIn` is the default: with PyTorch's default initialisation two different faces
/// start with nearly the same embedding (the loss then sits at ln C), with fan-in scaling not.
@Test func fanInInitializationKeepsDifferentFacesApart() throws {
    func spread(_ initialization: LightCNN9Initialization) throws -> Float {
        var rng = SplitMix64(seed: 12)
        let model = try LightCNN9(configuration: LightCNN9Configuration(inputSize: 32, initialization: initialization), using: &rng)
        let e = model.embed(Tensor.randomUniform([2, 1, 32, 32], lowerBound: 0, upperBound: 1, using: &rng)).scalars
        let difference = zip(e[0..<256], e[256..<512]).map { $0 - $1 }
        return difference.map(abs).max()! / e.map(abs).max()!
    }
    let fanIn = try spread(.fanIn)
    let pytorch = try spread(.pytorchDefault)
    #expect(fanIn > 0.1, "fan-in: embeddings of two random faces differ by \(fanIn) of their size")
    #expect(pytorch < 0.05, "PyTorch default: \(pytorch)")
}
