import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct Identify: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Rank-k identification (CMC) of probes against a gallery.")
    func run() throws { throw CLIError.notBuiltYet(command: "identify", issue: 5) }
}
