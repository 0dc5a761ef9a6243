/// Small helpers for writing HTML as text: escaping and accessible tables.
enum HTML {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, safe in element content and quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A table cell of a table built by `table`.
    struct Cell {
        /// Inner HTML, already escaped.
        var html: String
        /// Right-aligned, tabular figures.
        var numeric: Bool = false
        /// A row header (`<th scope="row">`).
        var isRowHeader: Bool = false

        /// A text cell (escaped).
        static func text(_ text: String) -> Cell { Cell(html: HTML.escape(text)) }
        /// A row-header cell (escaped).
        static func header(_ text: String) -> Cell { Cell(html: HTML.escape(text), isRowHeader: true) }
        /// A number already formatted by `ReportFormat`; empty becomes a dash.
        static func number(_ text: String) -> Cell { Cell(html: text.isEmpty ? "&#8211;" : HTML.escape(text), numeric: true) }
    }

    /// An accessible table in a horizontally scrolling wrapper: caption, column headers with
    /// `scope="col"`, row headers with `scope="row"`.
    /// `headerGroups`, when given, adds a first header row of (title, column span) groups.
    static func table(caption: String, headers: [String], headerGroups: [(title: String, span: Int)] = [],
                      numericColumns: Set<Int> = [], rows: [[Cell]], className: String = "") -> String {
        // The visible caption is a paragraph outside the scrolling wrapper, so it wraps to the
        // screen on narrow displays; the table's own caption, for screen readers, is hidden.
        var html = "<p class=\"caption\" aria-hidden=\"true\">\(escape(caption))</p>\n"
        html += "<div class=\"table-wrap\"><table\(className.isEmpty ? "" : " class=\"\(className)\"")>\n<caption class=\"visually-hidden\">\(escape(caption))</caption>\n<thead>"
        if !headerGroups.isEmpty {
            html += "<tr class=\"groups\">"
            for group in headerGroups {
                let span = group.span > 1 ? " colspan=\"\(group.span)\"" : ""
                html += group.title.isEmpty ? "<td\(span)></td>" : "<th scope=\"colgroup\"\(span)>\(escape(group.title))</th>"
            }
            html += "</tr>"
        }
        html += "<tr>"
        for (index, header) in headers.enumerated() {
            html += "<th scope=\"col\"\(numericColumns.contains(index) ? " class=\"num\"" : "")>\(escape(header))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>"
            for cell in row {
                if cell.isRowHeader {
                    html += "<th scope=\"row\">\(cell.html)</th>"
                } else {
                    html += "<td\(cell.numeric ? " class=\"num\"" : "")>\(cell.html)</td>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }

    /// A value with its interval below it: `0.812` / `[0.750, 0.860]`.
    static func valueWithInterval(_ value: String, _ low: String, _ high: String) -> String {
        "\(escape(value))<span class=\"ci\">[\(escape(low)), \(escape(high))]</span>"
    }

    /// An SVG coordinate with at most two decimals: `12`, `12.5`, `12.34`.
    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
