import Foundation

/// Results of `DispatchQueue.concurrentPerform` workers, stored by iteration index.
final class IndexedResults<Value>: @unchecked Sendable {
    private var results: [Result<Value, Error>?]
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: nil, count: count) }

    /// Runs `work` for every index concurrently, keeping each value or error.
    static func run(count: Int, _ work: @Sendable (Int) throws -> Value) -> IndexedResults<Value> {
        let results = IndexedResults<Value>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            do { results.store(index, .success(try work(index))) } catch { results.store(index, .failure(error)) }
        }
        return results
    }

    func store(_ index: Int, _ result: Result<Value, Error>) {
        lock.lock(); defer { lock.unlock() }
        results[index] = result
    }

    /// The value of `index`, rethrowing its worker's error.
    func get(_ index: Int) throws -> Value {
        lock.lock(); defer { lock.unlock() }
        return try results[index]!.get()
    }
}
