import Testing
import TestSupport
import TensorCore
@testable import NeuralNet

@Test func profilerChargesForwardAndBackwardToTheLayerScopes() {
    var rng = SplitMix64(seed: 1)
    let conv = Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, using: &rng)
    let fc = Linear(inputFeatures: 3 * 4 * 4, outputFeatures: 2, using: &rng)
    let x = Variable(Tensor.randomNormal([2, 2, 4, 4], using: &rng))
    let profiler = Profiler()
    profiler.run {
        let h = Profiler.scope("conv") { relu(conv(x)) }
        let y = Profiler.scope("fc") { fc(h.flattened()) }
        softmaxCrossEntropy(logits: y, labels: [0, 1]).backward()
    }
    let entries = profiler.results
    #expect(entries.map(\.name).prefix(2) == ["conv", "fc"])
    #expect(entries.allSatisfy { $0.forwardSeconds >= 0 && $0.backwardSeconds >= 0 })
    #expect(entries.first { $0.name == "conv" }!.backwardSeconds > 0)
    #expect(entries.first { $0.name == "conv" }!.calls == 1)
    // The convolution counts its forward multiply-adds (N·O·C·K²·Hout·Wout) into its scope only;
    // its backward convolutions are not counted.
    #expect(entries.first { $0.name == "conv" }!.forwardMultiplyAdds == Double(2 * 3 * 2 * 9 * 4 * 4))
    #expect(entries.first { $0.name == "fc" }!.forwardMultiplyAdds == 0)
}

@Test func scopesWithoutAProfilerJustRun() {
    let value = Profiler.scope("nothing") { 41 + 1 }
    #expect(value == 42)
}
