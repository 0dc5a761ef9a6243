/// A dense Float32 tensor, row-major (NCHW for images), with value semantics.
///
/// Storage is a plain `[Float]`; kernels reach it through unsafe buffer pointers.
public struct Tensor: Sendable, Equatable {
    /// Extent of each axis; the empty shape is a scalar.
    public private(set) var shape: [Int]
    /// Elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    public private(set) var scalars: [Float]

    /// A tensor of the given shape and elements.
    /// - Precondition: `scalars.count` equals the product of `shape`.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in \(shape)")
        precondition(Tensor.count(of: shape) == scalars.count,
                     "Tensor: shape \(shape) needs \(Tensor.count(of: shape)) scalars, got \(scalars.count)")
        _ = MemoryRuntime.keepsFreedMemory
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.init(shape: shape, repeating: 0)
    }

    /// A tensor filled with one value.
    public init(shape: [Int], repeating value: Float) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: Tensor.count(of: shape)))
    }

    /// A rank-0 tensor holding one value.
    public init(_ value: Float) {
        self.init(shape: [], scalars: [value])
    }

    /// A tensor whose storage, zeroed first, is written by `body` (for kernels that
    /// accumulate or leave elements at zero).
    @inlinable
    public init(shape: [Int], filling body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        var storage = [Float](repeating: 0, count: Tensor.count(of: shape))
        storage.withUnsafeMutableBufferPointer { body($0) }
        self.init(shape: shape, scalars: storage)
    }

    /// A tensor whose storage is written by `body`, which must write every element (the
    /// memory starts uninitialised: no zeroing pass).
    @inlinable
    public init(shape: [Int], overwriting body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let n = Tensor.count(of: shape)
        let storage = [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
            body(buffer)
            initialized = n
        }
        self.init(shape: shape, scalars: storage)
    }

    /// Number of elements.
    @inlinable public var count: Int { scalars.count }

    /// Number of axes.
    @inlinable public var rank: Int { shape.count }

    /// The single element of a tensor with one element.
    public var scalar: Float {
        precondition(count == 1, "Tensor.scalar: tensor of shape \(shape) has \(count) elements")
        return scalars[0]
    }

    /// Product of the extents of `shape`.
    @inlinable
    public static func count(of shape: [Int]) -> Int { shape.reduce(1, *) }

    /// The same elements under another shape; one extent may be -1 (inferred).
    public func reshaped(to newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "reshaped: cannot infer -1 in \(newShape) for \(count) elements")
            resolved[inferred] = count / known
        }
        precondition(Tensor.count(of: resolved) == count, "reshaped: \(shape) has \(count) elements, \(newShape) needs \(Tensor.count(of: resolved))")
        var copy = self
        copy.shape = resolved
        return copy
    }

    /// Read access to the storage.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Write access to the storage (the shape cannot change).
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    /// Element at a multi-index (slow; for tests and small tensors).
    public subscript(_ index: Int...) -> Float {
        get { scalars[flatIndex(index)] }
        set { scalars[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == rank, "Tensor subscript: \(index.count) indices for rank \(rank)")
        var flat = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "Tensor subscript: index \(i) out of range for axis \(axis) of \(shape)")
            flat = flat * shape[axis] + i
        }
        return flat
    }

    /// Samples from N(mean, standardDeviation²) by the Box–Muller transform.
    public static func randomNormal<G: RandomNumberGenerator>(
        _ shape: [Int], mean: Float = 0, standardDeviation: Float = 1, using generator: inout G
    ) -> Tensor {
        let n = count(of: shape)
        var values = [Float](repeating: 0, count: n)
        var i = 0
        while i < n {
            // u1 in (0, 1], u2 in [0, 1): log(u1) is finite.
            let u1 = 1 - Double(generator.next() >> 11) * 0x1.0p-53
            let u2 = Double(generator.next() >> 11) * 0x1.0p-53
            let radius = (-2 * Foundation.log(u1)).squareRoot()
            values[i] = mean + standardDeviation * Float(radius * Foundation.cos(2 * .pi * u2))
            if i + 1 < n { values[i + 1] = mean + standardDeviation * Float(radius * Foundation.sin(2 * .pi * u2)) }
            i += 2
        }
        return Tensor(shape: shape, scalars: values)
    }

    /// Samples from U[lowerBound, upperBound).
    public static func randomUniform<G: RandomNumberGenerator>(
        _ shape: [Int], lowerBound: Float = 0, upperBound: Float = 1, using generator: inout G
    ) -> Tensor {
        let width = upperBound - lowerBound
        let values = (0..<count(of: shape)).map { _ in
            lowerBound + width * Float(generator.next() >> 40) * 0x1.0p-24
        }
        return Tensor(shape: shape, scalars: values)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(preview)\(count > 8 ? ", …" : "")])"
    }
}

import Foundation
