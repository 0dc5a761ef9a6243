import ArgumentParser

// Not built yet: exits non-zero naming the issue that tracks it.
struct Quality: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "PSNR and SSIM per image pair, matched by file name.")
    func run() throws { throw CLIError.notBuiltYet(command: "quality", issue: 7) }
}
