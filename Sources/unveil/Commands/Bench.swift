import ArgumentParser
import Foundation
import NeuralNet
import TensorCore

/// `unveil bench NAME`: throughput of sgemm and of the networks' steps.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Throughput of gemm, LightCNN-9 and OA-GAN.")

    enum Workload: String, ExpressibleByArgument, CaseIterable {
        case gemm
        case lightcnn9Train = "lightcnn9-train"
        case lightcnn9Embed = "lightcnn9-embed"
        case oaganGenerator = "oagan-generator"
        case oaganTrain = "oagan-train"
    }

    @Argument(help: "Workload: \(Workload.allCases.map(\.rawValue).joined(separator: ", ")).")
    var workload: Workload

    @Option(help: "Side of the square input images (gemm: matrix size).")
    var inputSize: Int?

    @Option(help: "Images per batch.")
    var batchSize = 32

    @Option(help: "Timed runs (the median is reported).")
    var runs = 5

    @Option(help: "Identities of the classifier (lightcnn9-*).")
    var classes = 1000

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        if let inputSize, workload != .gemm, inputSize < 16 || inputSize % 16 != 0 {
            throw ValidationError("--input-size must be a positive multiple of 16 for \(workload.rawValue)")
        }
    }

    func run() throws {
        let configuration = BenchConfiguration(
            workload: workload.rawValue, inputSize: inputSize ?? (workload == .gemm ? 2048 : 128),
            batchSize: batchSize, runs: runs, classes: classes)
        let report = try BenchRunner.run(configuration)
        print(json ? report.json : report.table)
    }
}
