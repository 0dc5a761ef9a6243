import TensorCore

/// Max pooling (PyTorch `max_pool2d`, default stride = kernel): the maxima are gathered by
/// flat index, so the gradient is a scatter and its gradient a gather again.
/// - Shape: `[N, C, H, W]` → `[N, C, Hout, Wout]`
public func maxPool2d(_ x: Variable, kernel: Int = 2, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = true) -> Variable {
    let geometry = ConvGeometry(kernel: kernel, stride: stride ?? kernel, padding: padding)
    let (values, indices) = x.value.maxPool2d(geometry: geometry, ceilMode: ceilMode)
    return Variable(values, inputs: [x]) { g in [scatterAdd(g, flatIndices: indices, shape: x.shape)] }
}

/// LightCNN's max-feature-map: the element-wise maximum of the first and second halves
/// along `axis`; equal to `maximum(x.halves(along: axis))` but one pass, gradient a scatter.
/// - Shape: `[…, 2D, …]` → `[…, D, …]`
public func maxFeatureMap(_ x: Variable, along axis: Int = 1) -> Variable {
    let (values, indices) = x.value.maxOfHalves(along: axis)
    return Variable(values, inputs: [x]) { g in [expandHalves(g, flatIndices: indices, along: axis)] }
}

/// Adjoint of `maxFeatureMap`: scatters into the chosen halves (its own adjoint is the gather).
func expandHalves(_ g: Variable, flatIndices indices: [Int32], along axis: Int) -> Variable {
    let source = g.shape
    return Variable(g.value.expandingHalves(flatIndices: indices, along: axis), inputs: [g]) { gg in
        [gather(gg, flatIndices: indices, shape: source)]
    }
}

/// Elements of `x` at flat indices (adjoint of `scatterAdd`).
func gather(_ x: Variable, flatIndices indices: [Int32], shape: [Int]) -> Variable {
    let source = x.shape
    return Variable(x.value.gathering(flatIndices: indices, shape: shape), inputs: [x]) { g in
        [scatterAdd(g, flatIndices: indices, shape: source)]
    }
}

/// Zeros of `shape` with `x` added at flat indices (adjoint of `gather`).
func scatterAdd(_ x: Variable, flatIndices indices: [Int32], shape: [Int]) -> Variable {
    let source = x.shape
    return Variable(x.value.scatteringAdd(flatIndices: indices, shape: shape), inputs: [x]) { g in
        [gather(g, flatIndices: indices, shape: source)]
    }
}
