import Imaging

/// The `inpaint` baseline: a harmonic fill (``HarmonicFill``) of the occluded region, taking
/// the mask from the ground truth (`inpaint:gt`) or from another de-occluder's prediction
/// (`inpaint:SPEC`) — as the paper handed its masks to GFC, PConv and CSA. The fill starts
/// from the input face, not from the other de-occluder's output.
public struct InpaintDeoccluder: Deoccluder {
    /// Where masks come from: `nil` for ground truth, else the de-occluder whose predicted
    /// masks are filled.
    public let maskSource: (any Deoccluder)?

    public init(maskSource: (any Deoccluder)?) {
        self.maskSource = maskSource
    }

    public var identity: String { "inpaint:" + (maskSource?.identity ?? "gt") }

    /// - Returns: filled faces; `predictedMask` is the binarised predicted mask that was
    ///   filled (`inpaint:SPEC`), or `nil` for ground-truth masks (nothing was predicted).
    public func deocclude(_ batch: [Image], masks: [Image?]?) throws -> [DeocclusionResult] {
        try validateMasks(masks, for: batch)
        let fillMasks = try masksToFill(batch, groundTruth: masks)
        return zip(batch, fillMasks).map { image, mask in
            let binary = Image(width: mask.width, height: mask.height, channels: 1,
                               pixels: mask.pixels.map { isVisible($0) ? 1 : 0 })
            return DeocclusionResult(recovered: HarmonicFill.fill(image, visible: binary),
                                     predictedMask: maskSource == nil ? nil : binary)
        }
    }

    private func masksToFill(_ batch: [Image], groundTruth: [Image?]?) throws -> [Image] {
        guard let maskSource else {
            return try batch.indices.map { index in
                guard let mask = groundTruth?[index] else { throw DeocclusionError.maskRequired(deoccluder: identity) }
                return mask
            }
        }
        let predicted = try maskSource.deocclude(batch, masks: nil)  // a prediction, not the ground truth
        return try zip(batch, predicted).enumerated().map { index, pair in
            guard let mask = pair.1.predictedMask else {
                throw DeocclusionError.missingPredictedMask(deoccluder: maskSource.identity, index: index)
            }
            guard mask.channels == 1, mask.width == pair.0.width, mask.height == pair.0.height else {
                throw DeocclusionError.predictedMaskShapeMismatch(
                    deoccluder: maskSource.identity, index: index, image: shapeText(pair.0), mask: shapeText(mask))
            }
            return mask
        }
    }
}
