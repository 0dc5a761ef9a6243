/// Square kernel, stride and zero padding of a convolution, pooling or transposed
/// convolution; shared by every sliding-window kernel and its derivatives.
public struct ConvGeometry: Hashable, Codable, Sendable, CustomStringConvertible {
    public var kernel: Int
    public var stride: Int
    public var padding: Int

    public init(kernel: Int, stride: Int = 1, padding: Int = 0) {
        precondition(kernel > 0 && stride > 0 && padding >= 0, "ConvGeometry: kernel \(kernel), stride \(stride), padding \(padding)")
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    /// Output extent of a convolution: ⌊(size + 2p − k) / s⌋ + 1.
    public func outputSize(inputSize: Int) -> Int {
        (inputSize + 2 * padding - kernel) / stride + 1
    }

    /// Output extent of a transposed convolution: (size − 1)·s − 2p + k (no output padding).
    public func transposedOutputSize(inputSize: Int) -> Int {
        (inputSize - 1) * stride - 2 * padding + kernel
    }

    public var description: String { "k\(kernel)s\(stride)p\(padding)" }

    public static let k3s1p1 = ConvGeometry(kernel: 3, stride: 1, padding: 1)
    public static let k5s1p2 = ConvGeometry(kernel: 5, stride: 1, padding: 2)
    public static let k4s2p1 = ConvGeometry(kernel: 4, stride: 2, padding: 1)
    public static let k7s1p3 = ConvGeometry(kernel: 7, stride: 1, padding: 3)
    public static let k1s1p0 = ConvGeometry(kernel: 1, stride: 1, padding: 0)
    public static let k2s1p0 = ConvGeometry(kernel: 2, stride: 1, padding: 0)
    public static let k3s2p1 = ConvGeometry(kernel: 3, stride: 2, padding: 1)
}
