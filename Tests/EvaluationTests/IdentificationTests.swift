import Foundation
import Testing
import TensorCore
import TestSupport
@testable import Evaluation

@Suite struct IdentificationTests {
    /// Gallery rows: A, A, B, C. Probes: A, B, D (no mate), C, A. Row p = probe p.
    private let gallerySubjects = ["A", "A", "B", "C"]
    private let probeSubjects = ["A", "B", "D", "C", "A"]
    private let scores: [Float] = [
        0.9, 0.2, 0.5, 0.1,  // A: A 0.9 beats B 0.5, C 0.1 → rank 1
        0.7, 0.3, 0.7, 0.6,  // B: ties A at 0.7 → rank 2 (ties count against the mate)
        0.1, 0.2, 0.3, 0.4,  // D: no gallery mate
        0.8, 0.9, 0.1, 0.3,  // C: A scores max(0.8, 0.9) = 0.9 ≥ 0.3 → rank 2
        0.2, 0.4, 0.4, 0.4,  // A: max(0.2, 0.4) = 0.4 ties B and C → rank 3
    ]

    @Test func ranksOnAHandBuiltMatrixWithTiesAndMatelessProbes() throws {
        let outcomes = try Identification.rank(scores: scores, gallerySubjects: gallerySubjects, probeSubjects: probeSubjects)
        #expect(outcomes.map(\.rank) == [1, 2, nil, 2, 3])
        #expect(outcomes.map(\.mateScore) == [0.9, 0.7, nil, 0.3, 0.4])
        #expect(outcomes.map(\.bestOtherScore) == [0.5, 0.7, 0.4, 0.9, 0.4])
        #expect(outcomes.map(\.bestSubject) == ["A", "A", "C", "A", "B"], "ties go to the other subject")
    }

    @Test func cmcLeavesMatelessProbesOutOfTheDenominator() {
        let cmc = CMC.curve(ranks: [1, 2, nil, 2, 3], maxRank: 3)
        #expect(cmc.map(\.probes) == [4, 4, 4])
        #expect(cmc.map(\.hits) == [1, 3, 4])
        #expect(cmc.map(\.rate) == [0.25, 0.75, 1])
        #expect(cmc[0].interval == Statistics.wilsonInterval(successes: 1, trials: 4))
    }

    @Test func singleSubjectGalleryHasNoBestOther() throws {
        let outcomes = try Identification.rank(scores: [0.3, 0.1], gallerySubjects: ["A", "A"], probeSubjects: ["A"])
        #expect(outcomes == [ProbeOutcome(subject: "A", rank: 1, mateScore: 0.3, bestOtherScore: nil, bestSubject: "A")])
    }

    /// The sgemm path equals naive cosine similarities followed by the same ranking.
    @Test func cosineScoringThroughSgemmMatchesNaiveCosine() throws {
        let (galleryCount, probeCount, width) = (9, 7, 5)
        let gallery = TensorData(shape: [galleryCount, width], scalars: (0..<(galleryCount * width)).map { Float(($0 * 37) % 23) - 11 })
        let probes = TensorData(shape: [probeCount, width], scalars: (0..<(probeCount * width)).map { Float(($0 * 17) % 19) - 9 })
        let gallerySubjects = (0..<galleryCount).map { "s\($0 % 4)" }
        let probeSubjects = (0..<probeCount).map { "s\($0 % 5)" }  // s4 has no gallery row
        var naive = [Float](repeating: 0, count: probeCount * galleryCount)
        for p in 0..<probeCount {
            for g in 0..<galleryCount {
                var dot: Float = 0, np: Float = 0, ng: Float = 0
                for d in 0..<width {
                    let a = probes.scalars[p * width + d], b = gallery.scalars[g * width + d]
                    dot += a * b
                    np += a * a
                    ng += b * b
                }
                naive[p * galleryCount + g] = dot / (np.squareRoot() * ng.squareRoot())
            }
        }
        let fast = try Identification.identify(gallery: gallery, gallerySubjects: gallerySubjects, probes: probes, probeSubjects: probeSubjects)
        let slow = try Identification.rank(scores: naive, gallerySubjects: gallerySubjects, probeSubjects: probeSubjects)
        #expect(fast.map(\.rank) == slow.map(\.rank))
        #expect(fast.map(\.rank).contains(nil))
        for (a, b) in zip(fast, slow) {
            #expect(abs((a.mateScore ?? 0) - (b.mateScore ?? 0)) < Tolerance.kernel)
            #expect(abs((a.bestOtherScore ?? 0) - (b.bestOtherScore ?? 0)) < Tolerance.kernel)
        }
    }

