import Evaluation
import Foundation

/// The report page: one self-contained HTML file (inline CSS and SVG, images as data URIs,
/// no script, no network) rendered from `StudyResults`.
struct HTMLReport {
    var results: StudyResults
    /// Folder that relative image paths are resolved against.
    var imageRoot: URL
    /// The CSV files listed in the footer.
    var files: [String]

    /// The page and the warnings raised while rendering it (missing images).
    func render() -> (html: String, warnings: [String]) {
        var embedder = ImageEmbedder(root: imageRoot)
        let labels = ConditionLabels(results)
        let sections = ResultSections(results: results, labels: labels)
        let strips = StripSection(strips: results.strips, labels: labels).html(embedder: &embedder)
        let s = results.setup
        let title = "Unveil report: \(results.name)"

        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>
        \(ReportStyle.css)
        </style>
        </head>
        <body>
        <main>
        <header>
        <h1>\(HTML.escape(title))</h1>
        <p class="meta">Protocol \(HTML.escape(s.protocolName)) · \(s.counts.probeImages) probes against \(s.counts.galleryImages) gallery images · started \(HTML.escape(s.startedAt))</p>
        <nav class="toc" aria-label="Contents"><ul>
        <li><a href="#question">Question</a></li><li><a href="#setup">Set-up</a></li><li><a href="#summary">Summary</a></li>
        <li><a href="#identification">Identification</a></li><li><a href="#quality">Image quality</a></li>
        <li><a href="#breakdowns">Breakdowns</a></li><li><a href="#examples">Examples</a></li><li><a href="#probes">Per probe</a></li>
        </ul></nav>
        </header>

        """
        html += section("question", "Question", "<p class=\"question\">\(HTML.escape(results.question))</p>\n")
        html += section("setup", "Set-up", SetupSection(setup: s, conditions: results.conditions.map(\.condition), labels: labels).html)
        html += section("summary", "Summary", sections.summary)
        html += section("identification", "Identification", CMCChart(conditions: results.conditions, labels: labels).html
                        + sections.rankTable + sections.comparisonTable)
        html += section("quality", "Image quality", sections.qualityTable)
        html += section("breakdowns", "Breakdowns", sections.breakdowns)
        html += section("examples", "Examples", strips)
        html += section("probes", "Per probe", sections.identificationTable)
        if !embedder.warnings.isEmpty {
            let count = embedder.warnings.count
            let lead = count == 1 ? "1 image was missing or unreadable and is shown as a placeholder:"
                : "\(count) images were missing or unreadable and are shown as placeholders:"
            html += "<div class=\"warnings\" role=\"note\"><p>\(lead)</p><ul>"
                + embedder.warnings.map { "<li><span class=\"path\">\(HTML.escape($0))</span></li>" }.joined() + "</ul></div>\n"
        }
        let links = files.map { "<a href=\"\(HTML.escape($0))\">\(HTML.escape($0))</a>" }.joined(separator: " · ")
        html += "<footer><p>Data: \(links) · <a href=\"results.json\">results.json</a></p>"
        html += "<p>Rendered by Unveil from results.json (format \(results.formatVersion)). Numbers on this page and in the CSV files are formatted by the same function.</p></footer>\n"
        html += "</main>\n</body>\n</html>\n"
        return (html, embedder.warnings)
    }

    private func section(_ id: String, _ title: String, _ body: String) -> String {
        "<section id=\"\(id)\" aria-labelledby=\"\(id)-title\">\n<h2 id=\"\(id)-title\">\(HTML.escape(title))</h2>\n\(body)</section>\n\n"
    }
}
