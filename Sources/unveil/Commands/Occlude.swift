import ArgumentParser
import FaceData
import Foundation

/// `unveil occlude`: paired occluded images, ground-truth masks and a manifest.
struct Occlude: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Paired occluded images and ground-truth masks.",
        discussion: "Pastes a procedural (or user PNG) occluder on every clean image of a protocol split. Writes "
            + "OUT/images/, OUT/masks/ (1 = visible, 0 = occluded) and OUT/manifest.csv (source, family, variant, "
            + "placement, occluded fraction).")

    @Option(help: "Protocol folder.")
    var `protocol`: String

    @Option(help: "Split to occlude: train, gallery or probe.", transform: { text in
        guard let split = ProtocolSplit(rawValue: text) else { throw ValidationError("--split must be train, gallery or probe") }
        return split
    })
    var split: ProtocolSplit

    @Option(help: "Output folder.")
    var out: String

    @Option(help: "Folder of RGBA PNG occluders (a sub-folder named after a family, e.g. sunglasses/, places them like it).")
    var occluders: String?

    @Flag(help: "Use only the PNG occluders of --occluders, not the procedural library.")
    var userOccludersOnly = false

    @Option(help: "Procedural variants per family.")
    var variants = 64

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    func validate() throws {
        guard variants >= 1 else { throw ValidationError("--variants must be at least 1") }
        if userOccludersOnly, occluders == nil { throw ValidationError("--user-occluders-only needs --occluders DIR") }
    }

    func run() throws {
        let config = OcclusionConfig(protocolFolder: `protocol`, split: split, outputFolder: out, occludersFolder: occluders,
                                     userOccludersOnly: userOccludersOnly, variantsPerFamily: variants, seed: seed)
        let manifest = try PairedOcclusion.generate(config)
        let mean = manifest.samples.map(\.occludedFraction).reduce(0, +) / Double(max(manifest.samples.count, 1))
        print(String(format: "wrote %d occluded images to %@ (mean occluded fraction %.3f)", manifest.samples.count,
                     manifest.folder.path, mean))
    }
}
