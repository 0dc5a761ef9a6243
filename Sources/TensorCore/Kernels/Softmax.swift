import Foundation

/// Row-wise softmax and log-sum-exp over the last axis, computed stably (max subtracted).
extension Tensor {
    /// Softmax over the last axis.
    /// - Shape: `[…, K]` → `[…, K]`
    public func softmax() -> Tensor {
        let k = shape.last ?? 1
        return Tensor(shape: shape, overwriting: { out in
            withUnsafeBufferPointer { x in
                for row in 0..<(count / Swift.max(k, 1)) {
                    let source = x.baseAddress! + row * k, target = out.baseAddress! + row * k
                    var largest = -Float.infinity
                    for i in 0..<k { largest = Swift.max(largest, source[i]) }
                    var total: Float = 0
                    for i in 0..<k { target[i] = Foundation.exp(source[i] - largest); total += target[i] }
                    let scale = 1 / total
                    for i in 0..<k { target[i] *= scale }
                }
            }
        })
    }

    /// log Σ exp over the last axis.
    /// - Shape: `[…, K]` → `[…]`
    public func logSumExp() -> Tensor {
        let k = shape.last ?? 1
        return Tensor(shape: Array(shape.dropLast()), overwriting: { out in
            withUnsafeBufferPointer { x in
                for row in 0..<out.count {
                    let source = x.baseAddress! + row * k
                    var largest = -Float.infinity
                    for i in 0..<k { largest = Swift.max(largest, source[i]) }
                    var total: Float = 0
                    for i in 0..<k { total += Foundation.exp(source[i] - largest) }
                    out[row] = largest + Foundation.log(total)
                }
            }
        })
    }
}
