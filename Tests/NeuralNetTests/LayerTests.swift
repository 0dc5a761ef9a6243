import Testing
import TestSupport
import TensorCore
@testable import NeuralNet

@Test func conv2DKeysShapesAndDefaultInitialisationBounds() {
    var rng = SplitMix64(seed: 1)
    let conv = Conv2D(inputChannels: 4, outputChannels: 6, kernelSize: 3, padding: 1, using: &rng)
    #expect(conv.namedParameters.map(\.key) == ["weight", "bias"])
    #expect(conv.weight.shape == [6, 4, 3, 3] && conv.bias?.shape == [6])
    let bound = 1 / Float(4 * 9).squareRoot()
    #expect(conv.weight.value.scalars.allSatisfy { Swift.abs($0) <= bound })
    #expect(conv.weight.value.scalars.map { Swift.abs($0) }.max()! > 0.8 * bound)
    #expect(conv(Variable(Tensor(zeros: [2, 4, 5, 5]))).shape == [2, 6, 5, 5])
}

@Test func convTranspose2DUsesPyTorchWeightLayoutAndFanIn() {
    var rng = SplitMix64(seed: 2)
    let deconv = ConvTranspose2D(inputChannels: 8, outputChannels: 3, kernelSize: 4, stride: 2, padding: 1, using: &rng)
    #expect(deconv.weight.shape == [8, 3, 4, 4])
    let bound = 1 / Float(3 * 16).squareRoot()
    #expect(deconv.weight.value.scalars.allSatisfy { Swift.abs($0) <= bound })
    #expect(deconv(Variable(Tensor(zeros: [1, 8, 5, 5]))).shape == [1, 3, 10, 10])
}

@Test func normalInitialisationHasRequestedSpreadAndZeroBias() {
    var rng = SplitMix64(seed: 3)
    let layer = Linear(inputFeatures: 100, outputFeatures: 100, initialization: .normal(standardDeviation: 0.02), using: &rng)
    let w = layer.weight.value
    let std = ((w * w).sum() / Float(w.count)).squareRoot()
    #expect(Swift.abs(std - 0.02) < 0.001)
    #expect(layer.bias!.value.scalars.allSatisfy { $0 == 0 })
}

@Test func maxFeatureMapTakesMaxOfChannelHalvesWithFilterKeys() throws {
    var rng = SplitMix64(seed: 4)
    let mfm = MaxFeatureMapConv2D(inputChannels: 1, outputChannels: 2, kernelSize: 1, using: &rng)
    #expect(mfm.namedParameters.map(\.key) == ["filter.weight", "filter.bias"])
    try mfm.loadState(from: [
        "filter.weight": Tensor(shape: [4, 1, 1, 1], scalars: [1, -1, -1, 2]),
        "filter.bias": Tensor(zeros: [4]),
    ])
    let y = mfm(Variable(Tensor(shape: [1, 1, 1, 2], scalars: [3, -5])))
    // channel 0: max(1·x, −1·x) = |x|; channel 1: max(−x, 2x).
    #expect(y.value.scalars == [3, 5, 6, 5])
    let linearMFM = MaxFeatureMapLinear(inputFeatures: 3, outputFeatures: 2, using: &rng)
    #expect(linearMFM(Variable(Tensor(zeros: [5, 3]))).shape == [5, 2])
    #expect(linearMFM.stateDict().keys.sorted() == ["filter.bias", "filter.weight"])
}

@Test func loadStateListsEveryProblemAndChangesNothing() {
    var rng = SplitMix64(seed: 5)
    let layer = Linear(inputFeatures: 3, outputFeatures: 2, using: &rng)
    let before = layer.stateDict()
    do {
        try layer.loadState(from: ["weight": Tensor(zeros: [3, 2]), "extra": Tensor(zeros: [1])])
        Issue.record("expected a state mismatch")
    } catch let NeuralNetError.stateMismatch(mismatch) {
        #expect(mismatch.missing == ["bias"])
        #expect(mismatch.unexpected == ["extra"])
        #expect(mismatch.misshaped == [.init(key: "weight", expected: [2, 3], found: [3, 2])])
        #expect("\(NeuralNetError.stateMismatch(mismatch))".contains("missing keys: bias"))
    } catch {
        Issue.record("unexpected error \(error)")
    }
    #expect(layer.stateDict() == before)
}

@Test func stateDictRoundTripsAndPrefixesCompose() throws {
    var rng = SplitMix64(seed: 6)
    let a = InstanceNorm2D(channels: 3)
    let b = InstanceNorm2D(channels: 3)
    a.weight!.value = Tensor(shape: [3], scalars: [1, 2, 3])
    try b.loadState(from: a.stateDict())
    #expect(b.weight!.value.scalars == [1, 2, 3])
    #expect(InstanceNorm2D(channels: 3, affine: false).namedParameters.isEmpty)
    let conv = Conv2D(inputChannels: 1, outputChannels: 1, kernelSize: 1, using: &rng)
    #expect(conv.namedParameters.prefixed(by: "features.0").map(\.key) == ["features.0.weight", "features.0.bias"])
}

@Test func instanceNormNormalisesEachSampleAndChannel() {
    var rng = SplitMix64(seed: 7)
    let x = Tensor.randomNormal([2, 3, 4, 4], mean: 5, standardDeviation: 3, using: &rng)
    let y = instanceNorm(Variable(x)).value
    for n in 0..<2 {
        for c in 0..<3 {
            let plane = (0..<16).map { y[n, c, $0 / 4, $0 % 4] }
            let mean = plane.reduce(0, +) / 16
            let variance = plane.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 16
            #expect(Swift.abs(mean) < 1e-4)
            #expect(Swift.abs(variance - 1) < 1e-3)
        }
    }
}

@Test func nonFiniteLossNamesTheStep() {
    let loss = Variable(Tensor(.nan))
    do {
        _ = try checkedLoss(loss, step: 17)
        Issue.record("expected nonFiniteLoss")
    } catch let error as TrainingError {
        #expect("\(error)".contains("step 17"))
    } catch {
        Issue.record("unexpected error \(error)")
    }
    #expect((try? checkedLoss(Variable(Tensor(.infinity)), step: 3)) == nil)
    #expect((try? checkedLoss(Variable(Tensor(2.5)), step: 3)) == 2.5)
}
