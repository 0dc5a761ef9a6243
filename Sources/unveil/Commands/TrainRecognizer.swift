import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct TrainRecognizer: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train LightCNN-9 on original or de-occluded training images.")
    func run() throws { throw CLIError.notBuiltYet(command: "train-recognizer", issue: 5) }
}
