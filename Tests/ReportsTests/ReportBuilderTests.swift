import Foundation
import Testing
import TestSupport
@testable import Evaluation
@testable import Reports

@Test func reportFolderHoldsThePageEveryCSVAndResults() throws {
    let report = try FixtureReport()
    let names = report.output.files.map(\.lastPathComponent)
    #expect(names == ["index.html", "summary.csv", "cmc.csv", "quality.csv", "breakdown.csv", "identification.csv", "results.json"])
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: report.output.folder.path).filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
}

@Test func csvHeadersAreExact() throws {
    let report = try FixtureReport()
    #expect(try report.csv("cmc.csv").first == ["condition", "deoccluder", "rank", "rate", "ci_low", "ci_high", "probes"])
    #expect(try report.csv("quality.csv").first == ["deoccluder", "images", "psnr", "ssim", "psnr_occluded", "ssim_occluded",
                                                     "psnr_visible", "ssim_visible", "mask_iou"])
    #expect(try report.csv("identification.csv").first == ["probe", "subject", "occluder", "occluded_fraction", "condition",
                                                            "deoccluder", "mate_rank", "predicted_subject", "rank1_correct", "flip"])
    #expect(try report.csv("summary.csv").first == ReportTables.summaryHeader)
    #expect(try report.csv("breakdown.csv").first == ["dimension", "group", "condition", "deoccluder", "probes", "rank1", "psnr", "ssim"])
}

@Test func csvRowCountsFollowTheResults() throws {
    let report = try FixtureReport()
    let r = report.results
    #expect(try report.csv("cmc.csv").count == 1 + r.conditions.reduce(0) { $0 + $1.ranks.count })
    #expect(try report.csv("quality.csv").count == 1 + r.quality.count)
    #expect(try report.csv("identification.csv").count == 1 + r.identifications.count)
    #expect(try report.csv("summary.csv").count == 1 + r.conditions.count)
    #expect(try report.csv("breakdown.csv").count == 1 + r.breakdowns.count)
    for (_, table) in ReportTables.all(r) {
        #expect(table.rows.allSatisfy { $0.count == table.header.count })
    }
}

@Test(arguments: ["summary.csv", "cmc.csv", "quality.csv", "breakdown.csv", "identification.csv"])
func everyNumberOfTheCSVAppearsInThePage(_ file: String) throws {
    let report = try FixtureReport()
    let rows = try report.csv(file)
    var checked = 0
    for row in rows.dropFirst() {
        for field in row where Double(field) != nil || field == "inf" {
            #expect(report.html.contains(field), "\(file): \(field) is not on the page")
            checked += 1
        }
    }
    #expect(checked > 0)
}

@Test func pageIsSelfContainedAndWellFormed() throws {
    let html = try FixtureReport().html
    #expect(TagBalance.firstProblem(in: html) == nil, "\(TagBalance.firstProblem(in: html) ?? "")")
    #expect(!html.lowercased().contains("http"), "the page names an external URL")
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("<link"))
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<meta name=\"viewport\""))
    #expect(html.contains("@media print"))
    #expect(html.contains("<svg class=\"chart\""))
}

