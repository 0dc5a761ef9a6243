import CKernels
import Testing
import TestSupport
@testable import TensorCore

/// y[i, j] = b[j] + Σ_k x[i, k]·w[j, k] by three loops, in Double.
private func naiveLinear(_ x: Tensor, _ w: Tensor, _ b: Tensor?) -> [Float] {
    let (n, features, out) = (x.shape[0], x.shape[1], w.shape[0])
    return (0..<(n * out)).map { e in
        let (i, j) = e.quotientAndRemainder(dividingBy: out)
        let sum = (0..<features).reduce(Double(b?.scalars[j] ?? 0)) { $0 + Double(x.scalars[i * features + $1]) * Double(w.scalars[j * features + $1]) }
        return Float(sum)
    }
}

/// a·b by three loops in Double, a `[m, k]`, b `[k, n]` given by element functions.
private func naiveProduct(m: Int, k: Int, n: Int, _ a: (Int, Int) -> Float, _ b: (Int, Int) -> Float) -> [Float] {
    (0..<(m * n)).map { e in
        let (i, j) = e.quotientAndRemainder(dividingBy: n)
        return Float((0..<k).reduce(0.0) { $0 + Double(a(i, $1)) * Double(b($1, j)) })
    }
}

/// Σ_i g[i, j] in Double: the bias gradient.
private func columnSums(_ g: Tensor) -> [Float] {
    let (n, out) = (g.shape[0], g.shape[1])
    return (0..<out).map { j in Float((0..<n).reduce(0.0) { $0 + Double(g.scalars[$1 * out + j]) }) }
}

/// Shapes [batch, in, out] with the loops' edges: batches that are not a multiple of the
/// 16-column blocks (padded), one and several 256-input passes, output features below one
/// six-row block, across forward (48) and backward (32) row groups, and 1000 classes as
/// LightCNN-9's classifier.
@Test(arguments: [[1, 16, 1], [5, 48, 7], [17, 272, 50], [32, 256, 100], [32, 256, 1000], [64, 32, 37]])
func smallBatchLinearMatchesNaiveLoops(_ sizes: [Int]) {
    let (n, features, out) = (sizes[0], sizes[1], sizes[2])
    #expect(SmallBatchLinear.applies(rows: n, inputFeatures: features, outputFeatures: out) == AVX2Kernels.isAvailable)
    var rng = SplitMix64(seed: UInt64(n * 1000 + out))
    let x = Tensor.randomNormal([n, features], using: &rng)
    let w = Tensor.randomNormal([out, features], using: &rng)
    let b = Tensor.randomNormal([out], using: &rng)
    let scale = Float(features).squareRoot()  // sums of `features` unit-variance products
    #expect(maxAbsoluteDifference(x.linear(weight: w, bias: b).scalars, naiveLinear(x, w, b)) < Tolerance.kernel * scale)
    #expect(maxAbsoluteDifference(x.linear(weight: w, bias: nil).scalars, naiveLinear(x, w, nil)) < Tolerance.kernel * scale)

    let g = Tensor.randomNormal([n, out], using: &rng)
    let gradients = g.linearBackward(input: x, weight: w, needInput: true)
    let dx = naiveProduct(m: n, k: out, n: features, { g.scalars[$0 * out + $1] }, { w.scalars[$0 * features + $1] })
    let dw = naiveProduct(m: out, k: n, n: features, { g.scalars[$1 * out + $0] }, { x.scalars[$0 * features + $1] })
    #expect(gradients.input?.shape == [n, features] && gradients.weight.shape == [out, features])
    #expect(maxAbsoluteDifference(gradients.input!.scalars, dx) < Tolerance.kernel * Float(out).squareRoot())
    #expect(maxAbsoluteDifference(gradients.weight.scalars, dw) < Tolerance.kernel * Float(n).squareRoot())
    #expect(maxAbsoluteDifference(gradients.bias.scalars, columnSums(g)) < Tolerance.kernel * Float(n).squareRoot())
    let weightOnly = g.linearBackward(input: x, weight: w, needInput: false)
    #expect(weightOnly.input == nil)
    #expect(maxAbsoluteDifference(weightOnly.weight.scalars, dw) < Tolerance.kernel * Float(n).squareRoot())
}

/// Outside the loops' shapes (inputs not a multiple of 16, batches over 64) sgemm answers, equally.
@Test(arguments: [[4, 20, 9], [65, 32, 10]])
func linearOutsideTheSmallBatchShapesTakesSgemm(_ sizes: [Int]) {
    let (n, features, out) = (sizes[0], sizes[1], sizes[2])
    #expect(!SmallBatchLinear.applies(rows: n, inputFeatures: features, outputFeatures: out))
    var rng = SplitMix64(seed: 3)
    let x = Tensor.randomNormal([n, features], using: &rng)
    let w = Tensor.randomNormal([out, features], using: &rng)
    let b = Tensor.randomNormal([out], using: &rng)
    #expect(maxAbsoluteDifference(x.linear(weight: w, bias: b).scalars, naiveLinear(x, w, b)) < Tolerance.kernel * 5)
    let g = Tensor.randomNormal([n, out], using: &rng)
    let dw = naiveProduct(m: out, k: n, n: features, { g.scalars[$1 * out + $0] }, { x.scalars[$0 * features + $1] })
    let gradients = g.linearBackward(input: x, weight: w, needInput: true)
    #expect(maxAbsoluteDifference(gradients.weight.scalars, dw) < Tolerance.kernel * 10)
    #expect(maxAbsoluteDifference(gradients.bias.scalars, columnSums(g)) < Tolerance.kernel * 10)
}

