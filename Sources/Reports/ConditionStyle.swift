import Evaluation

/// Colour, dash and marker of a condition in charts: the Okabe–Ito palette (safe for the
/// common colour-vision deficiencies), with dashes and marker shapes so that lines stay
/// distinct in grey print too.
struct ConditionStyle: Equatable {
    enum Marker: CaseIterable { case circle, square, triangle, diamond }

    var color: String
    /// SVG `stroke-dasharray`, empty for solid.
    var dash: String
    var marker: Marker

    static let clean = ConditionStyle(color: "#000000", dash: "6 4", marker: .diamond)
    static let occluded = ConditionStyle(color: "#D55E00", dash: "", marker: .square)
    /// Okabe–Ito blue, bluish green, reddish purple, orange, sky blue.
    static let recoveredColors = ["#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
    static let recoveredMarkers: [Marker] = [.circle, .triangle, .circle, .triangle, .circle]

    /// Styles for `conditions`; a de-occluder keeps one colour across its conditions, dotted
    /// when scored with the original-trained model.
    static func styles(for conditions: [ConditionID]) -> [ConditionID: ConditionStyle] {
        var deoccluders: [String] = []
        for id in conditions { if let spec = id.deoccluder, !deoccluders.contains(spec) { deoccluders.append(spec) } }
        var styles: [ConditionID: ConditionStyle] = [:]
        for id in conditions {
            switch id.kind {
            case .clean: styles[id] = .clean
            case .occluded: styles[id] = .occluded
            case .recovered, .recoveredWithOriginalModel:
                let index = deoccluders.firstIndex(of: id.deoccluder ?? "") ?? 0
                styles[id] = ConditionStyle(
                    color: recoveredColors[index % recoveredColors.count],
                    dash: id.kind == .recovered ? "" : "2 3",
                    marker: recoveredMarkers[index % recoveredMarkers.count])
            }
        }
        return styles
    }

    /// SVG of this style's marker centred at (x, y).
    func markerSVG(x: Double, y: Double, title: String) -> String {
        let r = 4.5
        let shape: String
        switch marker {
        case .circle:
            shape = "<circle cx=\"\(HTML.coordinate(x))\" cy=\"\(HTML.coordinate(y))\" r=\"\(HTML.coordinate(r))\""
        case .square:
            shape = "<rect x=\"\(HTML.coordinate(x - r))\" y=\"\(HTML.coordinate(y - r))\" width=\"\(HTML.coordinate(2 * r))\" height=\"\(HTML.coordinate(2 * r))\""
        case .triangle:
            shape = "<polygon points=\"\(HTML.coordinate(x)),\(HTML.coordinate(y - r - 1)) \(HTML.coordinate(x + r + 1)),\(HTML.coordinate(y + r)) \(HTML.coordinate(x - r - 1)),\(HTML.coordinate(y + r))\""
        case .diamond:
            shape = "<polygon points=\"\(HTML.coordinate(x)),\(HTML.coordinate(y - r - 1)) \(HTML.coordinate(x + r + 1)),\(HTML.coordinate(y)) \(HTML.coordinate(x)),\(HTML.coordinate(y + r + 1)) \(HTML.coordinate(x - r - 1)),\(HTML.coordinate(y))\""
        }
        return shape + " fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"1.2\"><title>\(HTML.escape(title))</title>\(closingTag)"
    }

    /// A small legend swatch: a line segment with the marker.
    var swatchSVG: String {
        let dashAttribute = dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
        return "<svg class=\"swatch\" width=\"36\" height=\"14\" viewBox=\"0 0 36 14\" aria-hidden=\"true\">"
            + "<line x1=\"1\" y1=\"7\" x2=\"35\" y2=\"7\" stroke=\"\(color)\" stroke-width=\"2\"\(dashAttribute)/>"
            + markerSVG(x: 18, y: 7, title: "").replacingOccurrences(of: "<title></title>", with: "") + "</svg>"
    }

    private var closingTag: String {
        switch marker {
        case .circle: return "</circle>"
        case .square: return "</rect>"
        case .triangle, .diamond: return "</polygon>"
        }
    }
}
