import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct Deocclude: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Recovered images and predicted masks.")
    func run() throws { throw CLIError.notBuiltYet(command: "deocclude", issue: 6) }
}