/// The weight gradient is streamed out (non-temporal stores) where its storage is 32-byte
/// aligned and stored plainly otherwise: both give the same rows. One thread here claims every
/// row group (from the front of the rows and from the back) and every column block of the input
/// gradient.
@Test func smallBatchLinearBackwardWritesAlignedAndUnalignedGradients() {
    guard AVX2Kernels.isAvailable else { return }
    let (n, features, out) = (3, 32, 75)  // three row groups
    var rng = SplitMix64(seed: 9)
    let x = Tensor.randomNormal([n, features], using: &rng)
    let w = Tensor.randomNormal([out, features], using: &rng)
    let g = Tensor.randomNormal([n, out], using: &rng)
    let dw = naiveProduct(m: out, k: n, n: features, { g.scalars[$1 * out + $0] }, { x.scalars[$0 * features + $1] })
    let dx = naiveProduct(m: n, k: out, n: features, { g.scalars[$0 * out + $1] }, { w.scalars[$0 * features + $1] })
    let storage = UnsafeMutableRawPointer.allocate(byteCount: (out * features + 1) * 4, alignment: 64)
    defer { storage.deallocate() }
    for (offset, fromBack) in [(0, 0), (1, 1), (0, 1)] {  // offset in floats: 32-byte aligned or 4 bytes off
        let target = storage.assumingMemoryBound(to: Float.self) + offset
        var counters: [Int64] = [0, 0]
        var inputGradient = [Float](repeating: .nan, count: n * features)
        g.withUnsafeBufferPointer { gs in
            x.withUnsafeBufferPointer { xs in
                w.withUnsafeBufferPointer { ws in
                    counters.withUnsafeMutableBufferPointer { c in
                        unveil_linear_backward(gs.baseAddress!, Int32(n), Int32(out), xs.baseAddress!, ws.baseAddress!,
                                               Int32(features), c.baseAddress!, Int32(fromBack), c.baseAddress! + 1,
                                               &inputGradient, target, nil)
                    }
                }
            }
        }
        let written = Array(UnsafeBufferPointer(start: target, count: out * features))
        #expect(maxAbsoluteDifference(written, dw) < Tolerance.kernel * 2, "offset \(offset), from the back \(fromBack)")
        #expect(maxAbsoluteDifference(inputGradient, dx) < Tolerance.kernel * 4, "offset \(offset), from the back \(fromBack)")
    }
}

/// Whichever worker takes which part, the gradients are the same to the bit (each column block
/// of the input gradient is summed over all rows in a fixed order), so training runs repeat
/// exactly: one thread taking the row groups from the front and one from the back give the same
/// bits as repeated two-worker calls. (Exact equality is the property tested.)
@Test func smallBatchLinearBackwardIsTheSameEveryTime() {
    var rng = SplitMix64(seed: 21)
    let (n, features, out) = (32, 256, 1000)
    let x = Tensor.randomNormal([n, features], using: &rng)
    let w = Tensor.randomNormal([out, features], using: &rng)
    let g = Tensor.randomNormal([n, out], using: &rng)
    let first = g.linearBackward(input: x, weight: w, needInput: true)
    for _ in 0..<4 {
        let again = g.linearBackward(input: x, weight: w, needInput: true)
        #expect(again.input!.scalars == first.input!.scalars)
        #expect(again.weight.scalars == first.weight.scalars && again.bias.scalars == first.bias.scalars)
    }
    guard AVX2Kernels.isAvailable else { return }
    for fromBack in [0, 1] {
        var counters: [Int64] = [0, 0]
        var inputGradient = [Float](repeating: .nan, count: n * features)
        var weightGradient = [Float](repeating: .nan, count: out * features)
        g.withUnsafeBufferPointer { gs in
            x.withUnsafeBufferPointer { xs in
                w.withUnsafeBufferPointer { ws in
                    counters.withUnsafeMutableBufferPointer { c in
                        unveil_linear_backward(gs.baseAddress!, Int32(n), Int32(out), xs.baseAddress!, ws.baseAddress!,
                                               Int32(features), c.baseAddress!, Int32(fromBack), c.baseAddress! + 1,
                                               &inputGradient, &weightGradient, nil)
                    }
                }
            }
        }
        #expect(inputGradient == first.input!.scalars, "from the back \(fromBack)")
        #expect(weightGradient == first.weight.scalars, "from the back \(fromBack)")
    }
}
