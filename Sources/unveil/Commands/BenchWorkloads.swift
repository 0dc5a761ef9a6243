import NeuralNet
import TensorCore

/// A LightCNN-9-shaped stack of the tensor core's layers (shared/lightcnn9.md), used by
/// `unveil bench` until the Recognition model's own workload is wired in. Each layer
/// runs in a profiler scope so the benchmark can print a per-layer table.
final class LightCNN9Stack {
    /// A stage: a name, its forward multiply-adds per image, and whether it needs the
    /// input gradient (all but the first convolution).
    struct Stage {
        var name: String
        var multiplyAddsPerImage: Double
        var apply: (Variable) -> Variable
    }

    let stages: [Stage]
    let parameters: [Parameter]
    let inputSize: Int

    init<G: RandomNumberGenerator>(inputSize s: Int, classes: Int, using rng: inout G) {
        inputSize = s
        var stages: [Stage] = []
        var parameters: [Parameter] = []
        func conv(_ name: String, _ c: Int, _ o: Int, _ k: Int, _ side: Int) {
            let layer = MaxFeatureMapConv2D(inputChannels: c, outputChannels: o, kernelSize: k, padding: k / 2, using: &rng)
            parameters += layer.parameters
            stages.append(Stage(name: name, multiplyAddsPerImage: Double(2 * o * c * k * k * side * side)) { layer($0) })
        }
        func pool(_ name: String) {
            stages.append(Stage(name: name, multiplyAddsPerImage: 0) { maxPool2d($0, kernel: 2, stride: 2, ceilMode: true) })
        }
        conv("features.0", 1, 48, 5, s)
        pool("features.1")
        conv("features.2.conv_a", 48, 48, 1, s / 2)
        conv("features.2.conv", 48, 96, 3, s / 2)
        pool("features.3")
        conv("features.4.conv_a", 96, 96, 1, s / 4)
        conv("features.4.conv", 96, 192, 3, s / 4)
        pool("features.5")
        conv("features.6.conv_a", 192, 192, 1, s / 8)
        conv("features.6.conv", 192, 128, 3, s / 8)
        conv("features.7.conv_a", 128, 128, 1, s / 8)
        conv("features.7.conv", 128, 128, 3, s / 8)
        pool("features.8")
        let features = 128 * (s / 16) * (s / 16)
        let fc1 = MaxFeatureMapLinear(inputFeatures: features, outputFeatures: 256, using: &rng)
        parameters += fc1.parameters
        stages.append(Stage(name: "fc1", multiplyAddsPerImage: Double(512 * features)) { fc1($0.flattened()) })
        let fc2 = Linear(inputFeatures: 256, outputFeatures: classes, using: &rng)
        parameters += fc2.parameters
        stages.append(Stage(name: "fc2", multiplyAddsPerImage: Double(256 * classes)) { fc2($0) })
        self.stages = stages
        self.parameters = parameters
    }

    /// Logits of a batch.
    /// - Shape: `[N, 1, S, S]` → `[N, classes]`
    func callAsFunction(_ x: Variable) -> Variable {
        stages.reduce(x) { input, stage in Profiler.scope(stage.name) { stage.apply(input) } }
    }

    /// Forward multiply-adds of one image.
    var multiplyAddsPerImage: Double { stages.map(\.multiplyAddsPerImage).reduce(0, +) }

    /// Floating-point operations of one training step on one image: forward, plus the
    /// weight gradient everywhere and the input gradient everywhere but the first layer.
    func trainingFlopsPerImage() -> Double {
        stages.enumerated().map { index, stage in
            2 * stage.multiplyAddsPerImage * (index == 0 ? 2 : 3)
        }.reduce(0, +)
    }

    func backwardFlopsPerImage(stage index: Int) -> Double {
        2 * stages[index].multiplyAddsPerImage * (index == 0 ? 1 : 2)
    }
}
