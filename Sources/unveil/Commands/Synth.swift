import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a synthetic dataset with its protocol.")
    func run() throws { throw CLIError.notBuiltYet(command: "synth", issue: 4) }
}
