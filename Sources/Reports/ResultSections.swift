import Evaluation

/// The page's result tables: summary, rank-k with intervals, comparisons with McNemar,
/// image quality, breakdowns and the per-probe appendix. Every number goes through
/// `ReportFormat`, as in the CSV files.
struct ResultSections {
    var results: StudyResults
    var labels: ConditionLabels

    private typealias Cell = HTML.Cell
    private func rate(_ value: Double?) -> String { ReportFormat.string(value, as: .rate) }
    private func diff(_ value: Double?) -> String { ReportFormat.string(value, as: .difference) }
    private func rateCell(_ r: RankRate?) -> Cell {
        r.map { Cell(html: HTML.valueWithInterval(rate($0.rate), rate($0.ciLow), rate($0.ciHigh)), numeric: true) } ?? .number("")
    }
    private func diffCell(_ d: DifferenceInterval?) -> Cell {
        d.map { Cell(html: HTML.valueWithInterval(diff($0.estimate), diff($0.low), diff($0.high)), numeric: true) } ?? .number("")
    }
    private func pairsCell(_ m: RankComparison?) -> Cell {
        .number(m.map { "\(ReportFormat.string($0.fixed)) / \(ReportFormat.string($0.broken))" } ?? "")
    }

    /// Headline numbers per condition (the rows of `summary.csv`).
    var summary: String {
        let rows: [[Cell]] = SummaryLine.lines(of: results).map { line in
            let m = line.comparison?.mcnemar(atRank: 1)
            return [
                .header(labels.condition(line.condition)), .text(labels.model(line.condition)),
                .number(ReportFormat.string(line.probes)), rateCell(line.rank1), .number(rate(line.rank5?.rate)),
                diffCell(line.comparison?.rank1Difference), .number(ReportFormat.string(m?.pValue, as: .pValue)), pairsCell(m),
                .number(ReportFormat.string(line.quality?.whole.psnr, as: .psnr)),
                .number(ReportFormat.string(line.quality?.whole.ssim, as: .ssim)),
            ]
        }
        return HTML.table(
            caption: "Rank-1 and rank-5 identification per condition with 95 % intervals; change in rank-1 against the occluded probes (paired bootstrap interval), exact McNemar p-value with its fixed / broken probes; image quality of the condition's de-occluder.",
            headers: ["Condition", "Model trained on", "Probes", "Rank-1", "Rank-5", "Δ rank-1", "McNemar p", "Fixed / broken", "PSNR (dB)", "SSIM"],
            numericColumns: Set(2...9), rows: rows)
    }

    /// Rate at every rank with its interval.
    var rankTable: String {
        let ranks = Array(Set(results.conditions.flatMap { $0.ranks.map(\.rank) })).sorted()
        let rows: [[Cell]] = results.conditions.map { result in
            [.header(labels.condition(result.condition)), .number(ReportFormat.string(result.probes))]
                + ranks.map { rateCell(result.rate(atRank: $0)) }
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
            [.header(labels.condition(c.condition)), .number(ReportFormat.string(c.probes)), diffCell(c.rank1Difference)]
                + ranks.map { rank in
                    guard let m = c.mcnemar(atRank: rank) else { return .number("") }
                    let p = HTML.escape(ReportFormat.string(m.pValue, as: .pValue))
                    return Cell(html: "\(p)<span class=\"ci\">\(ReportFormat.string(m.fixed)) / \(ReportFormat.string(m.broken))</span>", numeric: true)
                }
        }
        let samples = results.comparisons.first.map { ReportFormat.string($0.bootstrapSamples) } ?? ""
        return HTML.table(
            caption: "Against the occluded probes, on the same probes: rank-1 difference with a paired bootstrap 95 % interval (\(samples) resamples); exact McNemar p-value at each rank, below it the discordant probes fixed / broken (identified within rank k only by this condition / only by the occluded one).",
            headers: ["Condition", "Probes", "Δ rank-1"] + ranks.map { "p, rank \($0)" },
            numericColumns: Set(1...(ranks.count + 2)), rows: rows)
    }

