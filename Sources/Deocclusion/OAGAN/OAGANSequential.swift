import NeuralNet

/// One step of an `OAGANSequential` stack.
enum OAGANStage {
    case conv(Conv2D)
    case deconv(ConvTranspose2D)
    case norm(InstanceNorm2D)
    case residual(OAGANResidualBlock)
    case relu
    case leakyReLU(Float)
    case tanh

    var namedParameters: [(key: String, parameter: Variable)] {
        switch self {
        case let .conv(layer): return layer.namedParameters
        case let .deconv(layer): return layer.namedParameters
        case let .norm(layer): return layer.namedParameters
        case let .residual(layer): return layer.namedParameters
        case .relu, .leakyReLU, .tanh: return []
        }
    }

    /// Short description for profiles: `conv7×7`, `deconv4×4/2`, `norm`, `residual`, `relu`, …
    var kind: String {
        switch self {
        case let .conv(layer):
            let g = layer.geometry
            return "conv\(g.kernel)×\(g.kernel)" + (g.stride == 1 ? "" : "/\(g.stride)")
        case let .deconv(layer): return "deconv\(layer.geometry.kernel)×\(layer.geometry.kernel)/\(layer.geometry.stride)"
        case .norm: return "norm"
        case .residual: return "residual"
        case .relu: return "relu"
        case .leakyReLU: return "lrelu"
        case .tanh: return "tanh"
        }
    }

    func callAsFunction(_ x: Variable) -> Variable {
        switch self {
        case let .conv(layer): return layer(x)
        case let .deconv(layer): return layer(x)
        case let .norm(layer): return layer(x)
        case let .residual(layer): return layer(x)
        case .relu: return NeuralNet.relu(x)
        case let .leakyReLU(slope): return NeuralNet.leakyReLU(x, slope: slope)
        case .tanh: return NeuralNet.tanh(x)
        }
    }
}

/// A chain of stages whose parameters are keyed by position, like PyTorch's `nn.Sequential`
/// (`0.weight`, `1.weight`, `1.bias`, …), so the authors' checkpoints map key for key.
/// - Shape: whatever its stages do, applied in order.
final class OAGANSequential: Layer {
    let stages: [OAGANStage]
    /// Key prefix of this stack in its network (`main`, `img_reg`, `D.main`); when set, each
    /// stage runs as profiler scope `prefix.index` (the benchmark's per-layer table).
    let scope: String?

    init(_ stages: [OAGANStage], scope: String? = nil) {
        self.stages = stages
        self.scope = scope
    }

    /// Runs the stages in order; an InstanceNorm followed by ReLU runs as one fused op.
    func callAsFunction(_ x: Variable) -> Variable {
        var value = x, index = 0
        while index < stages.count {
            let fused: Bool
            if case let .norm(layer) = stages[index], index + 1 < stages.count, case .relu = stages[index + 1] {
                value = run(index, "norm+relu", value) { layer.withReLU($0) }
                fused = true
            } else {
                value = run(index, stages[index].kind, value) { [stage = stages[index]] in stage($0) }
                fused = false
            }
            index += fused ? 2 : 1
        }
        return value
    }

    /// One stage, as profiler scope `prefix.index kind` when this stack has a scope.
    private func run(_ index: Int, _ kind: String, _ x: Variable, _ body: (Variable) -> Variable) -> Variable {
        guard let scope else { return body(x) }
        return Profiler.scope("\(scope).\(index) \(kind)") { body(x) }
    }

    var namedParameters: [(key: String, parameter: Variable)] {
        stages.enumerated().flatMap { index, stage in stage.namedParameters.prefixed(by: "\(index)") }
    }
}

/// Conv → affine InstanceNorm → ReLU, the generator's basic unit (no conv bias, N(0, 0.02)).
func convNormReLU(
    _ inputChannels: Int, _ outputChannels: Int, kernelSize: Int, stride: Int, padding: Int,
    using rng: inout some RandomNumberGenerator
) -> [OAGANStage] {
    [
        .conv(Conv2D(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernelSize,
                     stride: stride, padding: padding, bias: false, initialization: .normal(standardDeviation: 0.02), using: &rng)),
        .norm(InstanceNorm2D(channels: outputChannels, affine: true)),
        .relu,
    ]
}

/// Transposed conv 4×4/2 pad 1 → affine InstanceNorm → ReLU (doubles height and width).
func deconvNormReLU(
    _ inputChannels: Int, _ outputChannels: Int, using rng: inout some RandomNumberGenerator
) -> [OAGANStage] {
    [
        .deconv(ConvTranspose2D(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 4,
                                stride: 2, padding: 1, bias: false, initialization: .normal(standardDeviation: 0.02), using: &rng)),
        .norm(InstanceNorm2D(channels: outputChannels, affine: true)),
        .relu,
    ]
}

/// Residual block of the occlusion-aware module: x + IN(conv3×3(ReLU(IN(conv3×3(x))))).
/// Keys as the public code: `main.0.weight`, `main.1.weight`, `main.1.bias`, `main.3.weight`, …
/// - Shape: `[N, C, H, W]` → `[N, C, H, W]`
final class OAGANResidualBlock: Layer {
    let main: OAGANSequential

    init(channels: Int, using rng: inout some RandomNumberGenerator) {
        var stages = convNormReLU(channels, channels, kernelSize: 3, stride: 1, padding: 1, using: &rng)
        stages += Array(convNormReLU(channels, channels, kernelSize: 3, stride: 1, padding: 1, using: &rng).dropLast())
        main = OAGANSequential(stages)
    }

    func callAsFunction(_ x: Variable) -> Variable { x + main(x) }

    var namedParameters: [(key: String, parameter: Variable)] { main.namedParameters.prefixed(by: "main") }
}
