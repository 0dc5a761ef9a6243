import CImageCodecs

/// Versions of the linked image codec libraries.
public enum CodecVersions {
    /// libpng version string, e.g. "1.6.39".
    public static var png: String { String(cString: unveil_png_version()) }

    /// libjpeg-turbo version, e.g. "2.1.5".
    public static var jpeg: String {
        let number = Int(unveil_jpeg_version())  // MMMmmmppp
        return "\(number / 1_000_000).\(number / 1000 % 1000).\(number % 1000)"
    }
}
