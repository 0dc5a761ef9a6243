import Deocclusion
import Foundation
import Testing
import TestSupport
@testable import Evaluation

private func decodeConfig(_ json: String) throws -> ExperimentConfig {
    try JSONFile.decode(ExperimentConfig.self, from: Data(json.utf8), file: "experiment.json")
}

@Test func minimalConfigTakesDefaults() throws {
    let config = try decodeConfig(#"{"protocolPath": "protocols/synthetic", "deoccluders": ["oagan:m.safetensors"]}"#)
    #expect(config == ExperimentConfig(protocolPath: "protocols/synthetic", deoccluders: ["oagan:m.safetensors"]))
    #expect(config.recognizer.preset == .quick64)
    #expect(config.bootstrapSamples == 1000)
    try config.validate()
}

@Test func configRoundTripsThroughJSON() throws {
    let config = ExperimentConfig(
        name: "run2", protocolPath: "p", deoccluders: ["oagan:a", "inpaint", "command:'tool {input} {output}'"],
        recognizer: RecognizerSettings(preset: .full128, epochs: 7, batchSize: 64, learningRate: 0.003, seed: 11),
        oagan: OAGANSettings(epochs: 9, batchSize: 4, learningRate: 2e-4, perceptualNetwork: "none", seed: 12,
                             maskSupervision: 3, warmupFraction: 0.5, maskBias: -2, maskLoss: .crossEntropy,
                             freshOcclusions: true),
        conditions: ConditionSelection(clean: false, occluded: true, recovered: true, recoveredWithOriginalModel: true),
        bootstrapSamples: 500, seeds: StudySeeds(occlusion: 1, bootstrap: 2, strips: 3), stripCount: 2, areaBins: [0.25, 1])
    let decoded = try JSONFile.decode(ExperimentConfig.self, from: try JSONFile.encode(config), file: "x")
    #expect(decoded == config)
}

@Test func malformedConfigNamesTheJSONPath() throws {
    #expect(throws: StudyError.malformedJSON(file: "experiment.json", path: "protocolPath", reason: "missing key 'protocolPath'")) {
        try decodeConfig(#"{"deoccluders": []}"#)
    }
    do {
        _ = try decodeConfig(#"{"protocolPath": "p", "deoccluders": [], "recognizer": {"preset": "quick64", "epochs": "ten", "batchSize": 1, "learningRate": 0.1, "seed": 1}}"#)
        Issue.record("a string epoch count decoded")
    } catch let error as StudyError {
        guard case let .malformedJSON(file, path, _) = error else { Issue.record("\(error)"); return }
        #expect(file == "experiment.json")
        #expect(path == "recognizer.epochs")
        #expect(!error.description.contains("\n"))
    }
    do {
        _ = try decodeConfig(#"{"protocolPath": "p", "deoccluders": ["a", 3]}"#)
        Issue.record("a number de-occluder decoded")
    } catch let StudyError.malformedJSON(_, path, _) {
        #expect(path == "deoccluders[1]")
    }
}

@Test func unknownPresetIsAnError() throws {
    #expect(throws: StudyError.self) {
        try decodeConfig(#"{"protocolPath": "p", "deoccluders": [], "recognizer": {"preset": "huge", "epochs": 1, "batchSize": 1, "learningRate": 0.1, "seed": 1}}"#)
    }
}

/// Each invalid configuration with the field its error must name.
private let invalidConfigs: [(String, @Sendable (inout ExperimentConfig) -> Void)] = [
    ("name", { $0.name = "a/b" }),
    ("protocolPath", { $0.protocolPath = "" }),
    ("deoccluders", { $0.deoccluders = ["inpaint", "inpaint"] }),
    ("deoccluders[1]", { $0.deoccluders = ["inpaint", ""] }),
    ("deoccluders", { $0.deoccluders = [] }),
    ("bootstrapSamples", { $0.bootstrapSamples = 10 }),
    ("stripCount", { $0.stripCount = -1 }),
    ("areaBins", { $0.areaBins = [0.3, 0.2, 1] }),
    ("areaBins", { $0.areaBins = [0.5, 1.5] }),
    ("recognizer.epochs", { $0.recognizer.epochs = 0 }),
    ("recognizer.batchSize", { $0.recognizer.batchSize = 0 }),
    ("recognizer.learningRate", { $0.recognizer.learningRate = -1 }),
    ("oagan.epochs", { $0.oagan.epochs = 0 }),
    ("oagan.batchSize", { $0.oagan.batchSize = 0 }),
    ("oagan.learningRate", { $0.oagan.learningRate = .infinity }),
    ("oagan.maskSupervision", { $0.oagan.maskSupervision = -1 }),
    ("oagan.warmupFraction", { $0.oagan.warmupFraction = 1 }),
]

@Test(arguments: invalidConfigs.indices)
func invalidConfigIsRejectedNamingTheField(_ index: Int) {
    let (field, mutate) = invalidConfigs[index]
    var config = ExperimentConfig(protocolPath: "p", deoccluders: ["inpaint"])
    mutate(&config)
    do {
        try config.validate()
        Issue.record("config with bad \(field) validated")
    } catch let StudyError.invalidConfig(reported, reason) {
        #expect(reported == field, "\(reason)")
    } catch {
        Issue.record("unexpected \(error)")
    }
}

@Test func loadReadsAndValidatesAFile() throws {
    let folder = try Fixtures.temporaryDirectory()
    let url = folder.appendingPathComponent("experiment.json")
    try Data(#"{"protocolPath": "p", "deoccluders": ["inpaint"], "bootstrapSamples": 5}"#.utf8).write(to: url)
    #expect(throws: StudyError.invalidConfig(field: "bootstrapSamples", reason: "must be at least 100 (got 5)")) {
        try ExperimentConfig.load(from: url)
    }
    #expect(throws: StudyError.self) { try ExperimentConfig.load(from: folder.appendingPathComponent("absent.json")) }
}

@Test func selectedConditionsComeInReportOrder() {
    let all = ConditionSelection(clean: true, occluded: true, recovered: true, recoveredWithOriginalModel: true)
    #expect(all.conditions(deoccluders: ["a", "b"]) == [
        .clean, .occluded, .recovered("a"), .recoveredWithOriginalModel("a"), .recovered("b"), .recoveredWithOriginalModel("b"),
    ])
    #expect(ConditionSelection(clean: false).conditions(deoccluders: []) == [.occluded])
}

@Test func rankFlipFollowsBothOutcomes() {
    #expect(RankFlip(baselineCorrect: false, conditionCorrect: true) == .fixed)
    #expect(RankFlip(baselineCorrect: true, conditionCorrect: false) == .broken)
    #expect(RankFlip(baselineCorrect: true, conditionCorrect: true) == .unchanged)
    #expect(RankFlip(baselineCorrect: false, conditionCorrect: false) == .unchanged)
}

@Test func areaBinLabelsArePercentRanges() {
    #expect(BreakdownRow.areaBinLabel(lower: 0, upper: 0.1) == "0-10%")
    #expect(BreakdownRow.areaBinLabel(lower: 0.3, upper: 1) == "30-100%")
}

@Test func partialSectionsTakeTheirDefaults() throws {
    let config = try decodeConfig(#"""
        {"protocolPath": "p", "deoccluders": ["inpaint"], "recognizer": {"epochs": 4}, "oagan": {"perceptualNetwork": "none"},
         "conditions": {"clean": false}, "seeds": {"bootstrap": 99}}
        """#)
    #expect(config.recognizer == RecognizerSettings(epochs: 4))
    #expect(config.oagan == OAGANSettings(perceptualNetwork: "none"))
    #expect(config.conditions == ConditionSelection(clean: false))
    #expect(config.seeds == StudySeeds(bootstrap: 99))
}

@Test func fractionsFallInTheirAreaBins() {
    let edges = [0.1, 0.2, 0.3, 1.0]
    #expect(BreakdownRow.areaBinLabel(for: 0, upperEdges: edges) == "0-10%")
    #expect(BreakdownRow.areaBinLabel(for: 0.1, upperEdges: edges) == "0-10%")
    #expect(BreakdownRow.areaBinLabel(for: 0.15, upperEdges: edges) == "10-20%")
    #expect(BreakdownRow.areaBinLabel(for: 0.9, upperEdges: edges) == "30-100%")
    #expect(BreakdownRow.areaBinLabel(for: 1.2, upperEdges: [0.5]) == "0-50%")
}