    @Test func mismatchedShapesAreErrors() {
        let rows = TensorData(shape: [2, 3], scalars: [Float](repeating: 1, count: 6))
        #expect(throws: EvaluationError.embeddingWidthMismatch(gallery: 3, probe: 2)) {
            try Identification.identify(gallery: rows, gallerySubjects: ["a", "b"],
                                        probes: TensorData(shape: [3, 2], scalars: [Float](repeating: 1, count: 6)), probeSubjects: ["a", "b", "c"])
        }
        #expect(throws: EvaluationError.self) {
            try Identification.identify(gallery: rows, gallerySubjects: ["a"], probes: rows, probeSubjects: ["a", "b"])
        }
        #expect(throws: EvaluationError.self) { try Identification.rank(scores: [1, 2, 3], gallerySubjects: ["a", "b"], probeSubjects: ["a"]) }
        let empty = try? Identification.identify(gallery: TensorData(shape: [0, 3], scalars: []), gallerySubjects: [],
                                                 probes: rows, probeSubjects: ["a", "b"])
        #expect(empty?.map(\.rank) == [nil, nil])
    }

    @Test func runWritesCMCAndPerProbeTables() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = try writeInputs(in: folder)
        let result = try IdentificationRun.run(config)
        #expect(result.probesWithoutMate == 1)
        #expect(result.outcomes.map(\.rank) == [1, 2, nil])
        let cmc = try CSV.read(from: config.output)
        #expect(cmc.header == ["rank", "rate", "ci_low", "ci_high", "probes"])
        #expect(try cmc.column(named: "rate") == ["0.500000", "1.000000"])
        #expect(try cmc.column(named: "probes") == ["2", "2"])
        #expect(cmc.comments.first?.contains("Wilson") == true)
        #expect(cmc.comments.first?.contains("excluded): 1") == true)
        let records = try CSV.read(from: folder.appendingPathComponent("identification.csv"))
        #expect(records.header == ["path", "subject", "rank", "mate_score", "best_other_score"])
        #expect(try records.column(named: "rank") == ["1", "2", ""])
        #expect(try records.column(named: "path") == ["p/0.png", "p/1.png", "p/2.png"])
    }

    @Test func runRejectsMismatchedRowCounts() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = try writeInputs(in: folder)
        config.probeList = folder.appendingPathComponent("gallery.csv")
        #expect(throws: EvaluationError.embeddingCountMismatch(embeddings: config.probeEmbeddings.path, rows: 3,
                                                               list: config.probeList.path, listRows: 4)) {
            try IdentificationRun.run(config)
        }
    }

    @Test func runRejectsAProbeListWithoutSubjects() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = try writeInputs(in: folder)
        try CSV.write(CSVTable(header: ["path"], rows: [["a"], ["b"], ["c"]]), to: config.probeList)
        #expect(throws: CSVError.missingColumn(path: config.probeList.path, name: "subject", available: ["path"])) {
            try IdentificationRun.run(config)
        }
    }

    @Test func runRejectsProbesWithoutAnyMate() throws {
        let folder = try Fixtures.temporaryDirectory()
        let config = try writeInputs(in: folder)
        try CSV.write(CSVTable(header: ["path", "subject"], rows: [["a", "x"], ["b", "y"], ["c", "z"]]), to: config.probeList)
        #expect(throws: EvaluationError.noProbesWithMate(probeList: config.probeList.path, excluded: 3)) {
            try IdentificationRun.run(config)
        }
    }

    /// Gallery: 4 rows of subjects A, A, B, C (unit axes); probes near A, near B (but
    /// tied with C), and one of subject Z (no mate).
    private func writeInputs(in folder: URL) throws -> IdentificationConfig {
        let config = IdentificationConfig(
            galleryEmbeddings: folder.appendingPathComponent("gallery.npy"), galleryList: folder.appendingPathComponent("gallery.csv"),
            probeEmbeddings: folder.appendingPathComponent("probe.npy"), probeList: folder.appendingPathComponent("probe.csv"),
            maxRank: 2, output: folder.appendingPathComponent("cmc.csv"))
        try NPY.write(TensorData(shape: [4, 3], scalars: [1, 0, 0, 0.9, 0.1, 0, 0, 1, 0, 0, 1, 0]), to: config.galleryEmbeddings)
        try CSV.write(CSVTable(header: ["path", "subject"], rows: [["g0", "A"], ["g1", "A"], ["g2", "B"], ["g3", "C"]]), to: config.galleryList)
        try NPY.write(TensorData(shape: [3, 3], scalars: [2, 0.1, 0, 0, 3, 0, 0, 0, 1]), to: config.probeEmbeddings)
        try CSV.write(CSVTable(header: ["path", "subject"], rows: [["p/0.png", "A"], ["p/1.png", "B"], ["p/2.png", "Z"]]), to: config.probeList)
        return config
    }
}
