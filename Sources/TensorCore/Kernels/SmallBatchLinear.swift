import CKernels

/// Fully connected layers over a batch of few rows — LightCNN-9's classifier, 32 × 256 → 1000 —
/// by `CKernels`' AVX2/FMA loops instead of sgemm.
///
/// Such a product is 8 M multiply-adds over a 1 MB weight. OpenBLAS packs that weight for every
/// call and wakes its second thread for 0.1 ms of work; in a training step (weight and gradient
/// out of cache) the three sgemms of forward, data and weight gradient ran at 30–48 % of the
/// sgemm rate. Here the weight is read in place, and the workers share it out as they come: each
/// claims groups of its rows (output features) from one end of them, so the one woken last —
/// 30–50 µs later in this VM — does fewer. Forward: the group's weight elements broadcast
/// against the transposed batch, the next rows prefetched. Backward: both gradients of a group in
/// one pass, then the data gradient by 16-column blocks claimed in turn, each summed over all rows
/// in a fixed order (so the result does not depend on which worker took what), the weight gradient
/// streamed out with non-temporal stores (only the optimizer step reads it, much later). Where
/// the CPU lacks AVX2 and FMA, or a shape falls outside `applies`, the layers take sgemm
/// (`Tensor.linear`, `Tensor.linearBackward`).
enum SmallBatchLinear {
    /// Rows (batch) up to which the loops replace sgemm.
    static let maximumRows = 64
    /// Input features up to which they do (beyond, sgemm's packing pays for itself).
    static let maximumInputFeatures = 1024

    /// Whether a product of `rows` × `inputFeatures` by an `[outputFeatures, inputFeatures]`
    /// weight takes the loops.
    static func applies(rows: Int, inputFeatures: Int, outputFeatures: Int) -> Bool {
        AVX2Kernels.isAvailable && rows >= 1 && rows <= maximumRows && inputFeatures % 16 == 0
            && inputFeatures <= maximumInputFeatures && outputFeatures >= 1
    }

    /// Runs `body(worker, counters)` on every worker at once; they share two counters (zero at
    /// the start): the ends from which `CKernels`' loops claim groups of weight rows (even
    /// workers from the front, odd ones from the back), and the next 16-column block of the
    /// input gradient.
    static func shareRows(_ body: (_ worker: Int, _ counters: UnsafeMutablePointer<Int64>) -> Void) {
        let counters = UnsafeMutablePointer<Int64>.allocate(capacity: 2)
        defer { counters.deallocate() }
        counters.initialize(repeating: 0, count: 2)
        let shared = UncheckedSendable(counters)
        Parallel.forEach(Parallel.workerCount) { worker in body(worker, shared.value) }
    }
}

extension Tensor {
    /// A fully connected layer, self·weightᵀ + bias (PyTorch `linear`).
    /// - Shape: self `[N, in]`, weight `[out, in]`, bias `[out]` → `[N, out]`
    public func linear(weight: Tensor, bias: Tensor?) -> Tensor {
        precondition(rank == 2 && weight.rank == 2 && shape[1] == weight.shape[1],
                     "linear: input \(shape) and weight \(weight.shape) (want [N, in] and [out, in])")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "linear: bias \(bias!.shape) for weight \(weight.shape)")
        let (n, features, out) = (shape[0], shape[1], weight.shape[0])
        guard SmallBatchLinear.applies(rows: n, inputFeatures: features, outputFeatures: out) else {
            return matmul(weight, transposeOther: true, addingRow: bias)
        }
        let np = (n + 15) / 16 * 16
        return Tensor(shape: [n, out], overwriting: { y in
            let target = UncheckedSendable(y.baseAddress!)
            withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    withOptionalBuffer(bias) { b in
                        SmallBatchLinear.shareRows { worker, counters in
                            // Each worker's own transposed copy of x (and sums), written before
                            // read; on the heap (a GCD worker's stack is small).
                            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: (features + 48) * np)
                            defer { scratch.deallocate() }
                            unveil_linear_forward(x.baseAddress!, Int32(n), Int32(features), w.baseAddress!, b, Int32(out),
                                                  counters, Int32(worker % 2), target.value, scratch)
                        }
                    }
                }
            }
        })
    }

    /// Input, weight and bias gradients of `linear` from the output gradient (self); the bias
    /// gradient is self's column sum. `needInput` false skips the input gradient.
    /// - Shape: self `[N, out]`, input `[N, in]`, weight `[out, in]` → `[N, in]`, `[out, in]`, `[out]`
    public func linearBackward(input x: Tensor, weight: Tensor, needInput: Bool) -> (input: Tensor?, weight: Tensor, bias: Tensor) {
        let (n, features, out) = (x.shape[0], x.shape[1], weight.shape[0])
        precondition(shape == [n, out] && weight.shape == [out, features],
                     "linearBackward: gradient \(shape), input \(x.shape), weight \(weight.shape)")
        guard SmallBatchLinear.applies(rows: n, inputFeatures: features, outputFeatures: out) else {
            return (needInput ? matmul(weight) : nil, matmul(x, transposeSelf: true), sum(toShape: [out]))
        }
        let size = needInput ? n * features : 0
        var inputGradient = [Float](unsafeUninitializedCapacity: size) { $1 = size }  // every block written
        var biasGradient = [Float](repeating: 0, count: out)
        let weightGradient = [Float](unsafeUninitializedCapacity: out * features) { dw, initialized in
            let weightTarget = UncheckedSendable(dw.baseAddress!)
            inputGradient.withUnsafeMutableBufferPointer { dx in
                // (An empty array's buffer points at shared storage: never written.)
                let inputTarget = UncheckedSendable(needInput ? dx.baseAddress : nil)
                biasGradient.withUnsafeMutableBufferPointer { db in
                    let biasTarget = UncheckedSendable(db.baseAddress!)
                    withUnsafeBufferPointer { g in
                        x.withUnsafeBufferPointer { xs in
                            weight.withUnsafeBufferPointer { w in
                                SmallBatchLinear.shareRows { worker, counters in
                                    unveil_linear_backward(g.baseAddress!, Int32(n), Int32(out), xs.baseAddress!, w.baseAddress!,
                                                           Int32(features), counters, Int32(worker % 2), counters + 1,
                                                           inputTarget.value,
                                                           weightTarget.value, biasTarget.value)
                                }
                            }
                        }
                    }
                }
            }
            initialized = out * features
        }
        return (needInput ? Tensor(shape: [n, features], scalars: inputGradient) : nil,
                Tensor(shape: [out, features], scalars: weightGradient), Tensor(shape: [out], scalars: biasGradient))
    }
}

/// Calls `body` with the tensor's storage, or with nil for no tensor.
private func withOptionalBuffer<R>(_ tensor: Tensor?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let tensor else { return body(nil) }
    return tensor.withUnsafeBufferPointer { body($0.baseAddress!) }
}
