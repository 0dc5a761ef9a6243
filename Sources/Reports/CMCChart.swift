import Evaluation

/// The CMC chart as inline SVG: identification rate against rank, one line per condition
/// with its 95 % interval as a band, axis labels and gridlines, and an HTML legend that
/// wraps on narrow screens.
struct CMCChart {
    var conditions: [ConditionResult]
    var labels: ConditionLabels

    // Drawing area in SVG user units; the SVG scales to the page width.
    private let width = 560.0, height = 330.0
    private let left = 62.0, right = 18.0, top = 14.0, bottom = 54.0

    /// The `<figure>` with the chart, its legend and caption.
    var html: String {
        let styles = ConditionStyle.styles(for: conditions.map(\.condition))
        let ranks = Array(Set(conditions.flatMap { $0.ranks.map(\.rank) })).sorted()
        guard let firstRank = ranks.first, let lastRank = ranks.last else { return "" }
        let (yLow, yStep) = yRange()
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ rank: Int) -> Double {
            lastRank == firstRank ? left + plotWidth / 2 : left + plotWidth * Double(rank - firstRank) / Double(lastRank - firstRank)
        }
        func y(_ rate: Double) -> Double { top + plotHeight * (1 - (min(max(rate, yLow), 1) - yLow) / (1 - yLow)) }
        let c = HTML.coordinate

        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(c(width)) \(c(height))\" role=\"img\" aria-labelledby=\"cmc-title cmc-desc\">\n"
        svg += "<title id=\"cmc-title\">Cumulative match characteristic, ranks \(firstRank) to \(lastRank)</title>\n"
        svg += "<desc id=\"cmc-desc\">\(HTML.escape(description))</desc>\n"
        // Gridlines and y tick labels.
        var tick = yLow
        while tick <= 1.0 + 1e-9 {
            svg += "<line class=\"grid\" x1=\"\(c(left))\" x2=\"\(c(width - right))\" y1=\"\(c(y(tick)))\" y2=\"\(c(y(tick)))\"/>"
            svg += "<text class=\"tick\" x=\"\(c(left - 8))\" y=\"\(c(y(tick) + 5))\" text-anchor=\"end\">\(String(format: "%.\(yStep < 0.1 ? 2 : 1)f", tick))</text>\n"
            tick += yStep
        }
        for rank in ranks {
            svg += "<line class=\"axis\" x1=\"\(c(x(rank)))\" x2=\"\(c(x(rank)))\" y1=\"\(c(top + plotHeight))\" y2=\"\(c(top + plotHeight + 5))\"/>"
            svg += "<text class=\"tick\" x=\"\(c(x(rank)))\" y=\"\(c(top + plotHeight + 22))\" text-anchor=\"middle\">\(rank)</text>\n"
        }
        svg += "<line class=\"axis\" x1=\"\(c(left))\" x2=\"\(c(width - right))\" y1=\"\(c(top + plotHeight))\" y2=\"\(c(top + plotHeight))\"/>\n"
        svg += "<line class=\"axis\" x1=\"\(c(left))\" x2=\"\(c(left))\" y1=\"\(c(top))\" y2=\"\(c(top + plotHeight))\"/>\n"
        svg += "<text class=\"label\" x=\"\(c(left + plotWidth / 2))\" y=\"\(c(height - 8))\" text-anchor=\"middle\">Rank</text>\n"
        svg += "<text class=\"label\" transform=\"translate(16 \(c(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">Identification rate</text>\n"
        // Bands first, so every line is drawn above every band.
        for result in conditions {
            guard let style = styles[result.condition], !result.ranks.isEmpty else { continue }
            let upper = result.ranks.map { "\(c(x($0.rank))),\(c(y($0.ciHigh)))" }
            let lower = result.ranks.reversed().map { "\(c(x($0.rank))),\(c(y($0.ciLow)))" }
            svg += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(style.color)\"/>\n"
        }
        for result in conditions {
            guard let style = styles[result.condition] else { continue }
            let points = result.ranks.map { "\(c(x($0.rank))),\(c(y($0.rate)))" }.joined(separator: " ")
            let dash = style.dash.isEmpty ? "" : " stroke-dasharray=\"\(style.dash)\""
            svg += "<polyline class=\"line\" points=\"\(points)\" stroke=\"\(style.color)\"\(dash)/>\n"
            for r in result.ranks {
                let title = "\(labels.condition(result.condition)), rank \(r.rank): \(ReportFormat.string(r.rate, as: .rate)) [\(ReportFormat.string(r.ciLow, as: .rate)), \(ReportFormat.string(r.ciHigh, as: .rate))]"
                svg += style.markerSVG(x: x(r.rank), y: y(r.rate), title: title)
            }
            svg += "\n"
        }
        svg += "</svg>\n"

        var legend = "<ul class=\"legend\">"
        for result in conditions {
            guard let style = styles[result.condition] else { continue }
            legend += "<li>\(style.swatchSVG)<span>\(HTML.escape(labels.condition(result.condition)))</span></li>"
        }
        legend += "</ul>\n"
        return "<figure class=\"chart-figure\">\n\(svg)\(legend)<figcaption>Fraction of probes whose mate is among the first k gallery matches; shaded bands are 95 % intervals. Dotted lines: recovered probes scored with the original-trained model.</figcaption>\n</figure>\n"
    }

    /// Lower end of the y axis (a multiple of the step, below every interval) and the tick step.
    func yRange() -> (low: Double, step: Double) {
        let lowest = conditions.flatMap { $0.ranks.map { min($0.ciLow, $0.rate) } }.min() ?? 0
        let step = lowest >= 0.7 ? 0.05 : 0.1
        let low = max(0, min(1 - step, (lowest / step).rounded(.down) * step))
        return (low, step)
    }

    /// A text description of the chart for screen readers.
    private var description: String {
        conditions.map { result in
            "\(labels.condition(result.condition)): " + result.ranks.map { "rank \($0.rank) \(ReportFormat.string($0.rate, as: .rate))" }.joined(separator: ", ")
        }.joined(separator: "; ")
    }
}
