import Testing
import TestSupport
import TensorCore
@testable import NeuralNet

@Test func backwardAccumulatesIntoLeaves() {
    let w = Variable(Tensor(shape: [2], scalars: [1, 2]), requiresGrad: true)
    let loss = (w * w).sum() + w.sum()  // d/dw = 2w + 1
    loss.backward()
    #expect(w.grad?.value.scalars == [3, 5])
    loss.backward()
    #expect(w.grad?.value.scalars == [6, 10])
}

@Test func noGradientModeRecordsNothing() {
    let w = Variable(Tensor(shape: [2], scalars: [1, 2]), requiresGrad: true)
    let y = withoutGradients { (w * w).sum() }
    #expect(!y.requiresGrad)
    #expect(y.isLeaf)
    let z = (w * w).sum()
    #expect(z.requiresGrad && !z.isLeaf)
}

@Test func secondDerivativeOfCube() {
    // f = Σ x³, f' = 3x², f'' = 6x.
    let x = Variable(Tensor(shape: [3], scalars: [1, -2, 0.5]), requiresGrad: true)
    let first = gradients(of: (x * x * x).sum(), withRespectTo: [x], createGraph: true)[0]
    #expect(maxAbsoluteDifference(first.value.scalars, [3, 12, 0.75]) < 1e-5)
    let second = gradients(of: first.sum(), withRespectTo: [x])[0]
    #expect(maxAbsoluteDifference(second.value.scalars, [6, -12, 3]) < 1e-5)
}

@Test func unusedInputGetsZeroGradient() {
    let x = Variable(Tensor(shape: [2], repeating: 1), requiresGrad: true)
    let y = Variable(Tensor(shape: [2], repeating: 1), requiresGrad: true)
    let g = gradients(of: x.sum(), withRespectTo: [y])[0]
    #expect(g.value.scalars == [0, 0])
}
