import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The full experiment (paper Sec. IV-E), any number of de-occluders.")
    func run() throws { throw CLIError.notBuiltYet(command: "evaluate", issue: 7) }
}
