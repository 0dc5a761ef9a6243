import NeuralNet
import TensorCore

/// LightCNN-9 (Wu et al., "A Light CNN for Deep Face Representation with Noisy Labels",
/// TIFS 2018; the authors' PyTorch `network_9layers`). Max-feature-map is the only
/// non-linearity; parameter keys are the official ones (`features.0.filter.weight`, …).
/// - Shape: `[N, 1, S, S]` gray in [0, 1] → embedding `[N, 256]`, logits `[N, classes]`
public final class LightCNN9: Layer {
    public let configuration: LightCNN9Configuration
    public let features0: MaxFeatureMapConv2D  // "features.0": 5×5, 1 → 48 (96 before MFM)
    public let features2: LightCNN9Group       // "features.2": 48 → 96
    public let features4: LightCNN9Group       // "features.4": 96 → 192
    public let features6: LightCNN9Group       // "features.6": 192 → 128
    public let features7: LightCNN9Group       // "features.7": 128 → 128
    public let fc1: MaxFeatureMapLinear        // "fc1": 128·(S/16)² → 256 (512 before MFM)
    public let fc2: Linear?                    // "fc2": 256 → classes (absent for embedding only)

    /// A freshly initialised network (PyTorch default initialisation, from `rng`).
    public init(configuration: LightCNN9Configuration, using rng: inout some RandomNumberGenerator) throws {
        try configuration.validate()
        self.configuration = configuration
        let initialization = configuration.initialization
        func conv(_ input: Int, _ output: Int, _ kernel: Int, _ padding: Int) -> MaxFeatureMapConv2D {
            MaxFeatureMapConv2D(inputChannels: input, outputChannels: output, kernelSize: kernel, stride: 1, padding: padding,
                                initialization: initialization.layerInitialization(fanIn: input * kernel * kernel), using: &rng)
        }
        func group(_ input: Int, _ output: Int) -> LightCNN9Group {
            LightCNN9Group(convA: conv(input, input, 1, 0), conv: conv(input, output, 3, 1))
        }
        features0 = conv(1, 48, 5, 2)
        features2 = group(48, 96)
        features4 = group(96, 192)
        features6 = group(192, 128)
        features7 = group(128, 128)
        let fc1Input = configuration.fc1InputFeatures, embedding = LightCNN9Configuration.embeddingFeatures
        fc1 = MaxFeatureMapLinear(inputFeatures: fc1Input, outputFeatures: embedding,
                                  initialization: initialization.layerInitialization(fanIn: fc1Input), using: &rng)
        fc2 = configuration.classes.map {
            Linear(inputFeatures: embedding, outputFeatures: $0,
                   initialization: initialization.layerInitialization(fanIn: embedding), using: &rng)
        }
    }

    /// The 256-d fc1 max-feature-map output (no dropout).
    /// - Shape: `[N, 1, S, S]` → `[N, 256]`
    /// Each layer runs in a profiler scope named by its official key (pools by their index),
    /// which `unveil bench` uses for its per-layer table; outside profiling scopes cost nothing.
    public func embedding(_ x: Variable) -> Variable {
        var h = pool(Profiler.scope("features.0") { features0(x) }, "features.1")            // [N, 48, S/2, S/2]
        h = pool(features2.profiled(h, as: "features.2"), "features.3")                       // [N, 96, S/4, S/4]
        h = pool(features4.profiled(h, as: "features.4"), "features.5")                       // [N, 192, S/8, S/8]
        h = features6.profiled(h, as: "features.6")                                           // [N, 128, S/8, S/8]
        h = pool(features7.profiled(h, as: "features.7"), "features.8")                       // [N, 128, S/16, S/16]
        let n = h.value.shape[0]
        return Profiler.scope("fc1") { fc1(h.reshaped(to: [n, configuration.fc1InputFeatures])) }
    }

    /// Classifier logits: embedding, dropout (training only), fc2.
    /// - Shape: `[N, 1, S, S]` → `[N, classes]`
    public func logits(_ x: Variable, training: Bool, using rng: inout some RandomNumberGenerator) -> Variable {
        precondition(fc2 != nil, "LightCNN9.logits needs a network built with classes")
        let e = embedding(x)
        let dropped = Profiler.scope("dropout") {
            dropout(e, probability: configuration.dropoutProbability, training: training, using: &rng)
        }
        return Profiler.scope("fc2") { fc2!(dropped) }
    }

    /// Embeddings in evaluation mode, recording no graph.
    /// - Shape: `[N, 1, S, S]` → `[N, 256]`
    public func embed(_ images: Tensor) -> Tensor {
        withoutGradients { embedding(Variable(images)).value }
    }

    /// Evaluation-mode logits, recording no graph.
    /// - Shape: `[N, 1, S, S]` → `[N, classes]`
    public func classify(_ images: Tensor) -> Tensor {
        var unused = SplitMix64(seed: 0)
        return withoutGradients { logits(Variable(images), training: false, using: &unused).value }
    }

    public var namedParameters: [(key: String, parameter: Variable)] {
        var all = features0.namedParameters.prefixed(by: "features.0")
            + features2.namedParameters.prefixed(by: "features.2")
            + features4.namedParameters.prefixed(by: "features.4")
            + features6.namedParameters.prefixed(by: "features.6")
            + features7.namedParameters.prefixed(by: "features.7")
            + fc1.namedParameters.prefixed(by: "fc1")
        if let fc2 { all += fc2.namedParameters.prefixed(by: "fc2") }
        return all
    }

    /// The largest batch one forward pass takes: the max-feature-map layers index their
    /// 2·D-channel outputs with 32-bit integers, and `features.0` has 96 × S² per image.
    public static func largestBatch(inputSize: Int) -> Int {
        max(1, (Int(Int32.max) - 1) / (96 * inputSize * inputSize))
    }

    /// 2×2 stride-2 max pooling in ceil mode, as the authors' `nn.MaxPool2d(2, 2, ceil_mode=True)`.
    private func pool(_ x: Variable, _ scope: String) -> Variable {
        Profiler.scope(scope) { maxPool2d(x, kernel: 2, stride: 2, ceilMode: true) }
    }
}
