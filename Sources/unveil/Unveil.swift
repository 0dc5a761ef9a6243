import ArgumentParser
import TensorCore

/// Entry point: fixes the OpenBLAS kernel (which must happen before any work), then parses.
@main
struct UnveilMain {
    static func main() {
        BLASRuntime.reexecWithBestSettingsIfNeeded()
        Unveil.main()
    }
}

/// The `unveil` command line (shared/DESIGN.md, "Command line").
struct Unveil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unveil",
        abstract: "Measure what face de-occlusion does for face recognition.",
        version: UnveilVersion.string,
        subcommands: [
            Demo.self, Synth.self, ProtocolCommand.self, Occlude.self,
            TrainRecognizer.self, TrainDeoccluder.self, Deocclude.self, Embed.self,
            Identify.self, Quality.self, Evaluate.self, Report.self, Doctor.self, Bench.self,
        ])
}

enum UnveilVersion {
    static let string = "0.1.0"
}
