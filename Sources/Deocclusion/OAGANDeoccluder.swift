import Foundation
import Imaging

/// Placeholder for the OA-GAN de-occluder; the `oagan` work replaces this file with the real
/// generator. `makeDeoccluder` calls `OAGANDeoccluder(weightsAt:)`.
public struct OAGANDeoccluder: Deoccluder {
    /// Loads generator weights (safetensors); throws until OA-GAN is built.
    public init(weightsAt url: URL) throws {
        throw DeocclusionError.oaganNotBuilt
    }

    public var identity: String { "oagan" }

    public func deocclude(_ batch: [Image], masks: [Image?]?) throws -> [DeocclusionResult] {
        throw DeocclusionError.oaganNotBuilt
    }
}
