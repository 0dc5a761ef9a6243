import FaceData
import Foundation
import Testing
import TestSupport
@testable import Evaluation

/// `unveil evaluate` end to end on a tiny synthetic protocol: every selected condition is
/// scored, the quality table has the occluded-input reference row, and a second run reuses
/// every cached stage and gives the same numbers.
@Test(.tags(.slow)) func studyRunsEndToEndAndResumesFromItsCache() throws {
    let folder = try Fixtures.temporaryDirectory("study")
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("data")
    _ = try SyntheticFaces.generate(SyntheticConfig(identities: 8, imagesPerIdentity: 4, size: 64, seed: 3), into: data)
    let config = ExperimentConfig(
        name: "tiny", protocolPath: data.path, deoccluders: ["pca", "inpaint:pca"],
        recognizer: RecognizerSettings(preset: .quick64, epochs: 1, batchSize: 8, learningRate: 0.01, seed: 1),
        bootstrapSamples: 100, stripCount: 2)
    let out = folder.appendingPathComponent("report")
    let first = try StudyRunner(config: config, outputFolder: out).run()

    let conditions = first.conditions.map(\.condition)
    #expect(conditions == [ConditionID(kind: .clean), ConditionID(kind: .occluded), .recovered("pca"), .recovered("inpaint:pca")])
    for result in first.conditions {
        #expect(result.ranks.map(\.rank) == [1, 2, 3, 4, 5])
        #expect(result.ranks.allSatisfy { $0.ciLow <= $0.rate && $0.rate <= $0.ciHigh })
        #expect(zip(result.ranks, result.ranks.dropFirst()).allSatisfy { $0.rate <= $1.rate }, "CMC must not decrease")
    }
    #expect(first.comparisons.count == 3)
    #expect(first.quality.map(\.deoccluder) == [QualityTable.occludedInput, "pca", "inpaint:pca"])
    #expect(first.strips.count == 2)
    for strip in first.strips {
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(strip.occluded).path))
    }
    let probesWithGroundTruth = first.setup.counts.probesWithGroundTruth
    #expect(first.identifications.filter { $0.condition == ConditionID(kind: .clean) }.count == probesWithGroundTruth)

    let second = try StudyRunner(config: config, outputFolder: out).run()
    #expect(second.conditions == first.conditions)
    #expect(second.quality == first.quality)
    let retrained = second.setup.stageTimes.filter { $0.stage.hasPrefix("train") && $0.seconds > 1 }
    #expect(retrained.isEmpty, "cached recognizers were trained again: \(retrained)")
}
