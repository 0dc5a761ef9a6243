import Foundation
import TensorCore

/// Times a workload: a short warm-up, several timed runs, the median; reports GFLOP/s,
/// images/s, the share of the sgemm rate, and peak memory. The sgemm rate is measured
/// between the timed runs (median of those probes), so that both see the same machine load.
public struct Benchmark {
    /// One measured workload.
    public struct Result: Sendable, Codable {
        public var name: String
        public var runs: Int
        public var medianSeconds: Double
        public var imagesPerSecond: Double
        /// Floating-point operations of one run (multiply and add counted separately).
        public var flops: Double
        public var gflops: Double
        public var sgemmGFLOPS: Double
        /// gflops / sgemmGFLOPS.
        public var shareOfSgemm: Double
        /// Peak resident memory (VmHWM) during the timed runs, bytes.
        public var peakResidentBytes: Int

        public init(name: String, runs: Int, medianSeconds: Double, imagesPerSecond: Double, flops: Double,
                    gflops: Double, sgemmGFLOPS: Double, shareOfSgemm: Double, peakResidentBytes: Int) {
            self.name = name
            self.runs = runs
            self.medianSeconds = medianSeconds
            self.imagesPerSecond = imagesPerSecond
            self.flops = flops
            self.gflops = gflops
            self.sgemmGFLOPS = sgemmGFLOPS
            self.shareOfSgemm = shareOfSgemm
            self.peakResidentBytes = peakResidentBytes
        }

        enum CodingKeys: String, CodingKey {
            case name, runs
            case medianSeconds = "median_seconds"
            case imagesPerSecond = "images_per_second"
            case flops, gflops
            case sgemmGFLOPS = "sgemm_gflops"
            case shareOfSgemm = "share_of_sgemm"
            case peakResidentBytes = "peak_resident_bytes"
        }
    }

    public var warmupRuns: Int
    public var timedRuns: Int
    private let sgemm: GemmProbe.Timer

    /// - Parameter sgemmSize: side of the square sgemm timed between runs.
    public init(warmupRuns: Int = 1, timedRuns: Int = 5, sgemmSize: Int = 2048) {
        self.warmupRuns = warmupRuns
        self.timedRuns = timedRuns
        sgemm = GemmProbe.Timer(size: sgemmSize)
    }

    /// Runs `body` `warmupRuns + timedRuns` times and reports on the timed runs.
    public func measure(_ name: String, flops: Double, images: Int, _ body: () -> Void) -> Result {
        for _ in 0..<warmupRuns { body() }
        _ = sgemm.gflops()
        MemoryUsage.resetPeak()
        var times: [Double] = [], rates: [Double] = []
        for _ in 0..<max(1, timedRuns) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            rates.append(sgemm.gflops())
        }
        let peak = MemoryUsage.peakResidentBytes
        let median = times.sorted()[times.count / 2]
        let sgemmRate = rates.sorted()[rates.count / 2]
        let gflops = flops / median / 1e9
        return Result(name: name, runs: times.count, medianSeconds: median,
                      imagesPerSecond: Double(images) / median, flops: flops, gflops: gflops,
                      sgemmGFLOPS: sgemmRate, shareOfSgemm: gflops / sgemmRate, peakResidentBytes: peak)
    }

    /// Profiles `runs` runs of `body` (after one warm-up), each with its own profiler: per scope,
    /// the median over the runs of its forward and backward seconds and multiply-adds (a median,
    /// not a mean, so that one run slowed by the machine does not move a layer's row), and the
    /// median sgemm rate measured between those runs.
    public func profile(runs: Int = 3, _ body: () -> Void) -> (entries: [Profiler.Entry], sgemmGFLOPS: Double) {
        body()
        var profiles: [[Profiler.Entry]] = [], rates: [Double] = []
        for _ in 0..<max(1, runs) {
            let profiler = Profiler()
            profiler.run { body() }
            profiles.append(profiler.results)
            rates.append(sgemm.gflops())
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let entries = profiles[0].map { first -> Profiler.Entry in
            let rows = profiles.compactMap { profile in profile.first { $0.name == first.name } }
            var entry = first
            entry.forwardSeconds = median(rows.map(\.forwardSeconds))
            entry.backwardSeconds = median(rows.map(\.backwardSeconds))
            entry.forwardMultiplyAdds = median(rows.map(\.forwardMultiplyAdds))
            entry.backwardMultiplyAdds = median(rows.map(\.backwardMultiplyAdds))
            return entry
        }
        return (entries, median(rates))
    }
}

/// Resident memory of this process from `/proc/self/status` (Linux).
public enum MemoryUsage {
    /// Peak resident set size (VmHWM) in bytes, 0 where unavailable.
    public static var peakResidentBytes: Int { field("VmHWM") }

    /// Current resident set size (VmRSS) in bytes.
    public static var residentBytes: Int { field("VmRSS") }

    /// Resets the peak to the current size (writes 5 to /proc/self/clear_refs).
    public static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    private static func field(_ name: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kilobytes = Int(parts[1]) { return kilobytes * 1024 }
        }
        return 0
    }
}
