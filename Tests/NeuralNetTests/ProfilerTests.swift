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
    // Each op counts its multiply-adds into its own scope: the convolution N·O·C·K²·Hout·Wout
    // forward and as much for its weight gradient (the input is data: no input gradient); the
    // linear layer N·out·in forward and twice that backward (input and weight gradients).
    let (convolution, linear) = (Double(2 * 3 * 2 * 9 * 4 * 4), Double(2 * 2 * 48))
    #expect(entries.first { $0.name == "conv" }!.forwardMultiplyAdds == convolution)
    #expect(entries.first { $0.name == "conv" }!.backwardMultiplyAdds == convolution)
    #expect(entries.first { $0.name == "fc" }!.forwardMultiplyAdds == linear)
    #expect(entries.first { $0.name == "fc" }!.backwardMultiplyAdds == 2 * linear)
}

@Test func scopesWithoutAProfilerJustRun() {
    let value = Profiler.scope("nothing") { 41 + 1 }
    #expect(value == 42)
}
