import Evaluation

/// One condition's headline numbers, gathered from the results for the summary table,
/// `summary.csv` and the terminal.
public struct SummaryLine: Sendable, Equatable {
    public var condition: ConditionID
    /// `original`, or the de-occluder spec whose output trained the model.
    public var trainedOn: String
    public var probes: Int
    public var rank1: RankRate?
    public var rank5: RankRate?
    /// Against the occluded condition, when compared.
    public var comparison: ConditionComparison?
    /// Quality of the condition's de-occluder, for recovered conditions.
    public var quality: DeoccluderQuality?

    /// One line per condition, in report order.
    public static func lines(of results: StudyResults) -> [SummaryLine] {
        results.conditions.map { result in
            let id = result.condition
            return SummaryLine(
                condition: id,
                trainedOn: id.kind == .recovered ? (id.deoccluder ?? "") : "original",
                probes: result.probes,
                rank1: result.rate(atRank: 1),
                rank5: result.rate(atRank: 5),
                comparison: results.comparisons.first { $0.condition == id },
                quality: id.deoccluder.flatMap { spec in results.quality.first { $0.deoccluder == spec } })
        }
    }

    /// One terminal line per condition, for the end of `unveil evaluate` and `unveil demo`:
    /// `oagan    rank-1 0.620 [0.550, 0.690]  rank-5 0.900  +0.210 [0.150, 0.270] vs occluded, p 1.2e-05  PSNR 27.31 SSIM 0.8123`.
    public static func terminalLines(of results: StudyResults) -> [String] {
        let labels = ConditionLabels(results)
        let lines = lines(of: results)
        let width = lines.map { labels.condition($0.condition).count }.max() ?? 0
        return lines.map { line in
            let name = labels.condition(line.condition)
            var parts = [name + String(repeating: " ", count: width - name.count)]
            if let r = line.rank1 {
                parts.append("rank-1 \(ReportFormat.string(r.rate, as: .rate)) [\(ReportFormat.string(r.ciLow, as: .rate)), \(ReportFormat.string(r.ciHigh, as: .rate))]")
            }
            if let r = line.rank5 { parts.append("rank-5 \(ReportFormat.string(r.rate, as: .rate))") }
            if let c = line.comparison {
                let d = c.rank1Difference
                var text = "\(ReportFormat.string(d.estimate, as: .difference)) [\(ReportFormat.string(d.low, as: .difference)), \(ReportFormat.string(d.high, as: .difference))] vs occluded"
                if let p = c.mcnemar(atRank: 1)?.pValue { text += ", p \(ReportFormat.string(p, as: .pValue))" }
                parts.append(text)
            }
            if let q = line.quality {
                parts.append("PSNR \(ReportFormat.string(q.whole.psnr, as: .psnr)) SSIM \(ReportFormat.string(q.whole.ssim, as: .ssim))")
            }
            return parts.joined(separator: "  ")
        }
    }
}
