import Imaging

/// The `none` de-occluder: returns each face unchanged and predicts no mask.
public struct IdentityDeoccluder: Deoccluder {
    public init() {}

    public var identity: String { "none" }

    public func deocclude(_ batch: [Image], masks: [Image?]?) throws -> [DeocclusionResult] {
        try validateMasks(masks, for: batch)
        return batch.map { DeocclusionResult(recovered: $0) }
    }
}
