import Foundation
import Imaging
import TestSupport
import Testing
@testable import Deocclusion

/// 8-bit PNG round trip of values that are multiples of 1/255.
private let pngTolerance: Float = 1e-6

/// A face whose values survive 8-bit PNG exactly.
private func face(width: Int = 6, height: Int = 5, seed: Int) -> Image {
    Image(width: width, height: height, channels: 3,
          pixels: (0 ..< 3 * width * height).map { Float(($0 * 37 + seed * 11) % 256) / 255 })
}

/// A `command:` de-occluder running a /bin/sh script with the given body ($1 = input, $2 = output).
private func scriptDeoccluder(_ body: String, in folder: URL, timeout: Double = 30, log: URL? = nil) throws
    -> ExternalCommandDeoccluder
{
    let script = folder.appendingPathComponent("model dir/run.sh")  // a space, to exercise quoting
    try FileManager.default.createDirectory(at: script.deletingLastPathComponent(), withIntermediateDirectories: true)
    try ("set -e\n" + body + "\n").write(to: script, atomically: true, encoding: .utf8)
    let template = try CommandTemplate("/bin/sh '\(script.path)' {input} {output}")
    return ExternalCommandDeoccluder(template: template, timeoutSeconds: timeout, logURL: log)
}

@Suite struct ExternalCommandTests {
    @Test func successReadsImagesAndMasksBack() throws {
        let folder = try Fixtures.temporaryDirectory()
        let log = folder.appendingPathComponent("command.log")
        let deoccluder = try scriptDeoccluder("""
            cp "$1"/*.png "$2"/
            cp -r "$1/masks" "$2/masks"
            echo "processed $(ls "$1" | wc -l) entries" >&2
            """, in: folder, log: log)
        let faces = [face(seed: 1), face(seed: 2)]
        var mask = Image(width: 6, height: 5, channels: 1, filledWith: 1)
        mask[0, 2, 3] = 0
        let results = try deoccluder.deocclude(faces, masks: [mask, mask])
        #expect(results.count == 2)
        for (result, input) in zip(results, faces) {
            #expect(maxAbsoluteDifference(result.recovered.pixels, input.pixels) < pngTolerance)
            let predicted = try #require(result.predictedMask)
            #expect(maxAbsoluteDifference(predicted.pixels, mask.pixels) < pngTolerance)
        }
        #expect(try String(contentsOf: log, encoding: .utf8).contains("processed 3 entries"))
    }

    @Test func resultsWithoutMasksFolderHaveNoMask() throws {
        let folder = try Fixtures.temporaryDirectory()
        let deoccluder = try scriptDeoccluder(#"cp "$1"/*.png "$2"/"#, in: folder, log: folder.appendingPathComponent("log"))
        let results = try deoccluder.deocclude([face(seed: 3)])
        #expect(results[0].predictedMask == nil)
    }

    @Test func missingOutputNamesTheFile() throws {
        let folder = try Fixtures.temporaryDirectory()
        let deoccluder = try scriptDeoccluder(#"cp "$1"/000000.png "$2"/"#, in: folder, log: folder.appendingPathComponent("log"))
        do {
            _ = try deoccluder.deocclude([face(seed: 1), face(seed: 2)])
            Issue.record("expected missingOutput")
        } catch let DeocclusionError.missingOutput(path) {
            #expect(path.hasSuffix("output/000001.png"))
        }
    }

    @Test func misSizedOutputIsAnError() throws {
        let folder = try Fixtures.temporaryDirectory()
        let wrong = folder.appendingPathComponent("wrong.png")
        try ImageIO.writePNG(face(width: 4, height: 4, seed: 0), to: wrong)
        let deoccluder = try scriptDeoccluder(#"cp "\#(wrong.path)" "$2"/000000.png"#, in: folder,
                                              log: folder.appendingPathComponent("log"))
        do {
            _ = try deoccluder.deocclude([face(seed: 1)])
            Issue.record("expected outputShapeMismatch")
        } catch let DeocclusionError.outputShapeMismatch(path, expected, found) {
            #expect(path.hasSuffix("000000.png") && expected == "6×5×3" && found == "4×4×3")
        }
    }

    @Test func nonZeroExitCarriesStatusAndStderrTail() throws {
        let folder = try Fixtures.temporaryDirectory()
        let log = folder.appendingPathComponent("log")
        let deoccluder = try scriptDeoccluder("echo 'loading model' >&2\necho 'boom: weights missing' >&2\nexit 3",
                                              in: folder, log: log)
        do {
            _ = try deoccluder.deocclude([face(seed: 1)])
            Issue.record("expected programFailed")
        } catch let DeocclusionError.programFailed(_, status, tail) {
            #expect(status == 3)
            #expect(tail.contains("boom: weights missing"))
        }
        #expect(try String(contentsOf: log, encoding: .utf8).contains("loading model"))
    }

    @Test func timeoutStopsTheProgramAndItsChildren() throws {
        let folder = try Fixtures.temporaryDirectory()
        let marker = folder.appendingPathComponent("late")
        let deoccluder = try scriptDeoccluder("(sleep 1.5; touch '\(marker.path)') &\nwait", in: folder, timeout: 0.3,
                                              log: folder.appendingPathComponent("log"))
        let start = Date()
        do {
            _ = try deoccluder.deocclude([face(seed: 1)])
            Issue.record("expected programTimedOut")
        } catch let DeocclusionError.programTimedOut(_, seconds) {
            #expect(abs(seconds - 0.3) < 1e-9)
        }
        #expect(Date().timeIntervalSince(start) < 2.5)
        Thread.sleep(forTimeInterval: 2)
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the script's child kept running after the timeout")
    }

    @Test func unknownProgramIsReported() throws {
        let deoccluder = ExternalCommandDeoccluder(template: try CommandTemplate("no-such-tool-xyz {input} {output}"))
        #expect(throws: DeocclusionError.programNotFound("no-such-tool-xyz")) {
            try deoccluder.deocclude([face(seed: 1)])
        }
    }

    @Test func identityIsTheTemplate() throws {
        let spec = try DeoccluderSpec(parsing: "command:'python3 run.py {input} {output}'")
        #expect(try makeDeoccluder(spec).identity == "command:python3 run.py {input} {output}")
    }
}
