/// A dense Float32 array with its shape: the plain-data model that the file formats
/// (`SafeTensors`, `NPY`) read and write. Row-major (C order).
///
/// - Shape: `scalars.count == shape.reduce(1, *)`; `[]` is a scalar (one value).
public struct TensorData: Sendable, Equatable {
    public var shape: [Int]
    public var scalars: [Float]

    /// Wraps `scalars` in `shape`; the count must equal the product of the shape.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "TensorData: negative dimension in \(shape)")
        precondition(scalars.count == shape.reduce(1, *),
                     "TensorData: \(scalars.count) scalars do not fill shape \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    /// Number of scalars (product of the shape).
    public var count: Int { scalars.count }
}
