import Imaging

/// Lays images out in a grid (for looking at data): gray images become RGB, smaller
/// images are centred in their cell, cells are separated by a `gap` of `fill`.
public enum SampleSheet {
    /// - Shape: each image `[1 or 3, h, w]` → `[3, rows·(cell+gap)+gap, columns·(cell+gap)+gap]`
    public static func grid(_ images: [Image], columns: Int, gap: Int = 2, fill: Float = 1) -> Image {
        let columns = max(columns, 1)
        let cell = images.map { max($0.width, $0.height) }.max() ?? 1
        let rows = max((images.count + columns - 1) / columns, 1)
        let width = columns * (cell + gap) + gap, height = rows * (cell + gap) + gap
        var sheet = Image(width: width, height: height, channels: 3, filledWith: fill)
        for (index, image) in images.enumerated() {
            let left = gap + (index % columns) * (cell + gap) + (cell - image.width) / 2
            let top = gap + (index / columns) * (cell + gap) + (cell - image.height) / 2
            for c in 0..<3 {
                let source = image.channels == 1 ? 0 : c
                for y in 0..<image.height {
                    for x in 0..<image.width { sheet[c, top + y, left + x] = image[source, y, x] }
                }
            }
        }
        return sheet
    }
}
