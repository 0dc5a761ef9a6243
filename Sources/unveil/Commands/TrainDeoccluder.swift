import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct TrainDeoccluder: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "OA-GAN alternating training.")
    func run() throws { throw CLIError.notBuiltYet(command: "train-deoccluder", issue: 6) }
}
