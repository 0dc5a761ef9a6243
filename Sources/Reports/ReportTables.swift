import TensorCore
import Evaluation

/// The report's CSV files, built from the results with `ReportFormat`, so every number
/// reads exactly as on the page.
public enum ReportTables {
    public static let cmcHeader = ["condition", "deoccluder", "rank", "rate", "ci_low", "ci_high", "probes"]
    public static let qualityHeader = ["deoccluder", "images", "psnr", "ssim", "psnr_occluded", "ssim_occluded",
                                       "psnr_visible", "ssim_visible", "mask_iou"]
    public static let identificationHeader = ["probe", "subject", "occluder", "occluded_fraction", "condition",
                                              "deoccluder", "mate_rank", "predicted_subject", "rank1_correct", "flip"]
    public static let summaryHeader = ["condition", "deoccluder", "trained_on", "probes", "rank1", "rank1_ci_low",
                                       "rank1_ci_high", "rank5", "rank1_difference", "difference_ci_low",
                                       "difference_ci_high", "mcnemar_p_rank1", "fixed", "broken", "psnr", "ssim"]
    public static let breakdownHeader = ["dimension", "group", "condition", "deoccluder", "probes", "rank1", "psnr", "ssim"]

    /// Every CSV file of a report, by file name, in the order they are listed on the page.
    public static func all(_ results: StudyResults) -> [(file: String, table: CSVTable)] {
        [("summary.csv", summary(results)), ("cmc.csv", cmc(results)), ("quality.csv", quality(results)),
         ("breakdown.csv", breakdown(results)), ("identification.csv", identification(results))]
    }

    /// `condition,deoccluder,rank,rate,ci_low,ci_high,probes`: one row per condition and rank.
    public static func cmc(_ results: StudyResults) -> CSVTable {
        CSVTable(header: cmcHeader, rows: results.conditions.flatMap { result in
            result.ranks.map { r in
                conditionFields(result.condition) + [
                    ReportFormat.string(r.rank), ReportFormat.string(r.rate, as: .rate),
                    ReportFormat.string(r.ciLow, as: .rate), ReportFormat.string(r.ciHigh, as: .rate),
                    ReportFormat.string(result.probes),
                ]
            }
        })
    }

    /// One row per de-occluder: mean PSNR/SSIM whole, occluded and visible region, mask IoU.
    public static func quality(_ results: StudyResults) -> CSVTable {
        CSVTable(header: qualityHeader, rows: results.quality.map { q in
            [q.deoccluder, ReportFormat.string(q.images),
             ReportFormat.string(q.whole.psnr, as: .psnr), ReportFormat.string(q.whole.ssim, as: .ssim),
             ReportFormat.string(q.occluded?.psnr, as: .psnr), ReportFormat.string(q.occluded?.ssim, as: .ssim),
             ReportFormat.string(q.visible?.psnr, as: .psnr), ReportFormat.string(q.visible?.ssim, as: .ssim),
             ReportFormat.string(q.maskIoU, as: .iou)]
        })
    }

    /// One row per probe and condition.
    public static func identification(_ results: StudyResults) -> CSVTable {
        CSVTable(header: identificationHeader, rows: results.identifications.map { p in
            [p.probe, p.subject, p.occluder, ReportFormat.string(p.occludedFraction, as: .fraction)]
                + conditionFields(p.condition)
                + [ReportFormat.string(p.mateRank), p.predictedSubject,
                   ReportFormat.string(p.mateRank == 1 ? 1 : 0), p.flip?.rawValue ?? ""]
        })
    }

    /// One row per condition: rank-1 with interval, rank-5, difference from occluded, McNemar, quality.
    public static func summary(_ results: StudyResults) -> CSVTable {
        CSVTable(header: summaryHeader, rows: SummaryLine.lines(of: results).map { line in
            let d = line.comparison?.rank1Difference
            let m = line.comparison?.mcnemar(atRank: 1)
            return conditionFields(line.condition) + [
                line.trainedOn, ReportFormat.string(line.probes),
                ReportFormat.string(line.rank1?.rate, as: .rate), ReportFormat.string(line.rank1?.ciLow, as: .rate),
                ReportFormat.string(line.rank1?.ciHigh, as: .rate), ReportFormat.string(line.rank5?.rate, as: .rate),
                ReportFormat.string(d?.estimate, as: .difference), ReportFormat.string(d?.low, as: .difference),
                ReportFormat.string(d?.high, as: .difference), ReportFormat.string(m?.pValue, as: .pValue),
                m.map { ReportFormat.string($0.fixed) } ?? "", m.map { ReportFormat.string($0.broken) } ?? "",
                ReportFormat.string(line.quality?.whole.psnr, as: .psnr), ReportFormat.string(line.quality?.whole.ssim, as: .ssim),
            ]
        })
    }

    /// One row per breakdown group and condition.
    public static func breakdown(_ results: StudyResults) -> CSVTable {
        CSVTable(header: breakdownHeader, rows: results.breakdowns.map { b in
            [b.dimension.rawValue, b.group] + conditionFields(b.condition) + [
                ReportFormat.string(b.probes), ReportFormat.string(b.rank1, as: .rate),
                ReportFormat.string(b.psnr, as: .psnr), ReportFormat.string(b.ssim, as: .ssim),
            ]
        })
    }

    /// `condition,deoccluder` fields.
    static func conditionFields(_ id: ConditionID) -> [String] { [id.kind.rawValue, id.deoccluder ?? ""] }
}
