extension Image {
    /// Concatenates equally shaped images into one NCHW buffer.
    /// - Shape: N × `[C, H, W]` → `[N, C, H, W]`
    /// - Throws: `ImageError.sizeMismatch` when shapes differ (the message names the index).
    public static func batch(_ images: [Image]) throws -> [Float] {
        guard let first = images.first else { return [] }
        var out = [Float]()
        out.reserveCapacity(images.count * first.pixels.count)
        for (index, image) in images.enumerated() {
            guard image.width == first.width, image.height == first.height, image.channels == first.channels else {
                throw ImageError.sizeMismatch("image \(index) is \(image.channels)×\(image.height)×\(image.width), "
                    + "image 0 is \(first.channels)×\(first.height)×\(first.width)")
            }
            out.append(contentsOf: image.pixels)
        }
        return out
    }

    /// Splits an NCHW buffer into images.
    /// - Shape: `[N, C, H, W]` → N × `[C, H, W]`
    public static func images(fromBatch batch: [Float], channels: Int, height: Int, width: Int) -> [Image] {
        let size = channels * height * width
        precondition(size > 0 && batch.count % size == 0, "images(fromBatch:): \(batch.count) values do not split into \(channels)×\(height)×\(width) images")
        return stride(from: 0, to: batch.count, by: size).map {
            Image(width: width, height: height, channels: channels, pixels: Array(batch[$0..<($0 + size)]))
        }
    }
}
