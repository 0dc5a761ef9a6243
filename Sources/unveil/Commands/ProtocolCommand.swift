import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct ProtocolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "protocol", abstract: "Build protocol lists from a dataset's annotation files.")
    func run() throws { throw CLIError.notBuiltYet(command: "protocol", issue: 4) }
}
