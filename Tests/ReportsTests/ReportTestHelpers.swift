import Foundation
@testable import Evaluation
@testable import Reports
import TestSupport

/// The fixture results and a report built from them in a fresh folder.
struct FixtureReport {
    let results: StudyResults
    let output: ReportOutput
    let html: String

    init() throws {
        results = try ReportBuilder.load(from: Fixtures.url("reports/results.json"))
        output = try ReportBuilder.write(results, to: try Fixtures.temporaryDirectory("unveil-report"),
                                         imageRoot: Fixtures.url("reports"))
        html = try String(contentsOf: output.folder.appendingPathComponent("index.html"), encoding: .utf8)
    }

    func csv(_ name: String) throws -> [[String]] {
        try CSVReader.parse(String(contentsOf: output.folder.appendingPathComponent(name), encoding: .utf8))
    }
}

/// A minimal RFC 4180 reader for checking the written files (quoted fields, doubled quotes).
enum CSVReader {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, afterQuote = false
        for character in text {
            if quoted {
                if character == "\"" { quoted = false; afterQuote = true } else { field.append(character) }
                continue
            }
            switch character {
            case "\"":
                if afterQuote { field.append("\"") }
                quoted = true
                afterQuote = false
            case ",": row.append(field); field = ""; afterQuote = false
            case "\n": row.append(field); rows.append(row); row = []; field = ""; afterQuote = false
            default: field.append(character); afterQuote = false
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

/// Checks that every opened element is closed in order (void elements excepted); returns
/// the first problem, or nil. Contents of `<style>` are skipped.
enum TagBalance {
    static let voidElements: Set<String> = ["meta", "img", "br", "hr", "link", "input", "col", "source", "wbr"]

    static func firstProblem(in html: String) -> String? {
        var stack: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            guard let close = rest.firstIndex(of: ">") else { return "unterminated tag" }
            let tag = rest[..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }  // doctype, comments
            let isClosing = tag.hasPrefix("/")
            let name = (isClosing ? tag.dropFirst() : tag).prefix { $0.isLetter || $0.isNumber }.lowercased()
            if isClosing {
                guard let last = stack.popLast() else { return "</\(name)> closes nothing" }
                guard last == name else { return "</\(name)> closes <\(last)>" }
            } else if !voidElements.contains(name) && !tag.hasSuffix("/") {
                stack.append(name)
                if name == "style", let end = rest.range(of: "</style>") { rest = rest[end.lowerBound...] }
            }
        }
        return stack.isEmpty ? nil : "unclosed <\(stack.last!)>"
    }
}
