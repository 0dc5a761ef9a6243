import Foundation
import Imaging

/// The `command:` de-occluder: any external program that reads a folder of PNGs and writes a
/// folder of PNGs with the same names.
///
/// Contract (see docs/deocclusion.md): Unveil writes the batch as `{input}/000000.png`, … (RGB
/// or gray, 8-bit, same size) and, when ground-truth masks are known, `{input}/masks/NAME.png`
/// (white = visible); runs the program with `{input}` and `{output}` replaced (no shell);
/// after a zero exit it reads `{output}/NAME.png` for every input — same size and channels —
/// and `{output}/masks/NAME.png` as the predicted mask where the program wrote one.
/// The program's stdout and stderr go to the log (or to this process's stderr).
public struct ExternalCommandDeoccluder: Deoccluder {
    public let template: CommandTemplate
    public let timeoutSeconds: Double
    /// File the program's output is appended to; `nil` forwards it to stderr.
    public let logURL: URL?

    public init(template: CommandTemplate, timeoutSeconds: Double = 600, logURL: URL? = nil) {
        self.template = template
        self.timeoutSeconds = timeoutSeconds
        self.logURL = logURL
    }

    public var identity: String { "command:" + template.text }

    public func deocclude(_ batch: [Image], masks: [Image?]?) throws -> [DeocclusionResult] {
        try validateMasks(masks, for: batch)
        guard !batch.isEmpty else { return [] }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("unveil-command-\(UUID().uuidString)")
        let input = work.appendingPathComponent("input"), output = work.appendingPathComponent("output")
        defer { try? FileManager.default.removeItem(at: work) }
        for folder in [input, output] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let names = batch.indices.map { String(format: "%06d.png", $0) }
        for (name, image) in zip(names, batch) {
            try ImageIO.writePNG(image, to: input.appendingPathComponent(name))
        }
        if let masks, masks.contains(where: { $0 != nil }) {
            let maskFolder = input.appendingPathComponent("masks")
            try FileManager.default.createDirectory(at: maskFolder, withIntermediateDirectories: true)
            for (name, mask) in zip(names, masks) {
                if let mask { try ImageIO.writePNG(mask, to: maskFolder.appendingPathComponent(name)) }
            }
        }

        let runner = ProcessRunner(program: template.program,
                                   arguments: template.arguments(input: input.path, output: output.path),
                                   timeoutSeconds: timeoutSeconds)
        let outcome: ProcessRunner.Outcome
        do {
            outcome = try runner.run(captureFile: work.appendingPathComponent("program.log"))
        } catch {
            keepLog((try? String(contentsOf: work.appendingPathComponent("program.log"), encoding: .utf8)) ?? "",
                    of: runner)
            throw error
        }
        keepLog(outcome.output, of: runner)
        guard outcome.status == 0 else {
            throw DeocclusionError.programFailed(command: runner.commandLine, status: outcome.status,
                                                 stderrTail: Self.tail(of: outcome.output))
        }
        return try zip(names, batch).map { name, image in
            try readResult(named: name, from: output, like: image)
        }
    }

    private func readResult(named name: String, from output: URL, like image: Image) throws -> DeocclusionResult {
        let url = output.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DeocclusionError.missingOutput(path: url.path)
        }
        let recovered = try ImageIO.read(from: url)
        guard recovered.width == image.width, recovered.height == image.height, recovered.channels == image.channels else {
            throw DeocclusionError.outputShapeMismatch(path: url.path, expected: shapeText(image), found: shapeText(recovered))
        }
        let maskURL = output.appendingPathComponent("masks").appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: maskURL.path) else {
            return DeocclusionResult(recovered: recovered)
        }
        var mask = try ImageIO.read(from: maskURL)
        if mask.channels == 3 { mask = mask.grayscale() }
        guard mask.width == image.width, mask.height == image.height else {
            throw DeocclusionError.outputShapeMismatch(
                path: maskURL.path, expected: "\(image.width)×\(image.height)×1", found: shapeText(mask))
        }
        return DeocclusionResult(recovered: recovered, predictedMask: mask)
    }

    /// Appends the program's output to the log file, or forwards it to stderr.
    private func keepLog(_ output: String, of runner: ProcessRunner) {
        let record = "== \(ISO8601DateFormatter().string(from: Date())) \(runner.commandLine)\n" + output
            + (output.hasSuffix("\n") || output.isEmpty ? "" : "\n")
        let data = Data(record.utf8)
        guard let logURL else {
            FileHandle.standardError.write(Data(output.utf8))
            return
        }
        if !FileManager.default.fileExists(atPath: logURL.path) {
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        }
        guard let handle = try? FileHandle(forWritingTo: logURL) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: data)
    }

    /// The last few lines of the program's output, for error messages.
    static func tail(of output: String, lines: Int = 5, characters: Int = 600) -> String {
        let last = output.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines).joined(separator: "\n")
        return String(last.suffix(characters))
    }
}
