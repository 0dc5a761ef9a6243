import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Throughput of gemm, LightCNN-9 and OA-GAN.")
    func run() throws { throw CLIError.notBuiltYet(command: "bench", issue: 3) }
}
