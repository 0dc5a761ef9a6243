/// Column names of protocol lists (`train.csv`, `gallery.csv`, `probe.csv`).
public enum ProtocolColumns {
    public static let path = "path"
    public static let subject = "subject"
    public static let groundTruth = "ground_truth"
    public static let mask = "mask"
    public static let occluder = "occluder"
    /// `x1, y1, …, x5, y5`: left eye, right eye, nose tip, left and right mouth corner, in pixels.
    public static let landmarks: [String] = (1...5).flatMap { ["x\($0)", "y\($0)"] }

    /// Every column a list may have; `path` and `subject` are required.
    public static let allowed: [String] = [path, subject, groundTruth, mask, occluder] + landmarks
}
