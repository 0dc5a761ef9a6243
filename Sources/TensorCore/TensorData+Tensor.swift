/// Conversions between the file formats' plain arrays (`TensorData`) and `Tensor`.
extension Tensor {
    /// The tensor holding the same shape and elements.
    public init(tensorData: TensorData) {
        self.init(shape: tensorData.shape, scalars: tensorData.scalars)
    }

    /// The same shape and elements as plain data for `SafeTensors` and `NPY`.
    public var tensorData: TensorData { TensorData(shape: shape, scalars: scalars) }
}
