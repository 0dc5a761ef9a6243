/// How one probe fared in one condition.
public struct ProbeIdentification: Codable, Sendable, Equatable {
    /// Probe image path as listed in the protocol.
    public var probe: String
    public var subject: String
    /// Occluder family (`sunglasses`, `mask`, `hand`, …), empty when unknown.
    public var occluder: String
    /// Fraction of the face the occluder covers, if the ground-truth mask is known.
    public var occludedFraction: Double?
    public var condition: ConditionID
    /// Rank of the probe's mate in the gallery ranking (1 = identified).
    public var mateRank: Int
    /// Subject of the best gallery match.
    public var predictedSubject: String
    /// Change at rank 1 against the occluded condition; `nil` for the occluded condition itself.
    public var flip: RankFlip?

    public init(probe: String, subject: String, occluder: String, occludedFraction: Double?,
                condition: ConditionID, mateRank: Int, predictedSubject: String, flip: RankFlip?) {
        self.probe = probe
        self.subject = subject
        self.occluder = occluder
        self.occludedFraction = occludedFraction
        self.condition = condition
        self.mateRank = mateRank
        self.predictedSubject = predictedSubject
        self.flip = flip
    }
}

/// A probe's rank-1 outcome against the occluded condition.
public enum RankFlip: String, Codable, Sendable, CaseIterable {
    /// Wrong when occluded, right here.
    case fixed
    /// Right when occluded, wrong here.
    case broken
    /// Same outcome (right or wrong) in both.
    case unchanged

    /// The flip from the baseline's rank-1 outcome to this condition's.
    public init(baselineCorrect: Bool, conditionCorrect: Bool) {
        switch (baselineCorrect, conditionCorrect) {
        case (false, true): self = .fixed
        case (true, false): self = .broken
        default: self = .unchanged
        }
    }
}
