import ArgumentParser
import FaceData
import Foundation
import Imaging

/// `unveil protocol`: build protocol lists from a dataset, or check one.
struct ProtocolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocol", abstract: "Build protocol lists from a dataset's annotation files.",
        subcommands: [CelebACommand.self, FolderCommand.self, CheckCommand.self])
}

private func parseAlignment(_ text: String) throws -> FaceTemplate {
    guard let template = FaceTemplate(rawValue: text) else { throw ValidationError("--alignment must be lightcnn or arcface") }
    return template
}

private func printCounts(_ study: FaceProtocol) {
    print("\(study.folder.path): train \(study.train.count), gallery \(study.gallery.count), probe \(study.probe.count) images")
}

/// `unveil protocol celeba`: the paper's eyeglasses study on CelebA.
struct CelebACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "celeba",
        abstract: "Train = training partition; gallery = one non-eyeglasses image per test identity with eyeglasses images; "
            + "probes = those eyeglasses images.")

    @Option(help: "CelebA folder (official layout Img/ Anno/ Eval/, or flattened).")
    var root: String

    @Option(help: "Output protocol folder (aligned 128×128 PNGs are written beneath it).")
    var out: String

    @Option(help: "Alignment template: lightcnn or arcface.", transform: parseAlignment)
    var alignment: FaceTemplate = .lightcnn

    @Option(help: "Aligned image size.")
    var size = 128

    func validate() throws {
        guard (16...1024).contains(size) else { throw ValidationError("--size must be between 16 and 1024") }
    }

    func run() throws {
        let study = try CelebAProtocol.build(CelebAProtocolConfig(root: root, output: out, alignment: alignment, size: size))
        printCounts(study)
        print("(the paper had train 162,770, gallery 348, probe 1,053)")
    }
}

/// `unveil protocol folder`: a folder-per-identity dataset.
struct FolderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folder", abstract: "ROOT/<subject>/<image>.{png,jpg}: seeded subject split, first image of a test subject as gallery.")

    @Option(help: "Dataset folder.")
    var root: String

    @Option(help: "Output protocol folder.")
    var out: String

    @Option(help: "CSV path,x1,y1,…,x5,y5 (paths relative to --root); images are then aligned.")
    var landmarks: String?

    @Option(help: "Alignment template: lightcnn or arcface.", transform: parseAlignment)
    var alignment: FaceTemplate = .lightcnn

    @Option(help: "Aligned image size.")
    var size = 128

    @Option(help: "Fraction of subjects used for training.")
    var trainFraction = 0.5

    @Option(help: "Random seed of the subject split.")
    var seed: UInt64 = 0

    func validate() throws {
        guard trainFraction > 0, trainFraction < 1 else { throw ValidationError("--train-fraction must be in (0, 1)") }
        guard (16...1024).contains(size) else { throw ValidationError("--size must be between 16 and 1024") }
    }

    func run() throws {
        printCounts(try FolderDataset.buildProtocol(FolderProtocolConfig(
            root: root, output: out, landmarks: landmarks, alignment: alignment, size: size,
            trainFraction: trainFraction, seed: seed)))
    }
}

/// `unveil protocol check`: validate a protocol folder.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate a protocol folder (files, columns, duplicates, subject splits).")

    @Argument(help: "Protocol folder.")
    var folder: String

    func run() throws {
        printCounts(try FaceProtocol.load(from: URL(fileURLWithPath: folder)))
    }
}
