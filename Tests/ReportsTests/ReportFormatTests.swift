import TensorCore
import Foundation
import TestSupport
import Testing
@testable import Evaluation
@testable import Reports

@Test(arguments: [
    (0.8126, Quantity.rate, "0.813"), (1.0, .rate, "1.000"), (0.125, .difference, "+0.125"), (-0.05, .difference, "-0.050"),
    (-0.0001, .difference, "0.000"), (0.0, .difference, "0.000"), (0.0312, .pValue, "0.031"), (2.34e-5, .pValue, "2.3e-05"),
    (1.0, .pValue, "1.000"), (27.3149, .psnr, "27.31"), (Double.infinity, .psnr, "inf"), (0.81234, .ssim, "0.8123"),
    (0.7123, .iou, "0.712"), (0.2151, .fraction, "0.215"), (83.51, .seconds, "83.5"), (Double.nan, .ssim, "nan"),
])
func numbersHaveOneFormatPerQuantity(_ value: Double, _ quantity: Quantity, _ expected: String) {
    #expect(ReportFormat.string(value, as: quantity) == expected)
}

@Test func missingValuesAreEmptyFields() {
    for quantity in Quantity.allCases { #expect(ReportFormat.string(nil, as: quantity) == "") }
    #expect(ReportFormat.string(12) == "12")
}

@Test func csvQuotesOnlyWhereNeeded() {
    let table = CSVTable(header: ["a", "b"], rows: [["plain", "with,comma"], ["say \"hi\"", "two\nlines"]])
    #expect(CSV.encode(table) == "a,b\nplain,\"with,comma\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n")
    #expect(CSVReader.parse(CSV.encode(table)) == [table.header] + table.rows)
}

@Test func htmlEscapingCoversMarkupCharacters() {
    #expect(HTML.escape("<a href=\"x\">Tom & Jerry's</a>") == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
}

@Test func tagBalanceCheckFindsProblems() {
    #expect(TagBalance.firstProblem(in: "<p>a<br><img src=x></p>") == nil)
    #expect(TagBalance.firstProblem(in: "<p><b>a</p></b>") != nil)
    #expect(TagBalance.firstProblem(in: "<div>") != nil)
}

@Test func relativePathsClimbOutOfTheReportFolder() {
    #expect(ImagePaths.relativePath(of: "/data/run/images/a.png", from: "/data/reports/demo") == "../../run/images/a.png")
    #expect(ImagePaths.relativePath(of: "/data/reports/demo/a.png", from: "/data/reports/demo") == "a.png")
}

@Test func deoccluderLabelsAreShortUnlessAmbiguous() throws {
    var results = try ReportBuilder.load(from: Fixtures.url("reports/results.json"))
    #expect(ConditionLabels(results).condition(.recovered("oagan:models/oagan.safetensors")) == "oagan")
    #expect(ConditionLabels(results).condition(.recoveredWithOriginalModel("inpaint")) == "inpaint · original model")
    results.setup.config.deoccluders = ["oagan:a/first.safetensors", "oagan:b/second.safetensors"]
    let labels = ConditionLabels(results)
    #expect(labels.deoccluder("oagan:a/first.safetensors") == "oagan (first.safetensors)")
    #expect(labels.model(.recovered("oagan:b/second.safetensors")) == "oagan (second.safetensors) output")
    #expect(labels.model(.occluded) == "original")
}

@Test func chartAxisStartsBelowEveryInterval() {
    let low = ConditionResult(condition: .occluded, probes: 10, ranks: [RankRate(rank: 1, rate: 0.4, ciLow: 0.23, ciHigh: 0.6)])
    let high = ConditionResult(condition: .clean, probes: 10, ranks: [RankRate(rank: 1, rate: 0.95, ciLow: 0.81, ciHigh: 1)])
    let results = try? ReportBuilder.load(from: Fixtures.url("reports/results.json"))
    guard let results else { Issue.record("fixture"); return }
    let labels = ConditionLabels(results)
    #expect(CMCChart(conditions: [low, high], labels: labels).yRange().low == 0.2)
    let (start, step) = CMCChart(conditions: [high], labels: labels).yRange()
    #expect(abs(start - 0.8) < 1e-9 && abs(step - 0.05) < 1e-9)
}
