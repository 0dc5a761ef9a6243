/// LightCNN's fused max-feature-map convolution (`MaxFeatureMapConvolution.swift`) through
/// Winograd's algorithm (`Winograd.swift`), forward and backward.
extension Tensor {
    /// `conv2dMaxFeatureMap` (3×3, stride 1, padding 1) with the convolution by Winograd's
    /// algorithm, a chunk of samples at a time; the max-feature-map pass reads the chunk's output.
    func winogradConv2dMaxFeatureMap(weight: Tensor, bias: Tensor?) -> (values: Tensor, winners: MaxFeatureMapWinners) {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let plan = WinogradConvolution(weight: weight, adjoint: false, height: h, width: w)
        let (o, plane) = (plan.outputChannels, h * w), d = o / 2
        let chunk = plan.samplesPerChunk(batch: n)
        var scratch = Tensor.scratch(count: plan.scratchCount(samples: chunk))
        var convolved = Tensor.scratch(count: chunk * o * plane)
        var indices = [Int32](repeating: 0, count: n * d * plane)
        let biases = bias?.scalars ?? [Float](repeating: 0, count: o)
        let values = Tensor(shape: [n, d, h, w], overwriting: { out in
            withUnsafeBufferPointer { x in
                scratch.withUnsafeMutableBufferPointer { buffer in
                    convolved.withUnsafeMutableBufferPointer { conv in
                        indices.withUnsafeMutableBufferPointer { idx in
                            biases.withUnsafeBufferPointer { b in
                                for first in stride(from: 0, to: n, by: chunk) {
                                    let count = Swift.min(chunk, n - first)
                                    plan.convolve(x.baseAddress! + first * c * plane, count: count, bias: nil,
                                                  into: conv.baseAddress!, scratch: buffer.baseAddress!)
                                    Parallel.forEachRange(count: count * d, minimumPerWorker: Swift.max(1, (1 << 14) / plane)) { rows in
                                        for row in rows {
                                            let (j, channel) = row.quotientAndRemainder(dividingBy: d)
                                            let sample = first + j
                                            let source = conv.baseAddress! + (j * o + channel) * plane
                                            let firstIndex = Int32((sample * o + channel) * plane)
                                            let target = (sample * d + channel) * plane
                                            Tensor.maxOfHalvesRow(source, source + d * plane, count: plane,
                                                                  biases: (b[channel], b[channel + d]),
                                                                  firstIndex: firstIndex, secondIndex: firstIndex + Int32(d * plane),
                                                                  values: out.baseAddress! + target, indices: idx.baseAddress! + target)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        })
        return (values, .flat(indices))
    }

    /// `conv2dMaxFeatureMapBackward` (3×3, stride 1, padding 1) with the input gradient by
    /// Winograd's algorithm, input and weight gradients: per chunk of samples the gradient is
    /// expanded into both halves, then both gradients are computed for the whole chunk.
    func winogradConv2dMaxFeatureMapBackward(input x: Tensor, weight: Tensor, indices: [Int32], needBias: Bool)
        -> (input: Tensor, weight: Tensor, bias: Tensor?) {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let plan = WinogradConvolution(weight: weight, adjoint: true, height: h, width: w)
        let (o, plane) = (weight.shape[0], h * w), d = o / 2
        let chunk = plan.samplesPerChunk(batch: n)
        var scratch = Tensor.scratch(count: plan.scratchCount(samples: chunk))
        var expanded = Tensor.scratch(count: chunk * o * plane)
        let weightPlan = WinogradConvolution(inputChannels: c, outputChannels: o, height: h, width: w)
        var transformedGradient = Tensor.scratch(count: WinogradConvolution.positions * o * c)  // ∂L/∂U [36, O, C]
        var rowSums = [Float](repeating: 0, count: n * o)  // per sample and channel, for the bias
        var weightGradient = [Float](repeating: 0, count: weight.count)
        let inputGradient = Tensor(shape: x.shape, overwriting: { gx in
            withUnsafeBufferPointer { gy in
                indices.withUnsafeBufferPointer { idx in
                    x.withUnsafeBufferPointer { input in
                        scratch.withUnsafeMutableBufferPointer { buffer in
                            expanded.withUnsafeMutableBufferPointer { grad in
                                transformedGradient.withUnsafeMutableBufferPointer { u in
                                    rowSums.withUnsafeMutableBufferPointer { sums in
                                        weightGradient.withUnsafeMutableBufferPointer { gw in
                                            for first in stride(from: 0, to: n, by: chunk) {
                                                let count = Swift.min(chunk, n - first)
                                                Parallel.forEachRange(count: count * d, minimumPerWorker: Swift.max(1, (1 << 14) / plane)) { range in
                                                    for item in range {
                                                        let (j, channel) = item.quotientAndRemainder(dividingBy: d)
                                                        let sample = first + j
                                                        let target = grad.baseAddress! + (j * o + channel) * plane
                                                        let row = (sample * d + channel) * plane
                                                        let (a, b) = Tensor.expandHalvesRow(
                                                            gy.baseAddress! + row, indices: idx.baseAddress! + row, count: plane,
                                                            firstIndex: Int32((sample * o + channel) * plane), into: (target, target + d * plane))
                                                        sums[sample * o + channel] = a
                                                        sums[sample * o + channel + d] = b
                                                    }
                                                }
                                                weightPlan.accumulateWeightGradient(
                                                    input: input.baseAddress! + first * c * plane, gradient: grad.baseAddress!, count: count,
                                                    into: u.baseAddress!, accumulate: first > 0, scratch: buffer.baseAddress!)
                                                plan.convolve(grad.baseAddress!, count: count, bias: nil,
                                                              into: gx.baseAddress! + first * c * plane, scratch: buffer.baseAddress!)
                                            }
                                            weightPlan.filterGradient(from: u.baseAddress!, into: gw.baseAddress!)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        })
        var biasGradient: Tensor?
        if needBias {
            var totals = [Double](repeating: 0, count: o)
            for sample in 0..<n { for channel in 0..<o { totals[channel] += Double(rowSums[sample * o + channel]) } }
            biasGradient = Tensor(shape: [o], scalars: totals.map(Float.init))
        }
        return (inputGradient, Tensor(shape: weight.shape, scalars: weightGradient), biasGradient)
    }
}
