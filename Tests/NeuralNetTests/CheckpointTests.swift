import Foundation
import Testing
import TestSupport
import TensorCore
@testable import NeuralNet

private struct RunConfiguration: Codable, Equatable {
    var learningRate: Float
    var name: String
}

@Test func checkpointRoundTripsModelOptimizerStepRNGAndConfiguration() throws {
    var rng = SplitMix64(seed: 3)
    let layer = Linear(inputFeatures: 3, outputFeatures: 2, using: &rng)
    let adam = Adam(parameters: layer.parameters, learningRate: 0.1)
    softmaxCrossEntropy(logits: layer(Variable(Tensor.randomNormal([4, 3], using: &rng))), labels: [0, 1, 1, 0]).backward()
    adam.step()
    let folder = try Fixtures.temporaryDirectory()
    let url = folder.appendingPathComponent("run.safetensors")
    let config = RunConfiguration(learningRate: 0.1, name: "tiny")
    try Checkpoint.save(parameters: layer.stateDict(), optimizer: adam, step: 1, rng: rng, config: config, to: url)

    let loaded = try Checkpoint.load(from: url)
    #expect(loaded.parameters == layer.stateDict())
    #expect(loaded.optimizerState == adam.stateDict())
    #expect(loaded.step == 1)
    #expect(loaded.rng == rng)
    #expect(try loaded.configuration(as: RunConfiguration.self) == config)
    let fresh = Linear(inputFeatures: 3, outputFeatures: 2, using: &rng)
    try fresh.loadState(from: loaded.parameters)
    try Adam(parameters: fresh.parameters).loadState(loaded.optimizerState)
    #expect(fresh.stateDict() == layer.stateDict())
}

@Test func checkpointWithoutMetadataIsRejectedNamingTheFile() throws {
    let folder = try Fixtures.temporaryDirectory()
    let url = folder.appendingPathComponent("plain.safetensors")
    try SafeTensors.write(SafeTensorsFile(tensors: ["model.weight": TensorData(shape: [1], scalars: [1])]), to: url)
    #expect(throws: NeuralNetError.checkpointMetadataMissing(path: url.path, key: "format")) {
        try Checkpoint.load(from: url)
    }
    let bad = folder.appendingPathComponent("bad.safetensors")
    try SafeTensors.write(SafeTensorsFile(tensors: [:], metadata: ["format": Checkpoint.format, "step": "-3"]), to: bad)
    #expect(throws: NeuralNetError.checkpointMetadataInvalid(path: bad.path, key: "step", value: "-3")) {
        try Checkpoint.load(from: bad)
    }
    let stray = folder.appendingPathComponent("stray.safetensors")
    try SafeTensors.write(SafeTensorsFile(tensors: ["other": TensorData(shape: [1], scalars: [1])],
                                          metadata: ["format": Checkpoint.format, "step": "0", "rng_state": "1", "config": "{}"]), to: stray)
    #expect(throws: NeuralNetError.checkpointUnexpectedTensor(path: stray.path, name: "other")) {
        try Checkpoint.load(from: stray)
    }
}
