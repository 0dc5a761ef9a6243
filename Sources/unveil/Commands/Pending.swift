import ArgumentParser

// Commands whose issues are still open. Each moves to its own file when built; until then
// it is listed in `--help` and exits non-zero saying where it is tracked.

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The whole study on built-in synthetic identities.")
    func run() throws { throw CLIError.notBuiltYet(command: "demo", issue: 7) }
}

struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a synthetic dataset with its protocol.")
    func run() throws { throw CLIError.notBuiltYet(command: "synth", issue: 4) }
}

struct ProtocolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "protocol", abstract: "Build protocol lists from a dataset's annotation files.")
    func run() throws { throw CLIError.notBuiltYet(command: "protocol", issue: 4) }
}

struct Occlude: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Paired occluded images and ground-truth masks.")
    func run() throws { throw CLIError.notBuiltYet(command: "occlude", issue: 4) }
}

struct TrainRecognizer: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train LightCNN-9 on original or de-occluded training images.")
    func run() throws { throw CLIError.notBuiltYet(command: "train-recognizer", issue: 5) }
}

struct TrainDeoccluder: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "OA-GAN alternating training.")
    func run() throws { throw CLIError.notBuiltYet(command: "train-deoccluder", issue: 6) }
}

struct Deocclude: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Recovered images and predicted masks.")
    func run() throws { throw CLIError.notBuiltYet(command: "deocclude", issue: 6) }
}

struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "N×256 float32 embeddings of a list of aligned faces.")
    func run() throws { throw CLIError.notBuiltYet(command: "embed", issue: 5) }
}

struct Identify: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Rank-k identification (CMC) of probes against a gallery.")
    func run() throws { throw CLIError.notBuiltYet(command: "identify", issue: 5) }
}

struct Quality: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "PSNR and SSIM per image pair, matched by file name.")
    func run() throws { throw CLIError.notBuiltYet(command: "quality", issue: 7) }
}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The full experiment (paper Sec. IV-E), any number of de-occluders.")
    func run() throws { throw CLIError.notBuiltYet(command: "evaluate", issue: 7) }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Re-render a report from results.json.")
    func run() throws { throw CLIError.notBuiltYet(command: "report", issue: 7) }
}

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Throughput of gemm, LightCNN-9 and OA-GAN.")
    func run() throws { throw CLIError.notBuiltYet(command: "bench", issue: 3) }
}
