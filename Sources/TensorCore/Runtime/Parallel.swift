import Dispatch
import Foundation

/// Splitting kernel work over the cores. OpenBLAS runs its own threads inside each
/// sgemm, so only work outside sgemm (im2col, col2im, element-wise passes) is split here,
/// and never while an sgemm runs.
public enum Parallel {
    /// Worker count: the active processors.
    public static let workerCount = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Calls `body` on contiguous sub-ranges of `0..<count` in parallel when every worker
    /// gets at least `minimumPerWorker` items; otherwise once on the whole range.
    @inlinable
    public static func forEachRange(count: Int, minimumPerWorker: Int = 1 << 16, _ body: (Range<Int>) -> Void) {
        let workers = Swift.min(workerCount, count / Swift.max(minimumPerWorker, 1))
        if workers <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        withoutActuallyEscaping(body) { body in
            // Workers touch disjoint ranges; the caller's buffers outlive the call.
            let task = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let start = count * worker / workers, end = count * (worker + 1) / workers
                task.value(start..<end)
            }
        }
    }

    /// Calls `body(i)` for every `i` in `0..<count`, spread over the workers.
    @inlinable
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        forEachRange(count: count, minimumPerWorker: 1) { range in
            for i in range { body(i) }
        }
    }
}

/// Carries a value into `concurrentPerform`, whose workers only touch disjoint parts of it.
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @usableFromInline init(_ value: Value) { self.value = value }
}
