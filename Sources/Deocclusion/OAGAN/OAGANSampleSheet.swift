import Imaging
import NeuralNet
import TensorCore

/// A grid of example results: one row per face, columns input / predicted mask /
/// recovered / ground truth (mid-grey when unknown, as for natural occlusions).
public enum OAGANSampleSheet {
    /// Runs `generator` on `inputs` and lays the results out, 2-pixel white gutters.
    /// - Parameters:
    ///   - inputs: occluded faces in [−1, 1], each `[3, S, S]`.
    ///   - groundTruths: clean faces in [−1, 1] or nil, one per input.
    public static func render(generator: OAGANGenerator, inputs: [Tensor], groundTruths: [Tensor?]) -> Image {
        let size = generator.config.inputSize
        let gutter = 2
        let columns = 4
        let rows = inputs.count
        let width = columns * size + (columns + 1) * gutter
        let height = rows * size + (rows + 1) * gutter
        var pixels = [Float](repeating: 1, count: 3 * width * height)
        let batch = Tensor(shape: [rows, 3, size, size], scalars: inputs.flatMap(\.scalars))
        let output = withoutGradients { generator(Variable(batch)) }
        let masks = output.mask.value.scalars
        let recovered = output.recovered.value.scalars
        let plane = size * size

        /// Copies one `[C, S, S]` image in [lo, hi] into cell (row, column).
        func paste(_ source: ArraySlice<Float>, channels: Int, row: Int, column: Int, fromSigned: Bool) {
            let x0 = gutter + column * (size + gutter), y0 = gutter + row * (size + gutter)
            let base = source.startIndex
            for c in 0..<3 {
                let sourceChannel = channels == 1 ? 0 : c
                for y in 0..<size {
                    for x in 0..<size {
                        let value = source[base + sourceChannel * plane + y * size + x]
                        let unit = fromSigned ? (value + 1) / 2 : value
                        pixels[c * width * height + (y0 + y) * width + x0 + x] = min(max(unit, 0), 1)
                    }
                }
            }
        }
        let grey = [Float](repeating: 0, count: 3 * plane)
        for row in 0..<rows {
            paste(inputs[row].scalars[...], channels: 3, row: row, column: 0, fromSigned: true)
            paste(masks[(row * plane)..<((row + 1) * plane)], channels: 1, row: row, column: 1, fromSigned: false)
            paste(recovered[(row * 3 * plane)..<((row + 1) * 3 * plane)], channels: 3, row: row, column: 2, fromSigned: true)
            paste((groundTruths[row]?.scalars ?? grey)[...], channels: 3, row: row, column: 3, fromSigned: true)
        }
        return Image(width: width, height: height, channels: 3, pixels: pixels)
    }
}
