import TensorCore

// Convolution through three primitives that are each other's adjoints (see
// TensorCore's Convolution.swift), so every gradient is again a convolution and can be
// differentiated any number of times.

/// Cross-correlation (PyTorch `conv2d`), bias added per output channel.
/// - Shape: x `[N, C, H, W]`, weight `[O, C, K, K]`, bias `[O]` → `[N, O, Hout, Wout]`
public func conv2d(_ x: Variable, weight: Variable, bias: Variable? = nil, geometry: ConvGeometry) -> Variable {
    guard let bias else { return convolution(x, weight, geometry) }
    Profiler.countMultiplyAdds(convolutionMultiplyAdds(x, weight, geometry))
    // Bias fused into the kernel's output initialisation; its gradient sums over N, H, W.
    let (h, w) = (x.shape[2], x.shape[3])
    let value = x.value.conv2d(weight: weight.value, bias: bias.value, geometry: geometry)
    return Variable(value, inputs: [x, weight, bias]) { gy in
        [x.requiresGrad ? convolutionBackwardData(gy, weight, geometry, height: h, width: w) : nil,
         weight.requiresGrad ? convolutionBackwardWeight(x, gy, geometry) : nil,
         bias.requiresGrad ? gy.sum(toShape: [1, bias.shape[0], 1, 1]).reshaped(to: bias.shape) : nil]
    }
}

/// Transposed convolution (PyTorch `conv_transpose2d`, no output padding).
/// - Shape: x `[N, C_in, H, W]`, weight `[C_in, C_out, K, K]`, bias `[C_out]`
///   → `[N, C_out, (H−1)·s − 2p + K, …]`
public func convTranspose2d(_ x: Variable, weight: Variable, bias: Variable? = nil, geometry: ConvGeometry) -> Variable {
    precondition(x.shape.count == 4, "convTranspose2d: input must be [N, C, H, W], got \(x.shape)")
    let h = geometry.transposedOutputSize(inputSize: x.shape[2])
    let w = geometry.transposedOutputSize(inputSize: x.shape[3])
    let y = convolutionBackwardData(x, weight, geometry, height: h, width: w)  // counts its multiply-adds
    guard let bias else { return y }
    return y + bias.reshaped(to: [1, bias.shape[0], 1, 1])
}

/// Multiply-adds of conv(x, w): N · O · C · K² · Hout · Wout.
func convolutionMultiplyAdds(_ x: Variable, _ weight: Variable, _ g: ConvGeometry) -> Int {
    x.shape[0] * weight.shape[0] * weight.shape[1] * g.kernel * g.kernel
        * g.outputSize(inputSize: x.shape[2]) * g.outputSize(inputSize: x.shape[3])
}

/// y = conv(x, w).
func convolution(_ x: Variable, _ weight: Variable, _ g: ConvGeometry) -> Variable {
    Profiler.countMultiplyAdds(convolutionMultiplyAdds(x, weight, g))
    let (h, w) = (x.shape[2], x.shape[3])
    return Variable(x.value.conv2d(weight: weight.value, geometry: g), inputs: [x, weight]) { gy in
        [x.requiresGrad ? convolutionBackwardData(gy, weight, g, height: h, width: w) : nil,
         weight.requiresGrad ? convolutionBackwardWeight(x, gy, g) : nil]
    }
}

/// gx = convᵀ(gy, w): linear in gy (adjoint: conv) and in w (adjoint: backward-weight).
func convolutionBackwardData(_ gy: Variable, _ weight: Variable, _ g: ConvGeometry, height: Int, width: Int) -> Variable {
    Profiler.countMultiplyAdds(gy.value.count * weight.shape[1] * g.kernel * g.kernel)
    let value = gy.value.conv2dBackwardData(weight: weight.value, geometry: g, inputHeight: height, inputWidth: width)
    return Variable(value, inputs: [gy, weight]) { gx in
        [gy.requiresGrad ? convolution(gx, weight, g) : nil,
         weight.requiresGrad ? convolutionBackwardWeight(gx, gy, g) : nil]
    }
}

