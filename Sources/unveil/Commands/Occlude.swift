import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct Occlude: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Paired occluded images and ground-truth masks.")
    func run() throws { throw CLIError.notBuiltYet(command: "occlude", issue: 4) }
}
