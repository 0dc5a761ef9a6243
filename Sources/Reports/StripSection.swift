import Evaluation

/// Image strips: for each sampled probe, occluded → predicted mask → each recovery →
/// ground truth → gallery mate, with the mate's rank before and after recovery.
struct StripSection {
    var strips: [ImageStrip]
    var labels: ConditionLabels

    /// The strips' HTML; images missing on disk become placeholders and warnings in `embedder`.
    func html(embedder: inout ImageEmbedder) -> String {
        guard !strips.isEmpty else { return "<p class=\"note\">No image strips were sampled.</p>\n" }
        var html = ""
        for strip in strips {
            let who = "subject \(strip.subject)" + (strip.occluder.isEmpty ? "" : " · \(strip.occluder)")
            html += "<section class=\"strip\" aria-label=\"Probe \(HTML.escape(strip.probe))\">\n"
            html += "<h3><span class=\"path\">\(HTML.escape(strip.probe))</span> <span class=\"meta\">\(HTML.escape(who))</span></h3>\n<div class=\"cells\">\n"
            html += cell(strip.occluded, title: "Occluded", detail: "rank \(strip.rankBefore)", rankClass: nil,
                         alt: "Occluded probe of \(who)", embedder: &embedder)
            if let mask = strip.predictedMask {
                html += cell(mask, title: "Predicted mask", detail: nil, rankClass: nil, alt: "Predicted occlusion mask", embedder: &embedder)
            }
            for recovered in strip.recovered {
                let name = labels.deoccluder(recovered.deoccluder)
                let change = recovered.rankAfter < strip.rankBefore ? "better" : recovered.rankAfter > strip.rankBefore ? "worse" : nil
                html += cell(recovered.image, title: name, detail: "rank \(strip.rankBefore) → \(recovered.rankAfter)", rankClass: change,
                             alt: "Recovered by \(name), mate rank \(recovered.rankAfter)", embedder: &embedder)
            }
            if let truth = strip.groundTruth {
                html += cell(truth, title: "Ground truth", detail: nil, rankClass: nil, alt: "Un-occluded ground truth of \(who)", embedder: &embedder)
            }
            if let mate = strip.galleryMate {
                html += cell(mate, title: "Gallery mate", detail: nil, rankClass: nil, alt: "Gallery image of \(who)", embedder: &embedder)
            }
            html += "</div>\n</section>\n"
        }
        return html
    }

    private func cell(_ path: String, title: String, detail: String?, rankClass: String?, alt: String,
                      embedder: inout ImageEmbedder) -> String {
        let picture: String
        if let uri = embedder.dataURI(for: path) {
            picture = "<img src=\"\(uri)\" alt=\"\(HTML.escape(alt))\" width=\"104\" height=\"104\">"
        } else {
            picture = "<div class=\"missing\" role=\"img\" aria-label=\"Image missing: \(HTML.escape(path.split(separator: "/").last.map(String.init) ?? path))\">image missing</div>"
        }
        var caption = HTML.escape(title)
        if let detail {
            caption += "<span class=\"meta\(rankClass.map { " \($0)" } ?? "")\">\(HTML.escape(detail))</span>"
        }
        return "<figure class=\"cell\">\(picture)<figcaption>\(caption)</figcaption></figure>\n"
    }
}
