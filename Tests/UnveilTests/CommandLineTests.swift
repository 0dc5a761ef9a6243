import Foundation
import Testing
import TestSupport

/// Runs the built `unveil` binary (beside the test bundle) and captures its output;
/// `environment` is added to this process's, `removing` names variables to leave out.
func runUnveil(_ arguments: [String], environment: [String: String] = [:], removing: [String] = [])
    throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = UnveilBinary.url
    process.arguments = arguments
    if !environment.isEmpty || !removing.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.filter { !removing.contains($0.key) }
    }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

enum UnveilBinary {
    /// `.build/<config>/unveil`, found from the test bundle's location.
    static var url: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("unveil")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.appendingPathComponent("unveil")
    }
}

@Test func helpListsEveryCommandOfTheDesign() throws {
    let result = try runUnveil(["--help"])
    #expect(result.status == 0)
    for command in ["demo", "synth", "protocol", "occlude", "train-recognizer", "train-deoccluder",
                    "deocclude", "embed", "identify", "quality", "evaluate", "report", "doctor", "bench"] {
        #expect(result.stdout.contains(command), "--help does not list \(command)")
    }
}

/// The OA-GAN recipe options reject bad values with a message naming the option, before any data is read.
@Test func trainDeoccluderRejectsBadRecipeOptions() throws {
    for (option, value) in [("--generator-width", "0"), ("--mask-loss", "l3"), ("--warmup-steps", "-1")] {
        let result = try runUnveil(["train-deoccluder", "--paired", "/nonexistent", "--out", "/nonexistent/x.safetensors",
                                    option, value])
        #expect(result.status != 0)
        #expect(result.stderr.contains(option), "\(option) \(value): \(result.stderr)")
    }
}

@Test func versionIsPrinted() throws {
    let result = try runUnveil(["--version"])
    #expect(result.status == 0)
    #expect(result.stdout.split(separator: ".").count == 3)
}

@Test func doctorReportsKernelAndCorrectSgemm() throws {
    let result = try runUnveil(["doctor", "--size", "256", "--runs", "1"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("BLAS kernel:"))
    #expect(result.stdout.contains("GFLOP/s"))
}

@Test func badOptionExitsNonZeroWithMessage() throws {
    let result = try runUnveil(["doctor", "--size", "3"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("--size"))
}

@Test func kernelTheUserSetIsKeptAndReported() throws {
    let result = try runUnveil(["doctor", "--size", "128", "--runs", "1"],
                               environment: ["OPENBLAS_CORETYPE": "Prescott", "OPENBLAS_THREAD_TIMEOUT": "6"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Prescott, set by the user"))
    #expect(result.stdout.contains("generic kernel"))
    #expect(result.stdout.contains("thread timeout 2^6 cycles (set by the user)"))
    // A thread timeout the user left unset is set by unveil's one re-exec, and reported.
    let unset = try runUnveil(["doctor", "--size", "128", "--runs", "1"], removing: ["OPENBLAS_THREAD_TIMEOUT", "UNVEIL_BLAS_REEXEC"])
    #expect(unset.status == 0, "\(unset.stderr)")
    #expect(unset.stdout.contains("thread timeout 2^4 cycles (set by unveil)"))
}
