import Imaging

/// A face de-occluder: takes aligned faces, returns recovered faces and, where the method
/// has one, a predicted occlusion mask.
///
/// Masks follow one convention everywhere: single channel, 1 = visible, 0 = occluded,
/// same width and height as the face.
public protocol Deoccluder: Sendable {
    /// A stable name for this de-occluder and its parameters, used as a cache key and as the
    /// label in reports, e.g. `none`, `inpaint:gt`, `pca:3f2a9c01b7de`, `oagan:<12 hex>`.
    /// Weight files enter by content (the first 12 hex digits of their SHA-256), not by path.
    var identity: String { get }

    /// Recovers a batch of faces.
    ///
    /// - Parameters:
    ///   - batch: faces, each 1 or 3 channels with values in [0, 1].
    ///   - masks: ground-truth masks, one per face (`nil` entries where unknown), or `nil`
    ///     when none are known. Methods that need a mask (`inpaint:gt`) throw
    ///     `DeocclusionError.maskRequired` without one; the others may use it or ignore it.
    /// - Returns: one result per face, in order.
    func deocclude(_ batch: [Image], masks: [Image?]?) throws -> [DeocclusionResult]
}

extension Deoccluder {
    /// Recovers a batch of faces without ground-truth masks.
    public func deocclude(_ batch: [Image]) throws -> [DeocclusionResult] {
        try deocclude(batch, masks: nil)
    }
}

/// One recovered face.
public struct DeocclusionResult: Sendable, Equatable {
    /// The recovered face, same shape as the input.
    public var recovered: Image
    /// The predicted mask (1 channel, 1 = visible, 0 = occluded), or `nil` when the method
    /// predicts none.
    public var predictedMask: Image?

    public init(recovered: Image, predictedMask: Image? = nil) {
        self.recovered = recovered
        self.predictedMask = predictedMask
    }
}
