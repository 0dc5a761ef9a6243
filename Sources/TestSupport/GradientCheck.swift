import NeuralNet
import TensorCore

/// Comparison of an analytic gradient with central finite differences.
public struct GradientCheckResult: CustomStringConvertible, Sendable {
    /// Largest |analytic − numeric| over the elements.
    public var maxAbsoluteError: Float
    /// `maxAbsoluteError` divided by max(1, largest |numeric|): relative to the gradient's scale.
    public var maxRelativeError: Float
    /// Element where the largest error occurred.
    public var worstIndex: Int

    /// Compares element by element.
    public init(analytic: [Float], numeric: [Float]) {
        var worst: Float = 0, worstIndex = 0, scale: Float = 1
        for i in 0..<numeric.count {
            let error = Swift.abs(analytic[i] - numeric[i])
            if error > worst { worst = error; worstIndex = i }
            scale = Swift.max(scale, Swift.abs(numeric[i]))
        }
        maxAbsoluteError = worst
        maxRelativeError = worst / scale
        self.worstIndex = worstIndex
    }

    public var description: String {
        "max |analytic − numeric| = \(maxAbsoluteError) (relative \(maxRelativeError)) at element \(worstIndex)"
    }
}

/// Checks d f / d x at `point` against central differences (f(x + h) − f(x − h)) / 2h,
/// evaluated in Float32. `f` must return a one-element Variable. The perturbed points are
/// passed as Variables that require gradients, so `f` may itself differentiate (second-order
/// checks).
public func gradientCheck(at point: Tensor, step: Float = 1e-2, _ f: (Variable) -> Variable) -> GradientCheckResult {
    let x = Variable(point, requiresGrad: true)
    let analytic = gradients(of: f(x), withRespectTo: [x])[0].value
    var numeric = [Float](repeating: 0, count: point.count)
    for i in 0..<point.count {
        var plus = point, minus = point
        plus.withUnsafeMutableBufferPointer { $0[i] += step }
        minus.withUnsafeMutableBufferPointer { $0[i] -= step }
        let up = Double(f(Variable(plus, requiresGrad: true)).value.scalar)
        let down = Double(f(Variable(minus, requiresGrad: true)).value.scalar)
        numeric[i] = Float((up - down) / (2 * Double(step)))
    }
    return GradientCheckResult(analytic: analytic.scalars, numeric: numeric)
}

/// Checks the gradient with respect to a parameter Variable `p` (whose value is perturbed
/// in place and restored) of the scalar `f()`.
public func gradientCheck(parameter p: Variable, step: Float = 1e-2, _ f: () -> Variable) -> GradientCheckResult {
    let original = p.value
    let analytic = gradients(of: f(), withRespectTo: [p])[0].value
    var numeric = [Float](repeating: 0, count: original.count)
    for i in 0..<original.count {
        var plus = original, minus = original
        plus.withUnsafeMutableBufferPointer { $0[i] += step }
        minus.withUnsafeMutableBufferPointer { $0[i] -= step }
        p.value = plus
        let up = Double(f().value.scalar)
        p.value = minus
        let down = Double(f().value.scalar)
        numeric[i] = Float((up - down) / (2 * Double(step)))
    }
    p.value = original
    return GradientCheckResult(analytic: analytic.scalars, numeric: numeric)
}

/// A fixed pseudo-random weighting so that checks of non-scalar outputs see every element:
/// Σ y ⊙ r with r from `seed`.
public func weightedSum(_ y: Variable, seed: UInt64 = 99) -> Variable {
    var rng = SplitMix64(seed: seed)
    return (y * Variable(Tensor.randomNormal(y.shape, using: &rng))).sum()
}
