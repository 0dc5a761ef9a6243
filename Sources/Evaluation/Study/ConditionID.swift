/// One probe/model combination the study scores: which probe images (clean, occluded, or
/// recovered by a de-occluder) are matched with which recognizer.
public struct ConditionID: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The kind of probe images and model.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Ground-truth (un-occluded) probes, original-trained model: the upper bound.
        case clean
        /// Occluded probes, original-trained model: the baseline.
        case occluded
        /// Recovered probes, model trained on the same de-occluder's output.
        case recovered
        /// Recovered probes, original-trained model.
        case recoveredWithOriginalModel = "recovered-original-model"
    }

    public var kind: Kind
    /// De-occluder spec for the recovered kinds, `nil` otherwise.
    public var deoccluder: String?

    public init(kind: Kind, deoccluder: String? = nil) {
        self.kind = kind
        self.deoccluder = deoccluder
    }

    public static let clean = ConditionID(kind: .clean)
    public static let occluded = ConditionID(kind: .occluded)
    public static func recovered(_ spec: String) -> ConditionID { ConditionID(kind: .recovered, deoccluder: spec) }
    public static func recoveredWithOriginalModel(_ spec: String) -> ConditionID {
        ConditionID(kind: .recoveredWithOriginalModel, deoccluder: spec)
    }

    public var description: String { deoccluder.map { "\(kind.rawValue)(\($0))" } ?? kind.rawValue }
}
