/// Which kind of batch a training step uses.
public enum BatchKind: String, Codable, Sendable {
    /// Synthetic occlusion pasted on a clean face: ground truth image and mask known (Eq. 8).
    case paired
    /// Naturally occluded face without ground truth (Eq. 9).
    case natural
}

/// The paper's alternating training: paired and natural batches alternate, the ratio of
/// paired to natural batches starting at 10:1 and lowered step by step to 1:1.
///
/// The schedule is a pure function of the step index (so resuming needs no extra state):
/// the ratio r is held for `stepsPerRatio` steps (rounded up to whole cycles of r paired
/// batches followed by one natural batch), then drops to r − 1, down to `endRatio`, which is
/// kept for ever. A ratio of 0 means natural batches only.
public struct AlternatingBatchSchedule: Sendable, Equatable {
    public let startRatio: Int
    public let endRatio: Int
    public let stepsPerRatio: Int

    public init(startRatio: Int, endRatio: Int, stepsPerRatio: Int) {
        precondition(startRatio >= endRatio && endRatio >= 0 && stepsPerRatio >= 1,
                     "AlternatingBatchSchedule: need startRatio ≥ endRatio ≥ 0, stepsPerRatio ≥ 1")
        self.startRatio = startRatio
        self.endRatio = endRatio
        self.stepsPerRatio = stepsPerRatio
    }

    /// Paired batches per natural batch at `step` (0-based).
    public func ratio(at step: Int) -> Int { locate(step).ratio }

    /// The kind of batch of training step `step` (0-based).
    public func kind(at step: Int) -> BatchKind {
        let (ratio, offset) = locate(step)
        return offset % (ratio + 1) == ratio ? .natural : .paired
    }

    /// The ratio in force at `step` and the step's offset from the start of that ratio's stage.
    private func locate(_ step: Int) -> (ratio: Int, offset: Int) {
        precondition(step >= 0, "AlternatingBatchSchedule: negative step \(step)")
        var stageStart = 0
        var ratio = startRatio
        while ratio > endRatio {
            let cycle = ratio + 1
            let length = (stepsPerRatio + cycle - 1) / cycle * cycle
            if step < stageStart + length { return (ratio, step - stageStart) }
            stageStart += length
            ratio -= 1
        }
        return (endRatio, step - stageStart)
    }
}
