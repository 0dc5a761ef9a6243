import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Re-render a report from results.json.")
    func run() throws { throw CLIError.notBuiltYet(command: "report", issue: 7) }
}
