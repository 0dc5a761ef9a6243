import Foundation
import Testing
import TestSupport
@testable import Evaluation

@Test func fixtureResultsDecodeAndRoundTrip() throws {
    let results = try JSONFile.read(StudyResults.self, from: Fixtures.url("reports/results.json"))
    #expect(results.formatVersion == StudyResults.currentFormatVersion)
    #expect(results.conditions.count == 5)
    #expect(results.identifications.count == 5 * results.setup.counts.probeImages)
    let inpaint = try #require(results.quality.first { $0.deoccluder == "inpaint" })
    #expect(inpaint.visible?.psnr == .infinity)  // written as the string "inf"
    #expect(inpaint.maskIoU == nil)
    let encoded = try JSONFile.encode(results)
    #expect(String(decoding: encoded, as: UTF8.self).contains("\"inf\""))
    #expect(try JSONFile.decode(StudyResults.self, from: encoded, file: "copy") == results)
}

@Test func malformedResultsNameTheJSONPath() throws {
    let data = try Data(contentsOf: Fixtures.url("reports/results.json"))
    var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var conditions = try #require(object["conditions"] as? [[String: Any]])
    var ranks = try #require(conditions[2]["ranks"] as? [[String: Any]])
    ranks[1]["rate"] = "high"
    conditions[2]["ranks"] = ranks
    object["conditions"] = conditions
    let broken = try JSONSerialization.data(withJSONObject: object)
    do {
        _ = try JSONFile.decode(StudyResults.self, from: broken, file: "results.json")
        Issue.record("a string rate decoded")
    } catch let error as StudyError {
        guard case let .malformedJSON(file, path, _) = error else { Issue.record("\(error)"); return }
        #expect(file == "results.json")
        #expect(path == "conditions[2].ranks[1].rate")
        #expect(error.description.hasPrefix("results.json: malformed JSON at conditions[2].ranks[1].rate"))
    }
    #expect(throws: StudyError.malformedJSON(file: "t.json", path: "", reason: "The given data was not valid JSON.")) {
        try JSONFile.decode(StudyResults.self, from: Data("{not json".utf8), file: "t.json")
    }
}

@Test func stageTimerRecordsStagesInOrderEvenWhenOneThrows() throws {
    struct Failure: Error {}
    var timer = StageTimer()
    let value = timer.measure("first") { 42 }
    #expect(value == 42)
    timer.record("cached stage", seconds: 1.5, cached: true)
    #expect(throws: Failure.self) { try timer.measure("failing") { throw Failure() } }
    #expect(timer.stages.map(\.stage) == ["first", "cached stage", "failing"])
    #expect(timer.stages.map(\.cached) == [false, true, false])
    #expect(timer.stages.allSatisfy { $0.seconds >= 0 })
    #expect(timer.totalSeconds >= 1.5)
}
