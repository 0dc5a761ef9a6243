import TensorCore

/// Conversions between the file formats' plain arrays and the compute type.
extension Tensor {
    init(_ data: TensorData) {
        self.init(shape: data.shape, scalars: data.scalars)
    }

    var data: TensorData { TensorData(shape: shape, scalars: scalars) }
}

extension Dictionary where Key == String, Value == TensorData {
    var tensors: [String: Tensor] { mapValues(Tensor.init) }
}

extension Dictionary where Key == String, Value == Tensor {
    var tensorData: [String: TensorData] { mapValues(\.data) }
}
