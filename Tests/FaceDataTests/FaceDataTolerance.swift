/// Tolerances of the face-data tests, each with its reason.
enum FaceDataTolerance {
    /// One 8-bit quantisation step plus Float32 rounding of blur sums.
    static let quantization: Float = 1.5 / 255
}
