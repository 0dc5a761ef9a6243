/// Everything a study's report shows, as written to `results.json`; the HTML page and the
/// CSV files are rendered from this value alone.
public struct StudyResults: Codable, Sendable, Equatable {
    /// Version of this file's layout, bumped when fields change meaning.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    /// The report's name (`reports/<name>/`).
    public var name: String
    /// The question the study answers, as shown at the top of the page.
    public var question: String
    public var setup: StudySetup
    /// Rank-1..5 identification per condition, in report order.
    public var conditions: [ConditionResult]
    /// Each recovered (and the clean) condition against the occluded one on the same probes.
    public var comparisons: [ConditionComparison]
    /// One row per probe and condition.
    public var identifications: [ProbeIdentification]
    /// Image quality of each de-occluder's output against ground truth.
    public var quality: [DeoccluderQuality]
    /// Rank-1 and quality by occluder family and by occluded-area bin.
    public var breakdowns: [BreakdownRow]
    /// A sample of probes shown as image strips.
    public var strips: [ImageStrip]

    public init(name: String, question: String, setup: StudySetup, conditions: [ConditionResult],
                comparisons: [ConditionComparison], identifications: [ProbeIdentification],
                quality: [DeoccluderQuality], breakdowns: [BreakdownRow], strips: [ImageStrip]) {
        self.formatVersion = StudyResults.currentFormatVersion
        self.name = name
        self.question = question
        self.setup = setup
        self.conditions = conditions
        self.comparisons = comparisons
        self.identifications = identifications
        self.quality = quality
        self.breakdowns = breakdowns
        self.strips = strips
    }

    /// The question every study asks unless told otherwise.
    public static let defaultQuestion =
        "How much does de-occluding the probes (and the training set) change identification accuracy, and how faithful is the de-occlusion?"
}
