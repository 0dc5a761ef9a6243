/// One probe shown as a row of images: occluded → predicted mask → each recovery → ground
/// truth → gallery mate, with its mate's rank before (occluded) and after (each recovery).
/// Paths are relative to the folder of `results.json` unless absolute.
public struct ImageStrip: Codable, Sendable, Equatable {
    public var probe: String
    public var subject: String
    public var occluder: String
    public var occluded: String
    /// Mask predicted by the first de-occluder that predicts one.
    public var predictedMask: String?
    public var recovered: [RecoveredImage]
    public var groundTruth: String?
    public var galleryMate: String?
    /// Mate rank with the occluded probe and the original-trained model.
    public var rankBefore: Int

    public init(probe: String, subject: String, occluder: String, occluded: String, predictedMask: String?,
                recovered: [RecoveredImage], groundTruth: String?, galleryMate: String?, rankBefore: Int) {
        self.probe = probe
        self.subject = subject
        self.occluder = occluder
        self.occluded = occluded
        self.predictedMask = predictedMask
        self.recovered = recovered
        self.groundTruth = groundTruth
        self.galleryMate = galleryMate
        self.rankBefore = rankBefore
    }
}

/// One de-occluder's recovery of a strip's probe.
public struct RecoveredImage: Codable, Sendable, Equatable {
    public var deoccluder: String
    public var image: String
    /// Mate rank of the recovered probe with that de-occluder's model.
    public var rankAfter: Int

    public init(deoccluder: String, image: String, rankAfter: Int) {
        self.deoccluder = deoccluder
        self.image = image
        self.rankAfter = rankAfter
    }
}
