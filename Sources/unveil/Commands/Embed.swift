import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "N×256 float32 embeddings of a list of aligned faces.")
    func run() throws { throw CLIError.notBuiltYet(command: "embed", issue: 5) }
}
