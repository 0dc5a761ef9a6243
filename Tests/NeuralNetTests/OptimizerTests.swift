import Foundation
import Testing
import TestSupport
import TensorCore
@testable import NeuralNet

/// Trajectories recorded from torch.optim by scripts/optimizer_fixtures.py.
private struct OptimizerFixture: Decodable {
    struct Point: Decodable { var w: [Float]; var b: [Float] }
    var w0: [[Float]]
    var b0: [Float]
    var a: [[Float]]
    var c: [[Float]]
    var steps: Int
    var cases: [String: [Point]]
}

/// Float32 updates in a different operation order than PyTorch's fused kernels.
private let trajectoryTolerance: Float = 2e-6

private func loadFixture() throws -> OptimizerFixture {
    let data = try Data(contentsOf: Fixtures.url("tensor-core/optimizers.json"))
    return try JSONDecoder().decode(OptimizerFixture.self, from: data)
}

/// Runs `steps` optimizer steps on the fixture's loss, returning the trajectory.
private func trajectory(_ fixture: OptimizerFixture, _ makeOptimizer: (Parameter, Parameter) -> any Optimizer) -> [OptimizerFixture.Point] {
    let w = Parameter(Tensor(shape: [3, 2], scalars: fixture.w0.flatMap { $0 }), requiresGrad: true)
    let b = Parameter(Tensor(shape: [3], scalars: fixture.b0), requiresGrad: true)
    let a = Variable(Tensor(shape: [3, 2], scalars: fixture.a.flatMap { $0 }))
    let c = Variable(Tensor(shape: [3, 2], scalars: fixture.c.flatMap { $0 }))
    let optimizer = makeOptimizer(w, b)
    var points: [OptimizerFixture.Point] = []
    for _ in 0..<fixture.steps {
        optimizer.zeroGradients()
        let loss = (a * w * w).sum() + (c * w).sum() + square(b - 0.5).sum() * 3
        loss.backward()
        optimizer.step()
        points.append(.init(w: w.value.scalars, b: b.value.scalars))
    }
    return points
}

private let optimizerCases: [(String, @Sendable (Parameter, Parameter) -> any Optimizer)] = [
    ("sgd_momentum_groups", { w, b in
        SGD(parameterGroups: [ParameterGroup(parameters: [w], learningRate: 0.05, weightDecay: 1e-2),
                              ParameterGroup(parameters: [b], learningRate: 0.1)], momentum: 0.9) }),
    ("sgd_plain", { w, b in SGD(parameterGroups: [ParameterGroup(parameters: [w, b], learningRate: 0.1)]) }),
    ("adam_default", { w, b in Adam(parameters: [w, b], learningRate: 0.01) }),
    ("adam_gan", { w, b in Adam(parameters: [w, b], learningRate: 2e-4, betas: (0.5, 0.999), epsilon: 1e-8) }),
    ("adam_weight_decay", { w, b in
        Adam(parameters: [w, b], learningRate: 0.05, betas: (0.9, 0.99), epsilon: 1e-6, weightDecay: 0.1) }),
]

@Test(arguments: optimizerCases.map(\.0))
func optimizerTrajectoryMatchesPyTorch(_ name: String) throws {
    let fixture = try loadFixture()
    let expected = try #require(fixture.cases[name])
    let make = optimizerCases.first { $0.0 == name }!.1
    let actual = trajectory(fixture, make)
    for (step, (mine, theirs)) in zip(actual, expected).enumerated() {
        let difference = max(maxAbsoluteDifference(mine.w, theirs.w), maxAbsoluteDifference(mine.b, theirs.b))
        #expect(difference < trajectoryTolerance, "\(name) step \(step + 1): largest difference \(difference)")
    }
}

@Test(arguments: ["sgd_momentum_groups", "adam_weight_decay"])
func optimizerResumesExactlyFromItsState(_ name: String) throws {
    // Three steps, save, rebuild, load, two more steps = five uninterrupted steps.
    let fixture = try loadFixture()
    let make = optimizerCases.first { $0.0 == name }!.1
    let full = trajectory(fixture, make)
    var short = fixture
    short.steps = 3
    var saved: [String: Tensor] = [:]
    var savedValues: (Tensor, Tensor)?
    _ = trajectory(short) { w, b in
        let optimizer = make(w, b)
        return SavingOptimizer(inner: optimizer) { state in
            saved = state
            savedValues = (w.value, b.value)
        }
    }
    let w = Parameter(savedValues!.0, requiresGrad: true)
    let b = Parameter(savedValues!.1, requiresGrad: true)
    let resumed = make(w, b)
    try resumed.loadState(saved)
    let a = Variable(Tensor(shape: [3, 2], scalars: fixture.a.flatMap { $0 }))
    let c = Variable(Tensor(shape: [3, 2], scalars: fixture.c.flatMap { $0 }))
    for _ in 0..<2 {
        resumed.zeroGradients()
        ((a * w * w).sum() + (c * w).sum() + square(b - 0.5).sum() * 3).backward()
        resumed.step()
    }
    #expect(w.value.scalars == full[4].w)
    #expect(b.value.scalars == full[4].b)
}

/// Passes through to an optimizer and reports its state after every step.
private final class SavingOptimizer: Optimizer {
    let inner: any Optimizer
    let onStep: ([String: Tensor]) -> Void
    init(inner: any Optimizer, onStep: @escaping ([String: Tensor]) -> Void) { self.inner = inner; self.onStep = onStep }
    var learningRateScale: Float { get { inner.learningRateScale } set { inner.learningRateScale = newValue } }
    var parameters: [Parameter] { inner.parameters }
    func step() { inner.step(); onStep(inner.stateDict()) }
    func stateDict() -> [String: Tensor] { inner.stateDict() }
    func loadState(_ state: [String: Tensor]) throws { try inner.loadState(state) }
}

@Test func optimizerStateWithWrongShapeIsRejected() {
    let w = Parameter(Tensor(zeros: [2]), requiresGrad: true)
    let adam = Adam(parameters: [w])
    #expect(throws: NeuralNetError.optimizerState(key: "0.exp_avg", reason: "shape [3], parameter has [2]")) {
        try adam.loadState(["0.step": Tensor(1), "0.exp_avg": Tensor(zeros: [3]), "0.exp_avg_sq": Tensor(zeros: [2])])
    }
    #expect(throws: NeuralNetError.optimizerState(key: "0.exp_avg_sq", reason: "missing")) {
        try adam.loadState(["0.step": Tensor(1), "0.exp_avg": Tensor(zeros: [2])])
    }
}

@Test func learningRateSchedules() {
    #expect(LearningRateSchedule.step(every: 10, factor: 0.5).scale(atEpoch: 9) == 1)
    #expect(LearningRateSchedule.step(every: 10, factor: 0.5).scale(atEpoch: 25) == 0.25)
    let linear = LearningRateSchedule.linearDecay(constantEpochs: 100, decayEpochs: 100)
    #expect(linear.scale(atEpoch: 0) == 1)
    #expect(Swift.abs(linear.scale(atEpoch: 149) - (1 - 50.0 / 101)) < 1e-6)
    #expect(LearningRateSchedule.constant.scale(atEpoch: 1000) == 1)
}
