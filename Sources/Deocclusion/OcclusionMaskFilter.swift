/// Image-plane smoothing for occlusion masks: occluders are blobs, misfits of a linear
/// model are specks.
enum OcclusionMaskFilter {
    /// Mean over the (2r+1)² window clipped to the plane. - Shape: `[H·W]` → `[H·W]`
    static func boxMean(_ plane: [Float], width: Int, height: Int, radius: Int) -> [Float] {
        var rows = [Float](repeating: 0, count: plane.count)  // horizontal pass
        for y in 0..<height {
            for x in 0..<width {
                let x0 = max(x - radius, 0), x1 = min(x + radius, width - 1)
                var s: Float = 0
                for i in x0...x1 { s += plane[y * width + i] }
                rows[y * width + x] = s / Float(x1 - x0 + 1)
            }
        }
        var out = rows
        for y in 0..<height {
            let y0 = max(y - radius, 0), y1 = min(y + radius, height - 1)
            for x in 0..<width {
                var s: Float = 0
                for j in y0...y1 { s += rows[j * width + x] }
                out[y * width + x] = s / Float(y1 - y0 + 1)
            }
        }
        return out
    }
}
