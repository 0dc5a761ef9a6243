import Foundation
import TensorCore

/// PCA basis files: safetensors with `mean` `[C, H, W]`, `components` `[K, C, H, W]`,
/// `variances` `[K]` and `residual_variance` `[H, W]`, and `__metadata__`
/// `{"kind": "unveil-pca-basis"}`.
extension PCABasis {
    /// The `kind` metadata value that marks a PCA basis file.
    public static let fileKind = "unveil-pca-basis"

    /// Reads a basis written by ``write(to:)``; throws `malformedBasis` naming the file.
    public init(contentsOf url: URL) throws {
        let file = try SafeTensors.read(from: url)
        func fail(_ reason: String) -> DeocclusionError { .malformedBasis(path: url.path, reason: reason) }
        guard file.metadata["kind"] == Self.fileKind else {
            throw fail("metadata kind is \(file.metadata["kind"].map { "'\($0)'" } ?? "missing"), expected '\(Self.fileKind)'")
        }
        guard let mean = file.tensors["mean"], let components = file.tensors["components"],
              let variances = file.tensors["variances"], let residual = file.tensors["residual_variance"] else {
            throw fail("needs tensors mean, components, variances and residual_variance "
                + "(has \(file.names.joined(separator: ", ")))")
        }
        guard mean.shape.count == 3, [1, 3].contains(mean.shape[0]), mean.shape[1] > 0, mean.shape[2] > 0 else {
            throw fail("mean has shape \(mean.shape), expected [C, H, W] with C 1 or 3")
        }
        guard components.shape.count == 4, components.shape[0] >= 1, Array(components.shape.dropFirst()) == mean.shape else {
            throw fail("components has shape \(components.shape), expected [K] + \(mean.shape)")
        }
        guard variances.shape == [components.shape[0]] else {
            throw fail("variances has shape \(variances.shape), expected [\(components.shape[0])]")
        }
        guard residual.shape == [mean.shape[1], mean.shape[2]] else {
            throw fail("residual_variance has shape \(residual.shape), expected [\(mean.shape[1]), \(mean.shape[2])]")
        }
        guard (mean.scalars + components.scalars + variances.scalars + residual.scalars).allSatisfy(\.isFinite) else {
            throw fail("contains NaN or infinite values")
        }
        self.init(width: mean.shape[2], height: mean.shape[1], channels: mean.shape[0], mean: mean.scalars,
                  components: components.scalars, variances: variances.scalars, residualVariance: residual.scalars)
    }

    /// Writes the basis as safetensors, atomically.
    public func write(to url: URL) throws {
        let file = SafeTensorsFile(
            tensors: [
                "mean": TensorData(shape: [channels, height, width], scalars: mean),
                "components": TensorData(shape: [componentCount, channels, height, width], scalars: components),
                "variances": TensorData(shape: [componentCount], scalars: variances),
                "residual_variance": TensorData(shape: [height, width], scalars: residualVariance),
            ],
            metadata: ["kind": Self.fileKind, "width": "\(width)", "height": "\(height)",
                       "channels": "\(channels)", "components": "\(componentCount)"])
        try SafeTensors.write(file, to: url)
    }
}