    /// Mean PSNR/SSIM per de-occluder over the whole face, the occluded and the visible region.
    var qualityTable: String {
        guard !results.quality.isEmpty else { return "<p class=\"note\">No de-occluder output was scored against ground truth.</p>\n" }
        let rows: [[Cell]] = results.quality.map { q in
            [.header(labels.deoccluder(q.deoccluder)), .number(ReportFormat.string(q.images)),
             .number(ReportFormat.string(q.whole.psnr, as: .psnr)), .number(ReportFormat.string(q.whole.ssim, as: .ssim)),
             .number(ReportFormat.string(q.occluded?.psnr, as: .psnr)), .number(ReportFormat.string(q.occluded?.ssim, as: .ssim)),
             .number(ReportFormat.string(q.visible?.psnr, as: .psnr)), .number(ReportFormat.string(q.visible?.ssim, as: .ssim)),
             .number(ReportFormat.string(q.maskIoU, as: .iou))]
        }
        return HTML.table(
            caption: "Mean image quality of each de-occluder's output against the ground-truth faces: PSNR (dB, 8-bit range; inf where identical) and SSIM (Gaussian window, σ = 1.5) over the whole face, inside the occluded region and outside it; mean IoU of the predicted occlusion mask (– where the de-occluder predicts none).",
            headers: ["De-occluder", "Images", "PSNR whole", "SSIM whole", "PSNR occluded", "SSIM occluded",
                      "PSNR visible", "SSIM visible", "Mask IoU"],
            numericColumns: Set(1...8), rows: rows)
    }

    /// One table per breakdown dimension: a row per group, rank-1 per condition, then quality per de-occluder.
    var breakdowns: String {
        var html = ""
        for dimension in BreakdownRow.Dimension.allCases {
            let rows = results.breakdowns.filter { $0.dimension == dimension }
            guard !rows.isEmpty else { continue }
            var groups: [String] = [], conditions: [ConditionID] = []
            for row in rows {
                if !groups.contains(row.group) { groups.append(row.group) }
                if !conditions.contains(row.condition) { conditions.append(row.condition) }
            }
            var deoccluders: [String] = []
            for id in conditions { if let spec = id.deoccluder, !deoccluders.contains(spec) { deoccluders.append(spec) } }
            let cells: [[Cell]] = groups.map { group in
                let members = rows.filter { $0.group == group }
                func quality(_ spec: String) -> BreakdownRow? { members.first { $0.condition.deoccluder == spec && $0.psnr != nil } }
                return [.header(group), .number(ReportFormat.string(members.map(\.probes).max() ?? 0))]
                    + conditions.map { id in .number(rate(members.first { $0.condition == id }?.rank1)) }
                    + deoccluders.flatMap { spec in
                        [.number(ReportFormat.string(quality(spec)?.psnr, as: .psnr)), .number(ReportFormat.string(quality(spec)?.ssim, as: .ssim))]
                    }
            }
            let headers = [dimension == .occluder ? "Occluder" : "Occluded area", "Probes"]
                + conditions.map(labels.condition)
                + deoccluders.flatMap { spec in ["PSNR " + labels.deoccluder(spec), "SSIM " + labels.deoccluder(spec)] }
            var groupsRow: [(title: String, span: Int)] = [("", 2), ("Rank-1", conditions.count)]
            if !deoccluders.isEmpty { groupsRow.append(("De-occluder quality", 2 * deoccluders.count)) }
            let title = dimension == .occluder ? "By occluder family" : "By occluded area"
            html += "<h3>\(title)</h3>\n" + HTML.table(
                caption: dimension == .occluder
                    ? "Rank-1 per condition and de-occluder quality (PSNR dB, SSIM) per occluder family."
                    : "Rank-1 per condition and de-occluder quality (PSNR dB, SSIM) per bin of the occluded fraction of the face.",
                headers: headers, headerGroups: groupsRow, numericColumns: Set(1..<headers.count), rows: cells, className: "breakdown")
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
                    let rank = ReportFormat.string(p.mateRank)
                    switch p.flip {
                    case .fixed?: return Cell(html: "<span class=\"fixed\"\(title)>\(rank)<span class=\"tag\">fixed</span></span>", numeric: true)
                    case .broken?: return Cell(html: "<span class=\"broken\"\(title)>\(rank)<span class=\"tag\">broken</span></span>", numeric: true)
                    default: return Cell(html: "<span\(title)>\(rank)</span>", numeric: true)
                    }
                }
        }
        return HTML.table(
            caption: "Rank of each probe's mate per condition (1 = identified); fixed / broken mark rank-1 changes against the occluded probes.",
            headers: ["Probe", "Subject", "Occluder", "Occluded area"] + conditions.map(labels.condition),
            numericColumns: Set(3...(conditions.count + 3)), rows: rows, className: "identification")
    }
}
