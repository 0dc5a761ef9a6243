import Foundation

/// Per-scope forward and backward timings, for the benchmark's per-layer table.
///
/// Active only inside `Profiler.run(_:_:)`; layers name their scope with
/// `Profiler.scope(_:_:)`, Variables created inside remember it, and the backward pass
/// charges each rule's time to the scope of the node it belongs to.
public final class Profiler: @unchecked Sendable {
    /// Accumulated seconds of one scope.
    public struct Entry: Sendable, Codable {
        public var name: String
        public var forwardSeconds: Double = 0
        public var backwardSeconds: Double = 0
        public var calls = 0
        /// Multiply-adds of the convolutions and linear maps run in this scope's forward passes
        /// (reported by the ops themselves).
        public var forwardMultiplyAdds: Double = 0
        /// Multiply-adds of the convolutions and linear maps its backward rules ran (their
        /// derivatives, and under `createGraph` the ops recorded for a second derivative).
        public var backwardMultiplyAdds: Double = 0
    }

    @TaskLocal static var current: Profiler?
    @TaskLocal static var currentScope: String?
    /// Whether the code running is a backward rule (multiply-adds then count as backward).
    @TaskLocal static var inBackwardRule = false

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var order: [String] = []

    public init() {}

    /// Runs `body` with this profiler collecting timings.
    public func run<R>(_ body: () throws -> R) rethrows -> R {
        try Profiler.$current.withValue(self, operation: body)
    }

    /// Runs `body` (a layer's forward pass) as scope `name`, timing it when a profiler is
    /// active; otherwise just runs it.
    public static func scope<R>(_ name: String, _ body: () throws -> R) rethrows -> R {
        guard let profiler = current else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try $currentScope.withValue(name, operation: body)
        profiler.add(name, forward: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        return result
    }

    /// Charges `count` multiply-adds to the innermost active scope, forward or backward by
    /// whether a backward rule is running (no-op unless profiling).
    public static func countMultiplyAdds(_ count: Int) {
        guard let profiler = current, let scope = currentScope else { return }
        if inBackwardRule {
            profiler.add(scope, backwardMultiplyAdds: Double(count))
        } else {
            profiler.add(scope, multiplyAdds: Double(count))
        }
    }

    /// Runs a backward rule of a node recorded in `scope`: ops it runs (and records) belong to
    /// that scope, and their multiply-adds count as backward.
    static func backwardRule<R>(scope: String?, _ body: () -> R) -> R {
        $currentScope.withValue(scope) { $inBackwardRule.withValue(true, operation: body) }
    }

    /// Entries in the order their scopes first ran.
    public var results: [Entry] {
        lock.lock(); defer { lock.unlock() }
        return order.map { entries[$0]! }
    }

    /// Clears all timings.
    public func reset() {
        lock.lock(); defer { lock.unlock() }
        entries = [:]
        order = []
    }

    func add(_ name: String, forward: Double = 0, backward: Double = 0, multiplyAdds: Double = 0, backwardMultiplyAdds: Double = 0) {
        lock.lock(); defer { lock.unlock() }
        if entries[name] == nil { entries[name] = Entry(name: name); order.append(name) }
        entries[name]!.forwardSeconds += forward
        entries[name]!.backwardSeconds += backward
        entries[name]!.forwardMultiplyAdds += multiplyAdds
        entries[name]!.backwardMultiplyAdds += backwardMultiplyAdds
        if forward > 0 { entries[name]!.calls += 1 }
    }
}
