import Evaluation

/// The page's result tables: summary, rank-k with intervals, comparisons with McNemar,
/// image quality, breakdowns and the per-probe appendix. Every number goes through
/// `ReportFormat`, as in the CSV files.
struct ResultSections {
    var results: StudyResults

    private typealias Cell = HTML.Cell
    private func rate(_ value: Double?) -> String { ReportFormat.string(value, as: .rate) }
    private func diff(_ value: Double?) -> String { ReportFormat.string(value, as: .difference) }

    /// Headline numbers per condition (the rows of `summary.csv`).
    var summary: String {
        let rows: [[Cell]] = SummaryLine.lines(of: results).map { line in
            let d = line.comparison?.rank1Difference
            let m = line.comparison?.mcnemar(atRank: 1)
            return [
                .header(line.condition.label), .text(line.condition.modelDescription),
                .number(ReportFormat.string(line.probes)),
                line.rank1.map { Cell(html: HTML.valueWithInterval(rate($0.rate), rate($0.ciLow), rate($0.ciHigh)), numeric: true) } ?? .number(""),
                .number(rate(line.rank5?.rate)),
                d.map { Cell(html: HTML.valueWithInterval(diff($0.estimate), diff($0.low), diff($0.high)), numeric: true) } ?? .number(""),
                .number(ReportFormat.string(m?.pValue, as: .pValue)),
                .number(m.map { ReportFormat.string($0.fixed) } ?? ""), .number(m.map { ReportFormat.string($0.broken) } ?? ""),
                .number(ReportFormat.string(line.quality?.whole.psnr, as: .psnr)),
                .number(ReportFormat.string(line.quality?.whole.ssim, as: .ssim)),
            ]
        }
        return HTML.table(
            caption: "Rank-1 and rank-5 identification per condition with 95 % intervals; change in rank-1 against the occluded probes (paired bootstrap interval, exact McNemar test); image quality of the de-occluder against ground truth.",
            headers: ["Condition", "Model", "Probes", "Rank-1", "Rank-5", "Δ rank-1 vs occluded", "McNemar p", "Fixed", "Broken", "PSNR (dB)", "SSIM"],
            numericColumns: Set(2...10), rows: rows)
    }

    /// Rate at every rank with its interval.
    var rankTable: String {
        let ranks = Array(Set(results.conditions.flatMap { $0.ranks.map(\.rank) })).sorted()
        let rows: [[Cell]] = results.conditions.map { result in
            [.header(result.condition.label), .number(ReportFormat.string(result.probes))] + ranks.map { rank in
                guard let r = result.rate(atRank: rank) else { return .number("") }
                return Cell(html: HTML.valueWithInterval(rate(r.rate), rate(r.ciLow), rate(r.ciHigh)), numeric: true)
            }
        }
        return HTML.table(caption: "Identification rate at rank k (fraction of probes whose mate is among the first k matches), with 95 % intervals.",
                          headers: ["Condition", "Probes"] + ranks.map { "Rank \($0)" },
                          numericColumns: Set(1...(ranks.count + 1)), rows: rows)
    }

    /// McNemar at every rank and the bootstrap interval of the rank-1 difference.
    var comparisonTable: String {
        guard !results.comparisons.isEmpty else { return "<p class=\"note\">No condition was compared with the occluded probes.</p>\n" }
        let ranks = Array(Set(results.comparisons.flatMap { $0.mcnemar.map(\.rank) })).sorted()
        let rows: [[Cell]] = results.comparisons.map { c in
            let d = c.rank1Difference
            return [.header(c.condition.label), .number(ReportFormat.string(c.probes)),
                    Cell(html: HTML.valueWithInterval(diff(d.estimate), diff(d.low), diff(d.high)), numeric: true)]
                + ranks.map { rank in
                    guard let m = c.mcnemar(atRank: rank) else { return .number("") }
                    let p = HTML.escape(ReportFormat.string(m.pValue, as: .pValue))
                    return Cell(html: "\(p)<span class=\"ci\">\(ReportFormat.string(m.fixed)) fixed / \(ReportFormat.string(m.broken)) broken</span>", numeric: true)
                }
        }
        let samples = results.comparisons.first.map { ReportFormat.string($0.bootstrapSamples) } ?? ""
        return HTML.table(
            caption: "Against the occluded probes on the same probes: rank-1 difference with a paired bootstrap 95 % interval (\(samples) resamples), and the exact McNemar p-value at each rank with its discordant pairs (fixed: only this condition identifies the probe; broken: only the occluded one does).",
            headers: ["Condition", "Probes", "Δ rank-1"] + ranks.map { "p, rank \($0)" },
            numericColumns: Set(1...(ranks.count + 2)), rows: rows)
    }

