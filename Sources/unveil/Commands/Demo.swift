import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The whole study on built-in synthetic identities.")
    func run() throws { throw CLIError.notBuiltYet(command: "demo", issue: 7) }
}
