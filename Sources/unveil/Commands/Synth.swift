import ArgumentParser
import FaceData
import Foundation

/// `unveil synth`: a synthetic face study with natural occlusions and its protocol.
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic dataset with its protocol.",
        discussion: "DIR becomes a protocol folder: protocol.json, train.csv, gallery.csv, probe.csv, attributes.csv, "
            + "images/, ground_truth/ and masks/. Train identities are disjoint from gallery/probe identities.")

    @Option(help: "Output folder (becomes a protocol folder).")
    var out: String

    @Option(help: "Number of identities (half train, half test).")
    var identities = 300

    @Option(help: "Images per identity (image 0 is the clean gallery image, image 1 always naturally occluded).")
    var imagesPerIdentity = 20

    @Option(help: "Image width and height in pixels (128 default, 64 for quick runs).")
    var size = 128

    @Option(help: "Random seed: the same seed gives identical files.")
    var seed: UInt64 = 0

    @Option(help: "Fraction of each identity's images that wear a natural occlusion.")
    var naturalOcclusionRate = 0.3

    func validate() throws {
        guard identities >= 2 else { throw ValidationError("--identities must be at least 2") }
        guard imagesPerIdentity >= 2 else { throw ValidationError("--images-per-identity must be at least 2") }
        guard (16...1024).contains(size) else { throw ValidationError("--size must be between 16 and 1024") }
        guard (0...1).contains(naturalOcclusionRate) else { throw ValidationError("--natural-occlusion-rate must be in [0, 1]") }
    }

    func run() throws {
        let config = SyntheticConfig(identities: identities, imagesPerIdentity: imagesPerIdentity, size: size, seed: seed,
                                     naturalOcclusionRate: naturalOcclusionRate)
        let start = Date()
        let study = try SyntheticFaces.generate(config, into: URL(fileURLWithPath: out))
        print(String(format: "wrote %@: train %d, gallery %d, probe %d images (%.1f s)", study.folder.path,
                     study.train.count, study.gallery.count, study.probe.count, Date().timeIntervalSince(start)))
    }
}
