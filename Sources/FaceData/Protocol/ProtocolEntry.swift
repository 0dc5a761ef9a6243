import Foundation

/// One image of a protocol list.
public struct ProtocolEntry: Sendable, Equatable {
    /// Absolute location of the image.
    public var path: URL
    /// Identity label.
    public var subject: String
    /// The unoccluded image, when known (synthetic natural occlusions, pasted occluders).
    public var groundTruth: URL?
    /// Occlusion mask (1 = visible, 0 = occluded), when known.
    public var mask: URL?
    /// Occluder family (`eyeglasses`, `mask`, …); nil for a clean image.
    public var occluder: String?
    /// Left eye, right eye, nose tip, left and right mouth corner in pixels (pixel centres at integers).
    public var landmarks: [SIMD2<Double>]?
    /// 0/1 values in the order of `ProtocolManifest.attributes`, when `attributes.csv` has the image.
    public var attributes: [Float]?

    public init(path: URL, subject: String, groundTruth: URL? = nil, mask: URL? = nil, occluder: String? = nil,
                landmarks: [SIMD2<Double>]? = nil, attributes: [Float]? = nil) {
        self.path = path
        self.subject = subject
        self.groundTruth = groundTruth
        self.mask = mask
        self.occluder = occluder
        self.landmarks = landmarks
        self.attributes = attributes
    }

    /// True when the image wears an occlusion.
    public var isOccluded: Bool { occluder != nil }
}

/// The three lists of a protocol.
public enum ProtocolSplit: String, Sendable, Codable, CaseIterable {
    case train, gallery, probe

    /// File name of the list inside a protocol folder.
    public var fileName: String { "\(rawValue).csv" }
}
