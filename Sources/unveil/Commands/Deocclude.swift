import ArgumentParser
import Deocclusion
import Foundation

/// `unveil deocclude`: run a de-occluder over a folder or list of faces, or fit a PCA basis.
struct Deocclude: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recovered images and predicted masks.",
        discussion: """
            De-occluders: none | oagan:PATH | inpaint (= inpaint:gt, needs --masks) | inpaint:SPEC \
            (fill the mask SPEC predicts, e.g. inpaint:oagan:PATH) | pca:PATH | \
            command:'PROGRAM ARGS {input} {output}'. Writes OUT/<name>.png, OUT/masks/<name>.png \
            and OUT/deocclusion.json. With --fit-pca K, fits a K-component eigenface basis to the \
            clean faces of --input and writes it to --out instead. See docs/deocclusion.md.
            """)

    @Option(help: "The de-occluder (see above).", transform: { try DeoccluderSpec(parsing: $0) })
    var deoccluder: DeoccluderSpec?

    @Option(help: "Folder of faces (PNG/JPEG, searched recursively) or a CSV list with a 'path' column.")
    var input: String

    @Option(help: "Base of a list's relative paths (default: the list's folder).")
    var root: String?

    @Option(help: "Folder of ground-truth masks (PNG, white = visible) named like the faces.")
    var masks: String?

    @Option(help: "Output folder (or, with --fit-pca, the basis file to write).")
    var out: String

    @Option(help: "Faces per de-occluder call (an external program starts once per batch).")
    var batchSize = 64

    @Option(help: "Seconds an external program (command:) may run per batch.")
    var timeout: Double = 600

    @Option(name: .customLong("fit-pca"), help: "Fit a PCA basis with this many components instead of de-occluding.")
    var fitPCA: Int?

    func validate() throws {
        if let fitPCA {
            guard deoccluder == nil, masks == nil else {
                throw ValidationError("--fit-pca fits a basis from clean faces; drop --deoccluder and --masks")
            }
            guard fitPCA >= 1 else { throw ValidationError("--fit-pca must be at least 1") }
        } else {
            guard deoccluder != nil else { throw ValidationError("give --deoccluder SPEC (or --fit-pca K)") }
        }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() throws {
        if let fitPCA {
            let basis = try DeoccludeRun.fitPCA(PCAFitConfig(input: input, root: root, components: fitPCA, output: out))
            let total = basis.variances.reduce(0, +)
            print("wrote \(out): \(basis.componentCount) components of \(basis.shapeDescription) faces "
                + "(variance along them \(String(format: "%.4g", total)))")
            return
        }
        guard let deoccluder else { return }
        let options = DeoccluderOptions(
            commandTimeoutSeconds: timeout,
            commandLogPath: URL(fileURLWithPath: out).appendingPathComponent("deoccluder.log").path)
        let config = DeoccludeConfig(deoccluder: deoccluder, input: input, root: root, masks: masks, output: out,
                                     batchSize: batchSize, options: options)
        let summary = try DeoccludeRun.run(config) { done, total in
            FileHandle.standardError.write(Data("\rdeocclude: \(done)/\(total)".utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        }
        print("\(summary.identity): \(summary.images) images, \(summary.masksWritten) masks → \(out) "
            + String(format: "(%.1f s)", summary.seconds))
    }
}
