import Foundation
import NeuralNet
import TensorCore

/// What `unveil bench` was asked to measure.
struct BenchConfiguration: Codable, Sendable {
    var workload: String
    var inputSize: Int
    var batchSize: Int
    var runs: Int
    var classes: Int
}

/// A finished benchmark: the headline result and, for networks, one row per layer.
struct BenchReport {
    struct LayerRow: Codable {
        var name: String
        var forwardMilliseconds: Double
        var backwardMilliseconds: Double
        var forwardGFLOPS: Double
        var backwardGFLOPS: Double
        var forwardShare: Double
        var backwardShare: Double
    }

    var configuration: BenchConfiguration
    var result: Benchmark.Result
    var kernel: String
    var layers: [LayerRow]

    var json: String {
        struct Output: Encodable {
            var configuration: BenchConfiguration
            var result: Benchmark.Result
            var images_per_second: Double
            var gflops: Double
            var sgemm_gflops: Double
            var blas_kernel: String
            var layers: [LayerRow]
        }
        let output = Output(configuration: configuration, result: result, images_per_second: result.imagesPerSecond,
                            gflops: result.gflops, sgemm_gflops: result.sgemmGFLOPS, blas_kernel: kernel, layers: layers)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(output)) ?? Data(), as: UTF8.self)
    }

    var table: String {
        var lines = [
            "\(configuration.workload): input \(configuration.inputSize), batch \(configuration.batchSize), BLAS \(kernel)",
            String(format: "median %.3f s over %d runs: %.2f images/s, %.1f GFLOP/s = %.0f%% of sgemm (%.1f GFLOP/s), peak memory %.0f MiB",
                   result.medianSeconds, result.runs, result.imagesPerSecond, result.gflops, 100 * result.shareOfSgemm,
                   result.sgemmGFLOPS, Double(result.peakResidentBytes) / 1_048_576),
        ]
        if !layers.isEmpty {
            lines.append("layer                  fwd ms   bwd ms  fwd GFLOP/s  bwd GFLOP/s  fwd %sgemm  bwd %sgemm")
            for row in layers {
                let name = row.name.padding(toLength: 20, withPad: " ", startingAt: 0)
                lines.append(name + String(format: " %8.1f %8.1f %12.1f %12.1f %10.0f%% %10.0f%%",
                                    row.forwardMilliseconds, row.backwardMilliseconds,
                                    row.forwardGFLOPS, row.backwardGFLOPS, 100 * row.forwardShare, 100 * row.backwardShare))
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Errors of the benchmark command.
enum BenchError: Error, CustomStringConvertible {
    case notAvailable(String)
    var description: String {
        switch self {
        case let .notAvailable(name): return "benchmark '\(name)' needs the OA-GAN model, which is wired in by the Deocclusion target"
        }
    }
}

/// Runs one benchmark configuration.
enum BenchRunner {
    static func run(_ configuration: BenchConfiguration) throws -> BenchReport {
        let kernel = BLASRuntime.kernelDescription
        switch configuration.workload {
        case "gemm":
            let n = configuration.inputSize
            let sgemm = GemmProbe.measure(size: n, runs: configuration.runs)
            let result = Benchmark.Result(
                name: "gemm", runs: sgemm.runs, medianSeconds: sgemm.medianSeconds, imagesPerSecond: 0,
                flops: Gemm.flops(m: n, n: n, k: n), gflops: sgemm.gflops, sgemmGFLOPS: sgemm.gflops,
                shareOfSgemm: 1, peakResidentBytes: MemoryUsage.peakResidentBytes)
            return BenchReport(configuration: configuration, result: result, kernel: kernel, layers: [])
        case "lightcnn9-train", "lightcnn9-embed":
            return lightCNN9(configuration, bench: Benchmark(warmupRuns: 1, timedRuns: configuration.runs), kernel: kernel)
        default:
            throw BenchError.notAvailable(configuration.workload)
        }
    }

    static func lightCNN9(_ configuration: BenchConfiguration, bench: Benchmark, kernel: String) -> BenchReport {
        var rng = SplitMix64(seed: 1)
        let s = configuration.inputSize, n = configuration.batchSize
        let model = LightCNN9Stack(inputSize: s, classes: configuration.classes, using: &rng)
        let images = Tensor.randomUniform([n, 1, s, s], using: &rng)
        let labels = (0..<n).map { _ in Int(rng.next() % UInt64(configuration.classes)) }
        let training = configuration.workload == "lightcnn9-train"
        let optimizer = SGD(parameterGroups: [ParameterGroup(parameters: model.parameters, learningRate: 1e-3, weightDecay: 1e-4)],
                            momentum: 0.9)
        let step: () -> Void = training
            ? {
                optimizer.zeroGradients()
                let loss = softmaxCrossEntropy(logits: model(Variable(images)), labels: labels)
                loss.backward()
                optimizer.step()
            }
            : { _ = withoutGradients { model(Variable(images)) } }
        let flopsPerImage = training ? model.trainingFlopsPerImage() : 2 * model.multiplyAddsPerImage
        let result = bench.measure(configuration.workload, flops: flopsPerImage * Double(n), images: n, step)
        let (profile, sgemmRate) = bench.profile(runs: 2, step)
        let rows = profile.compactMap { entry -> BenchReport.LayerRow? in
            guard let index = model.stages.firstIndex(where: { $0.name == entry.name }) else { return nil }
            let forwardFlops = 2 * model.stages[index].multiplyAddsPerImage * Double(n)
            let backwardFlops = model.backwardFlopsPerImage(stage: index) * Double(n)
            let fg = entry.forwardSeconds > 0 ? forwardFlops / entry.forwardSeconds / 1e9 : 0
            let bg = entry.backwardSeconds > 0 ? backwardFlops / entry.backwardSeconds / 1e9 : 0
            return .init(name: entry.name, forwardMilliseconds: entry.forwardSeconds * 1000,
                         backwardMilliseconds: entry.backwardSeconds * 1000, forwardGFLOPS: fg, backwardGFLOPS: bg,
                         forwardShare: fg / sgemmRate, backwardShare: bg / sgemmRate)
        }
        return BenchReport(configuration: configuration, result: result, kernel: kernel, layers: rows)
    }
}
