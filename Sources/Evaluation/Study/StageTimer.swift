import Foundation

/// Wall time of one stage of a study.
public struct StageTime: Codable, Sendable, Equatable {
    public var stage: String
    public var seconds: Double
    /// Whether the stage's output came from the artefact cache.
    public var cached: Bool

    public init(stage: String, seconds: Double, cached: Bool) {
        self.stage = stage
        self.seconds = seconds
        self.cached = cached
    }
}

/// Measures the wall time of each stage, in run order, for the report's set-up section.
///
/// ```swift
/// var timer = StageTimer()
/// let model = try timer.measure("train recognizer (original)") { try train(...) }
/// ```
public struct StageTimer: Sendable {
    public private(set) var stages: [StageTime] = []
    private let clock = ContinuousClock()

    public init() {}

    /// Runs `body`, records its wall time under `stage`, and returns its result.
    public mutating func measure<T>(_ stage: String, cached: Bool = false, _ body: () throws -> T) rethrows -> T {
        let start = clock.now
        defer { record(stage, seconds: (clock.now - start).seconds, cached: cached) }
        return try body()
    }

    /// Records a stage measured elsewhere.
    public mutating func record(_ stage: String, seconds: Double, cached: Bool = false) {
        stages.append(StageTime(stage: stage, seconds: seconds, cached: cached))
    }

    /// Sum of all recorded stages.
    public var totalSeconds: Double { stages.reduce(0) { $0 + $1.seconds } }
}

extension Duration {
    /// This duration in seconds.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