    /// Mean PSNR/SSIM per de-occluder over the whole face, the occluded and the visible region.
    var qualityTable: String {
        guard !results.quality.isEmpty else { return "<p class=\"note\">No de-occluder output was scored against ground truth.</p>\n" }
        let rows: [[Cell]] = results.quality.map { q in
            [.header(ConditionID.shortName(of: q.deoccluder)), .number(ReportFormat.string(q.images)),
             .number(ReportFormat.string(q.whole.psnr, as: .psnr)), .number(ReportFormat.string(q.whole.ssim, as: .ssim)),
             .number(ReportFormat.string(q.occluded?.psnr, as: .psnr)), .number(ReportFormat.string(q.occluded?.ssim, as: .ssim)),
             .number(ReportFormat.string(q.visible?.psnr, as: .psnr)), .number(ReportFormat.string(q.visible?.ssim, as: .ssim)),
             .number(ReportFormat.string(q.maskIoU, as: .iou))]
        }
        return HTML.table(
            caption: "Mean image quality of each de-occluder's output against the ground-truth faces: PSNR (dB, 8-bit range) and SSIM (Gaussian window σ = 1.5) over the whole face, inside the occluded region and outside it; mean IoU of the predicted occlusion mask.",
            headers: ["De-occluder", "Images", "PSNR whole", "SSIM whole", "PSNR occluded", "SSIM occluded",
                      "PSNR visible", "SSIM visible", "Mask IoU"],
            numericColumns: Set(1...8), rows: rows)
    }

    /// One table per breakdown dimension present.
    var breakdowns: String {
        var html = ""
        for dimension in BreakdownRow.Dimension.allCases {
            let rows = results.breakdowns.filter { $0.dimension == dimension }
            guard !rows.isEmpty else { continue }
            var groups: [String] = []
            for row in rows where !groups.contains(row.group) { groups.append(row.group) }
            var cells: [[Cell]] = []
            for group in groups {
                let members = rows.filter { $0.group == group }
                for (index, b) in members.enumerated() {
                    let lead: [Cell] = index == 0 ? [.header(group, rowSpan: members.count)] : []
                    cells.append(lead + [.text(b.condition.label), .number(ReportFormat.string(b.probes)), .number(rate(b.rank1)),
                                         .number(ReportFormat.string(b.psnr, as: .psnr)), .number(ReportFormat.string(b.ssim, as: .ssim))])
                }
            }
            let title = dimension == .occluder ? "By occluder family" : "By occluded area"
            html += "<h3>\(title)</h3>\n" + HTML.table(
                caption: dimension == .occluder ? "Rank-1 and de-occluder quality per occluder family." : "Rank-1 and de-occluder quality per bin of the occluded fraction of the face.",
                headers: [dimension == .occluder ? "Occluder" : "Occluded area", "Condition", "Probes", "Rank-1", "PSNR (dB)", "SSIM"],
                numericColumns: [2, 3, 4, 5], rows: cells, className: "breakdown")
        }
        return html.isEmpty ? "<p class=\"note\">No breakdown was computed.</p>\n" : html
    }

    /// Mate rank of every probe in every condition, with rank-1 flips against the occluded probes.
    var identificationTable: String {
        let conditions = results.conditions.map(\.condition)
        var probes: [String] = []
        var seen: Set<String> = []
        var byKey: [String: ProbeIdentification] = [:]
        for p in results.identifications {
            if seen.insert(p.probe).inserted { probes.append(p.probe) }
            byKey["\(p.probe)\u{0}\(p.condition)"] = p
        }
        let rows: [[Cell]] = probes.map { probe in
            let first = conditions.lazy.compactMap { byKey["\(probe)\u{0}\($0)"] }.first
            return [Cell(html: "<span class=\"path\">\(HTML.escape(probe))</span>", isRowHeader: true),
                    .text(first?.subject ?? ""), .text(first?.occluder ?? ""),
                    .number(ReportFormat.string(first?.occludedFraction, as: .fraction))]
                + conditions.map { id in
                    guard let p = byKey["\(probe)\u{0}\(id)"] else { return .number("") }
                    let title = " title=\"best match: \(HTML.escape(p.predictedSubject))\""
                    switch p.flip {
                    case .fixed?: return Cell(html: "<span class=\"fixed\"\(title)>\(p.mateRank)<span class=\"tag\">fixed</span></span>", numeric: true)
                    case .broken?: return Cell(html: "<span class=\"broken\"\(title)>\(p.mateRank)<span class=\"tag\">broken</span></span>", numeric: true)
                    default: return Cell(html: "<span\(title)>\(ReportFormat.string(p.mateRank))</span>", numeric: true)
                    }
                }
        }
        return HTML.table(
            caption: "Rank of each probe's mate per condition (1 = identified); fixed / broken mark rank-1 changes against the occluded probes.",
            headers: ["Probe", "Subject", "Occluder", "Occluded area"] + conditions.map(\.label),
            numericColumns: Set(3...(conditions.count + 3)), rows: rows, className: "identification")
    }
}
