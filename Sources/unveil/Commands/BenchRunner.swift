import Deocclusion
import Foundation
import NeuralNet
import Recognition
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
            lines.append("layer                      fwd ms   bwd ms  fwd GFLOP/s  bwd GFLOP/s  fwd %sgemm  bwd %sgemm")
            for row in layers {
                let name = row.name.padding(toLength: 24, withPad: " ", startingAt: 0)
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
        let bench = Benchmark(warmupRuns: 1, timedRuns: configuration.runs)
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
            return try lightCNN9(configuration, bench: bench, kernel: kernel)
        case "oagan-generator", "oagan-train":
            let measurement = configuration.workload == "oagan-train"
                ? try OAGANBenchmark.training(inputSize: configuration.inputSize, batchSize: configuration.batchSize, bench: bench)
                : try OAGANBenchmark.generator(inputSize: configuration.inputSize, batchSize: configuration.batchSize, bench: bench)
            // GFLOP/s from the multiply-adds the ops counted in each scope, forward and in its
            // backward rules (derivatives, and the ops the penalty's double backward records).
            let rows = measurement.layers.map { entry -> BenchReport.LayerRow in
                let fg = entry.forwardSeconds > 0 ? 2 * entry.forwardMultiplyAdds / entry.forwardSeconds / 1e9 : 0
                let bg = entry.backwardSeconds > 0 ? 2 * entry.backwardMultiplyAdds / entry.backwardSeconds / 1e9 : 0
                return .init(name: entry.name, forwardMilliseconds: entry.forwardSeconds * 1000,
                             backwardMilliseconds: entry.backwardSeconds * 1000, forwardGFLOPS: fg, backwardGFLOPS: bg,
                             forwardShare: fg / measurement.sgemmGFLOPS, backwardShare: bg / measurement.sgemmGFLOPS)
            }
            return BenchReport(configuration: configuration, result: measurement.result, kernel: kernel, layers: rows)
        default:
            throw BenchError.notAvailable(configuration.workload)
        }
    }

    static func lightCNN9(_ configuration: BenchConfiguration, bench: Benchmark, kernel: String) throws -> BenchReport {
        let n = configuration.batchSize
        let workload = try LightCNN9Benchmark(inputSize: configuration.inputSize, batchSize: n,
                                              classes: configuration.classes, seed: 1)
        let training = configuration.workload == "lightcnn9-train"
        let step: () -> Void = training ? { workload.trainingStep() } : { workload.embedBatch() }
        let flopsPerImage = training ? workload.trainingFlopsPerImage : workload.embeddingFlopsPerImage
        let result = bench.measure(configuration.workload, flops: flopsPerImage * Double(n), images: n, step)
        let (profile, sgemmRate) = bench.profile(runs: 7, step)
        let layers = workload.layers
        let rows = profile.map { entry -> BenchReport.LayerRow in
            let layer = layers.first { $0.name == entry.name }
            let forwardFlops = 2 * Double(layer?.multiplyAddsPerImage ?? 0) * Double(n)
            let backwardFlops = layer.map { LightCNN9Benchmark.backwardFlopsPerImage($0) * Double(n) } ?? 0
            let fg = entry.forwardSeconds > 0 ? forwardFlops / entry.forwardSeconds / 1e9 : 0
            let bg = entry.backwardSeconds > 0 ? backwardFlops / entry.backwardSeconds / 1e9 : 0
            return .init(name: entry.name, forwardMilliseconds: entry.forwardSeconds * 1000,
                         backwardMilliseconds: entry.backwardSeconds * 1000, forwardGFLOPS: fg, backwardGFLOPS: bg,
                         forwardShare: fg / sgemmRate, backwardShare: bg / sgemmRate)
        }
        return BenchReport(configuration: configuration, result: result, kernel: kernel, layers: rows)
    }
}