/// gw = Σₙ gyₙ ⋆ xₙ: linear in x (adjoint: backward-data) and in gy (adjoint: conv).
func convolutionBackwardWeight(_ x: Variable, _ gy: Variable, _ g: ConvGeometry) -> Variable {
    Profiler.countMultiplyAdds(gy.value.count * x.shape[1] * g.kernel * g.kernel)
    let (h, w) = (x.shape[2], x.shape[3])
    return Variable(x.value.conv2dBackwardWeight(gradOutput: gy.value, geometry: g), inputs: [x, gy]) { gw in
        [x.requiresGrad ? convolutionBackwardData(gy, gw, g, height: h, width: w) : nil,
         gy.requiresGrad ? convolution(x, gw, g) : nil]
    }
}

/// Fully connected layer (PyTorch `linear`): x·Wᵀ + b.
/// - Shape: x `[N, in]`, weight `[out, in]`, bias `[out]` → `[N, out]`
public func linear(_ x: Variable, weight: Variable, bias: Variable? = nil) -> Variable {
    guard let bias else { return matmul(x, weight, transposeB: true) }
    Profiler.countMultiplyAdds(x.shape[0] * weight.shape[0] * weight.shape[1])
    // The gradients are matmul's and a column sum: in differentiable ops while a higher-order
    // graph is recorded, otherwise by TensorCore's `linearBackward` (both products at once).
    return Variable(x.value.linear(weight: weight.value, bias: bias.value), inputs: [x, weight, bias]) { g in
        guard !GradientMode.isEnabled, weight.requiresGrad else {
            return [x.requiresGrad ? matmul(g, weight) : nil,
                    weight.requiresGrad ? matmul(g, x, transposeA: true) : nil,
                    bias.requiresGrad ? g.sum(toShape: bias.shape) : nil]
        }
        Profiler.countMultiplyAdds(x.shape[0] * weight.shape[0] * weight.shape[1] * (x.requiresGrad ? 2 : 1))
        let gradients = g.value.linearBackward(input: x.value, weight: weight.value, needInput: x.requiresGrad)
        return [gradients.input.map { Variable($0) }, Variable(gradients.weight),
                bias.requiresGrad ? Variable(gradients.bias) : nil]
    }
}

/// LightCNN's max-feature-map convolution: `maxFeatureMap(conv2d(x, weight, bias), along: 1)`
/// computed by one fused kernel (see TensorCore's `conv2dMaxFeatureMap`).
///
/// Its backward rule has two forms with equal results. While a higher-order graph is being
/// recorded (`createGraph`), it is written in differentiable ops (scatter into the chosen
/// halves, then the convolution derivatives), so gradients of gradients work as for the
/// unfused ops. Otherwise the fused kernel computes all three gradients sample by sample.
/// - Shape: x `[N, C, H, W]`, weight `[2D, C, K, K]`, bias `[2D]` → `[N, D, Hout, Wout]`
public func maxFeatureMapConv2d(_ x: Variable, weight: Variable, bias: Variable? = nil, geometry: ConvGeometry) -> Variable {
    let multiplyAdds = convolutionMultiplyAdds(x, weight, geometry)
    Profiler.countMultiplyAdds(multiplyAdds)
    let (values, winners) = x.value.conv2dMaxFeatureMap(weight: weight.value, bias: bias?.value, geometry: geometry)
    let (h, w) = (x.shape[2], x.shape[3])
    let inputs = [x, weight] + (bias.map { [$0] } ?? [])
    return Variable(values, inputs: inputs) { gy in
        guard !GradientMode.isEnabled else {
            let expanded = expandHalves(gy, flatIndices: winners.flatIndices, along: 1)
            let channels = weight.shape[0]
            return [x.requiresGrad ? convolutionBackwardData(expanded, weight, geometry, height: h, width: w) : nil,
                    weight.requiresGrad ? convolutionBackwardWeight(x, expanded, geometry) : nil]
                + (bias.map { [$0.requiresGrad ? expanded.sum(toShape: [1, channels, 1, 1]).reshaped(to: [channels]) : nil] } ?? [])
        }
        Profiler.countMultiplyAdds(multiplyAdds * ((x.requiresGrad ? 1 : 0) + (weight.requiresGrad ? 1 : 0)))
        let g = gy.value.conv2dMaxFeatureMapBackward(
            input: x.value, weight: weight.value, winners: winners, geometry: geometry,
            needInput: x.requiresGrad, needBias: bias?.requiresGrad ?? false)
        return [g.input.map { Variable($0) }, weight.requiresGrad ? Variable(g.weight) : nil]
            + (bias.map { _ in [g.bias.map { Variable($0) }] } ?? [])
    }
}
