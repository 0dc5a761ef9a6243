import Testing
import TestSupport
@testable import TensorCore

@Test func broadcastingAddsPerChannel() {
    let x = Tensor(shape: [2, 3, 1, 2], scalars: (0..<12).map(Float.init))
    let b = Tensor(shape: [1, 3, 1, 1], scalars: [100, 200, 300])
    let y = x + b
    #expect(y[1, 2, 0, 1] == 311)
    #expect(y[0, 0, 0, 0] == 100)
    #expect(x.sum(toShape: [1, 3, 1, 1]).scalars == [14, 22, 30])
    #expect(y.sum(toShape: [3, 1, 1]).scalars == [414, 822, 1230])
}

@Test func broadcastShapeRules() {
    #expect(Broadcast.shape([2, 1, 4], [3, 1]) == [2, 3, 4])
    #expect(Broadcast.shape([2, 3], [4, 3]) == nil)
    #expect(Broadcast.shape([], [5]) == [5])
}

@Test func reshapeInfersOneExtent() {
    let x = Tensor(zeros: [2, 3, 4])
    #expect(x.reshaped(to: [2, -1]).shape == [2, 12])
}

@Test func splitMixIsReproducibleAndResumable() {
    var a = SplitMix64(seed: 42)
    _ = a.next()
    var b = SplitMix64(seed: 0)
    b.state = a.state
    #expect(a.next() == b.next())
}

@Test func randomNormalHasRoughlyUnitMoments() {
    var rng = SplitMix64(seed: 5)
    let x = Tensor.randomNormal([20000], using: &rng)
    let mean = x.sum() / Float(x.count)
    let variance = (x * x).sum() / Float(x.count) - mean * mean
    #expect(abs(mean) < 0.03)
    #expect(abs(variance - 1) < 0.05)
}

@Test func narrowAndPadAreAdjoint() {
    var rng = SplitMix64(seed: 6)
    let x = Tensor.randomNormal([2, 5, 3], using: &rng)
    let part = x.narrowed(along: 1, start: 1, length: 3)
    #expect(part.shape == [2, 3, 3])
    #expect(part[1, 0, 2] == x[1, 1, 2])
    let back = part.padded(along: 1, start: 1, extent: 5)
    #expect(back[1, 1, 2] == x[1, 1, 2])
    #expect(back[1, 0, 2] == 0)
    let joined = Tensor.concatenating([x.narrowed(along: 1, start: 0, length: 2), x.narrowed(along: 1, start: 2, length: 3)], along: 1)
    #expect(joined == x)
}
