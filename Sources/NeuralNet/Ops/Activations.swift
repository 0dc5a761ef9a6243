import Foundation
import TensorCore

// Element-wise non-linearities (PyTorch `relu`, `leaky_relu`, `sigmoid`, `tanh`, `abs`,
// `square`, `sqrt`, `exp`, `log`). Piecewise-linear ones multiply by a constant mask, whose
// own derivative is the same mask (second derivative zero almost everywhere).

/// max(x, 0).
public func relu(_ x: Variable) -> Variable {
    leakyReLU(x, slope: 0)
}

/// x for x > 0, slope·x otherwise.
public func leakyReLU(_ x: Variable, slope: Float) -> Variable {
    let mask = x.value.map { $0 > 0 ? 1 : slope }
    return multiply(x, byConstant: mask)
}

/// 1 / (1 + e^−x); derivative s·(1 − s).
public func sigmoid(_ x: Variable) -> Variable {
    let s = x.value.map { v in v >= 0 ? 1 / (1 + Foundation.exp(-v)) : Foundation.exp(v) / (1 + Foundation.exp(v)) }
    return Variable(s, inputs: [x]) { g in
        let y = sigmoid(x)
        return [g * y * (1 - y)]
    }
}

/// Hyperbolic tangent; derivative 1 − tanh².
public func tanh(_ x: Variable) -> Variable {
    Variable(x.value.map { Foundation.tanh($0) }, inputs: [x]) { g in
        let y = tanh(x)
        return [g * (1 - y * y)]
    }
}

/// |x|; derivative sign(x) (0 at 0, as PyTorch).
public func abs(_ x: Variable) -> Variable {
    let sign = x.value.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    return Variable(x.value.map { Swift.abs($0) }, inputs: [x]) { g in [multiply(g, byConstant: sign)] }
}

/// x²; derivative 2x.
public func square(_ x: Variable) -> Variable {
    Variable(x.value.map { $0 * $0 }, inputs: [x]) { g in [g * x * 2] }
}

/// √x; derivative 1 / (2√x).
public func sqrt(_ x: Variable) -> Variable {
    Variable(x.value.map { $0.squareRoot() }, inputs: [x]) { g in [g / (sqrt(x) * 2)] }
}

/// eˣ.
public func exp(_ x: Variable) -> Variable {
    Variable(x.value.map { Foundation.exp($0) }, inputs: [x]) { g in [g * exp(x)] }
}

/// Natural logarithm.
public func log(_ x: Variable) -> Variable {
    Variable(x.value.map { Foundation.log($0) }, inputs: [x]) { g in [g / x] }
}

/// Inverted dropout (PyTorch `dropout`): in training, zeroes each element with
/// `probability` and scales the rest by 1 / (1 − probability); identity otherwise.
public func dropout<G: RandomNumberGenerator>(_ x: Variable, probability: Float, training: Bool, using generator: inout G) -> Variable {
    precondition(probability >= 0 && probability < 1, "dropout: probability \(probability) not in [0, 1)")
    guard training && probability > 0 else { return x }
    let scale = 1 / (1 - probability)
    let mask = Tensor(shape: x.shape, filling: { m in
        for i in 0..<m.count { m[i] = Float(generator.next() >> 40) * 0x1.0p-24 < probability ? 0 : scale }
    })
    return multiply(x, byConstant: mask)
}