@Test func pageIsAccessible() throws {
    let html = try FixtureReport().html
    #expect(html.contains("<th scope=\"col\""))
    #expect(html.contains("<th scope=\"row\""))
    #expect(html.contains("<caption class=\"visually-hidden\">"))
    #expect(html.contains("role=\"img\" aria-labelledby=\"cmc-title cmc-desc\""))
    // Every image has a non-empty alt text.
    let images = html.components(separatedBy: "<img ").dropFirst()
    #expect(!images.isEmpty)
    for image in images { #expect(!image.hasPrefix("alt=\"\"") && image.contains(" alt=\"") && !image.contains(" alt=\"\"")) }
}

@Test func stripImagesAreDataURIsAndAMissingOneIsAPlaceholder() throws {
    let report = try FixtureReport()
    let strips = report.results.strips
    let paths = strips.flatMap { s in [s.occluded, s.predictedMask, s.groundTruth, s.galleryMate].compactMap { $0 } + s.recovered.map(\.image) }
    let missing = paths.filter { !FileManager.default.fileExists(atPath: Fixtures.url("reports").appendingPathComponent($0).path) }
    #expect(missing == ["images/missing_gallery.png"])
    #expect(report.html.components(separatedBy: "src=\"data:image/png;base64,").count - 1 == paths.count - missing.count)
    #expect(report.html.components(separatedBy: "class=\"missing\"").count - 1 == 1)
    #expect(report.output.warnings.count == 1)
    #expect(report.output.warnings.first?.contains("missing_gallery.png") == true)
}

@Test func resultsJSONRoundTripsAndReRendersToTheSamePage() throws {
    let report = try FixtureReport()
    let written = report.output.folder.appendingPathComponent("results.json")
    let reread = try ReportBuilder.load(from: written)
    #expect(reread.conditions == report.results.conditions)
    #expect(reread.identifications == report.results.identifications)
    #expect(reread.quality == report.results.quality)
    #expect(reread.setup == report.results.setup)
    // Image paths were rebased onto the new folder, so a re-render finds the same images.
    let again = try ReportBuilder.rerender(from: written, to: try Fixtures.temporaryDirectory("unveil-rerender"))
    #expect(try String(contentsOf: again.folder.appendingPathComponent("index.html"), encoding: .utf8) == report.html)
    for name in ["cmc.csv", "summary.csv", "quality.csv", "identification.csv", "breakdown.csv"] {
        #expect(try Data(contentsOf: again.folder.appendingPathComponent(name)) == Data(contentsOf: report.output.folder.appendingPathComponent(name)))
    }
}

@Test func malformedResultsGiveAOneLineErrorWithTheJSONPath() throws {
    let folder = try Fixtures.temporaryDirectory()
    let url = folder.appendingPathComponent("results.json")
    var text = try String(contentsOf: Fixtures.url("reports/results.json"), encoding: .utf8)
    text = text.replacingOccurrences(of: "\"probeImages\": 12", with: "\"probeImages\": \"twelve\"")
    try AtomicFile.write(text, to: url)
    do {
        try ReportBuilder.rerender(from: url, to: folder.appendingPathComponent("out"))
        Issue.record("malformed results rendered")
    } catch {
        let message = "\(error)"
        #expect(message.contains(url.path))
        #expect(message.contains("setup.counts.probeImages"))
        #expect(!message.contains("\n"))
    }
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
}

@Test func newerFormatAndEmptyResultsAreRefused() throws {
    let folder = try Fixtures.temporaryDirectory()
    var results = try ReportBuilder.load(from: Fixtures.url("reports/results.json"))
    results.formatVersion = StudyResults.currentFormatVersion + 1
    let newer = folder.appendingPathComponent("newer.json")
    try JSONFile.write(results, to: newer)
    #expect(throws: ReportError.unsupportedFormatVersion(file: newer.path, found: 2, supported: 1)) {
        try ReportBuilder.load(from: newer)
    }
    results.formatVersion = StudyResults.currentFormatVersion
    results.conditions = []
    let empty = folder.appendingPathComponent("empty.json")
    try JSONFile.write(results, to: empty)
    #expect(throws: ReportError.noConditions(file: empty.path)) { try ReportBuilder.load(from: empty) }
    #expect(throws: ReportError.noConditions(file: "results")) { try ReportBuilder.write(results, to: folder, imageRoot: folder) }
}

@Test func terminalSummaryHasOneLinePerCondition() throws {
    let results = try ReportBuilder.load(from: Fixtures.url("reports/results.json"))
    let lines = SummaryLine.terminalLines(of: results)
    #expect(lines.count == results.conditions.count)
    #expect(lines[0].hasPrefix("clean "))
    let summary = try #require(ReportTables.summary(results).rows.first { $0[0] == "recovered" && $0[1] == "inpaint" })
    let inpaintLine = try #require(lines.first { $0.hasPrefix("inpaint ") })
    #expect(inpaintLine.contains("rank-1 \(summary[4])"))
    #expect(inpaintLine.contains("PSNR \(summary[14])"))
}

@Test func minimalResultsRenderWithNotesInsteadOfTables() throws {
    var results = try ReportBuilder.load(from: Fixtures.url("reports/results.json"))
    results.conditions = [results.conditions[1]]  // occluded only
    results.comparisons = []
    results.identifications = results.identifications.filter { $0.condition == .occluded }
    results.quality = []
    results.breakdowns = []
    results.strips = []
    results.setup.models = []
    results.setup.stageTimes = []
    let output = try ReportBuilder.write(results, to: try Fixtures.temporaryDirectory(), imageRoot: Fixtures.url("reports"))
    let html = try String(contentsOf: output.folder.appendingPathComponent("index.html"), encoding: .utf8)
    #expect(TagBalance.firstProblem(in: html) == nil)
    #expect(html.contains("No condition was compared with the occluded probes."))
    #expect(html.contains("No de-occluder output was scored against ground truth."))
    #expect(html.contains("No image strips were sampled."))
    #expect(output.warnings.isEmpty)
    #expect(try String(contentsOf: output.folder.appendingPathComponent("quality.csv"), encoding: .utf8) == ReportTables.qualityHeader.joined(separator: ",") + "\n")
}

@Test func reRenderingInPlaceKeepsResultsAndImages() throws {
    let report = try FixtureReport()
    let url = report.output.folder.appendingPathComponent("results.json")
    let before = try Data(contentsOf: url)
    let again = try ReportBuilder.rerender(from: url, to: report.output.folder)
    #expect(try Data(contentsOf: url) == before)
    #expect(try String(contentsOf: again.folder.appendingPathComponent("index.html"), encoding: .utf8) == report.html)
}
