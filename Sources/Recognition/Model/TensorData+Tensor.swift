import TensorCore

/// Whole state dicts between the file formats' plain arrays and the compute type
/// (per tensor, `Tensor(tensorData:)` and `.tensorData` of TensorCore).
extension Dictionary where Key == String, Value == TensorData {
    var tensors: [String: Tensor] { mapValues { Tensor(tensorData: $0) } }
}

extension Dictionary where Key == String, Value == Tensor {
    var tensorData: [String: TensorData] { mapValues(\.tensorData) }
}
