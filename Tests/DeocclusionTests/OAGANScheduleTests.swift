import Foundation
import Testing
@testable import Deocclusion

@Suite struct OAGANScheduleTests {
    @Test func startsAtTenToOneAndEndsAtOneToOne() {
        let schedule = AlternatingBatchSchedule(startRatio: 10, endRatio: 1, stepsPerRatio: 22)
        // First stage: ratio 10, cycles of 11 steps; 22 steps = two cycles.
        let first = (0..<22).map { schedule.kind(at: $0) }
        #expect(first.filter { $0 == .natural }.count == 2)
        #expect(first[10] == .natural && first[21] == .natural)
        #expect(schedule.ratio(at: 0) == 10)
        #expect(schedule.ratio(at: 22) == 9)
        // Far out the ratio is 1:1: batches alternate.
        let late = (10_000..<10_010).map { schedule.kind(at: $0) }
        #expect(late.filter { $0 == .natural }.count == 5)
        #expect(schedule.ratio(at: 10_000) == 1)
    }

    @Test func ratioNeverIncreasesAndNaturalShareGrows() {
        let schedule = AlternatingBatchSchedule(startRatio: 10, endRatio: 1, stepsPerRatio: 50)
        var previous = Int.max
        for step in 0..<2_000 {
            let r = schedule.ratio(at: step)
            #expect(r <= previous)
            previous = r
        }
        let early = (0..<100).filter { schedule.kind(at: $0) == .natural }.count
        let late = (1_900..<2_000).filter { schedule.kind(at: $0) == .natural }.count
        #expect(early < late)
    }

    @Test func ratioZeroMeansNaturalOnly() {
        let schedule = AlternatingBatchSchedule(startRatio: 0, endRatio: 0, stepsPerRatio: 1)
        #expect((0..<5).allSatisfy { schedule.kind(at: $0) == .natural })
    }
}

@Suite struct OAGANConfigTests {
    @Test func presetsValidateAndRoundTripThroughJSON() throws {
        for preset in OAGANConfig.Preset.allCases {
            let config = OAGANConfig(preset: preset)
            try config.validate()
            let data = try JSONEncoder().encode(config)
            let decoded = try JSONDecoder().decode(OAGANConfig.self, from: data)
            #expect(decoded == config)
        }
        #expect(OAGANConfig(preset: .paper).discriminatorFinalSize == 2)
        #expect(OAGANAttributes.paper.count == 10)
        #expect(OAGANAttributes.publicCode.count == 7)
    }

    @Test func badSizesAreRejectedWithTheFieldNamed() {
        var config = OAGANConfig(preset: .small)
        config.inputSize = 60
        #expect(throws: OAGANError.self) { try config.validate() }
        config = OAGANConfig(preset: .small)
        config.training.criticStepsPerGeneratorStep = 0
        do {
            try config.validate()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("criticStepsPerGeneratorStep"))
        }
        config = OAGANConfig(preset: .small)
        config.perceptual.poolingStages = 4
        #expect(throws: OAGANError.self) { try config.validate() }
        config = OAGANConfig(preset: .small)
        config.training.generatorWarmupSteps = -1
        do {
            try config.validate()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("generatorWarmupSteps"))
        }
    }
}
