/// A planar Float32 image with values in [0, 1].
///
/// - Layout: `pixels[c·height·width + y·width + x]`, channels 1 (gray) or 3 (RGB).
public struct Image: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    public var pixels: [Float]  // (channels, height, width)

    /// Wraps planar pixels; the count must equal channels·height·width.
    public init(width: Int, height: Int, channels: Int, pixels: [Float]) {
        precondition(width > 0 && height > 0, "Image: empty size \(width)×\(height)")
        precondition(channels == 1 || channels == 3, "Image: \(channels) channels (1 or 3 expected)")
        precondition(pixels.count == width * height * channels, "Image: pixel count does not match shape")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// An image filled with one value.
    public init(width: Int, height: Int, channels: Int, filledWith value: Float = 0) {
        self.init(width: width, height: height, channels: channels,
                  pixels: [Float](repeating: value, count: width * height * channels))
    }

    /// Number of pixels in one channel.
    @inlinable public var planeSize: Int { width * height }

    /// Value of channel `c` at (x, y).
    @inlinable public subscript(c: Int, y: Int, x: Int) -> Float {
        get { pixels[c * width * height + y * width + x] }
        set { pixels[c * width * height + y * width + x] = newValue }
    }
}
