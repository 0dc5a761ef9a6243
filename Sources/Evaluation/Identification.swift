import Dispatch
import TensorCore

/// Closed-set identification of probes against a gallery by cosine similarity.
///
/// A subject's score for a probe is the maximum over that subject's gallery rows; the
/// rank of the probe's mate is 1 + the number of *other* subjects scoring ≥ the mate's
/// score (ties count against the mate, as bob.measure and OpenBR do). Probes whose
/// subject has no gallery row get no rank and are left out of the CMC.
public enum Identification {
    /// Largest score block (probes × gallery floats) one sgemm fills: 10,000 × 10,000 is
    /// one call; larger problems are scored in blocks of probes.
    public static let maximumBlockScores = 128 * 1024 * 1024

    /// Ranks every probe. Embeddings are L2-normalised (an all-zero row stays zero), then
    /// all cosine similarities come from one `Gemm.sgemm` (per block of probes).
    /// - Shape: `gallery` `[G, D]`, `probes` `[P, D]`; subjects `[G]`, `[P]` → `[P]`
    public static func identify(gallery: TensorData, gallerySubjects: [String],
                                probes: TensorData, probeSubjects: [String]) throws -> [ProbeOutcome] {
        guard gallery.shape.count == 2 else { throw EvaluationError.embeddingsNotMatrix(path: "gallery", shape: gallery.shape) }
        guard probes.shape.count == 2 else { throw EvaluationError.embeddingsNotMatrix(path: "probes", shape: probes.shape) }
        guard gallery.shape[1] == probes.shape[1] else {
            throw EvaluationError.embeddingWidthMismatch(gallery: gallery.shape[1], probe: probes.shape[1])
        }
        guard gallerySubjects.count == gallery.shape[0], probeSubjects.count == probes.shape[0] else {
            throw EvaluationError.invalidArgument(
                "identify: \(gallerySubjects.count) gallery subjects for \(gallery.shape[0]) rows, \(probeSubjects.count) probe subjects for \(probes.shape[0]) rows")
        }
        let (galleryCount, probeCount, width) = (gallery.shape[0], probes.shape[0], gallery.shape[1])
        guard width > 0 else { throw EvaluationError.invalidArgument("identify: embeddings have no features") }
        guard galleryCount > 0 else {
            return probeSubjects.map { ProbeOutcome(subject: $0, rank: nil, mateScore: nil, bestOtherScore: nil) }
        }
        let galleryRows = l2Normalized(gallery.scalars, width: width)  // (G, D)
        let probeRows = l2Normalized(probes.scalars, width: width)  // (P, D)
        let subjects = SubjectIndex(gallerySubjects: gallerySubjects)
        var outcomes: [ProbeOutcome] = []
        outcomes.reserveCapacity(probeCount)
        let block = max(1, min(probeCount, maximumBlockScores / max(galleryCount, 1)))
        var scores = [Float](repeating: 0, count: block * galleryCount)  // (block, G)
        for start in stride(from: 0, to: probeCount, by: block) {
            let rows = min(block, probeCount - start)
            probeRows.withUnsafeBufferPointer { p in
                galleryRows.withUnsafeBufferPointer { g in
                    scores.withUnsafeMutableBufferPointer { s in
                        Gemm.sgemm(transposeA: false, transposeB: true, m: rows, n: galleryCount, k: width,
                                   a: p.baseAddress! + start * width, lda: width,
                                   b: g.baseAddress!, ldb: width,
                                   c: s.baseAddress!, ldc: galleryCount)
                    }
                }
            }
            outcomes += rank(scores: scores, probeCount: rows, subjects: subjects,
                             probeSubjects: Array(probeSubjects[start..<start + rows]))
        }
        return outcomes
    }

    /// Ranks probes given their similarity scores against every gallery row.
    /// - Shape: `scores` `[P, G]` (row p = probe p), `gallerySubjects` `[G]`, `probeSubjects` `[P]` → `[P]`
    public static func rank(scores: [Float], gallerySubjects: [String], probeSubjects: [String]) throws -> [ProbeOutcome] {
        guard scores.count == gallerySubjects.count * probeSubjects.count else {
            throw EvaluationError.invalidArgument(
                "rank: \(scores.count) scores for \(probeSubjects.count) probes × \(gallerySubjects.count) gallery rows")
        }
        return rank(scores: scores, probeCount: probeSubjects.count,
                    subjects: SubjectIndex(gallerySubjects: gallerySubjects), probeSubjects: probeSubjects)
    }

    /// Gallery subjects numbered 0..<S in order of first appearance.
    struct SubjectIndex {
        let names: [String]
        let idOfName: [String: Int]
        let idOfRow: [Int]  // (G)

        init(gallerySubjects: [String]) {
            var ids: [String: Int] = [:], names: [String] = []
            idOfRow = gallerySubjects.map { name in
                if let id = ids[name] { return id }
                ids[name] = names.count
                names.append(name)
                return names.count - 1
            }
            self.names = names
            idOfName = ids
        }
    }

    private static func rank(scores: [Float], probeCount: Int, subjects: SubjectIndex, probeSubjects: [String]) -> [ProbeOutcome] {
        let galleryCount = subjects.idOfRow.count, subjectCount = subjects.names.count
        let mates = probeSubjects.map { subjects.idOfName[$0] }
        var ranks = [Int](repeating: 0, count: probeCount)
        var mateScores = [Float](repeating: .nan, count: probeCount)
        var bestOthers = [Float](repeating: -.infinity, count: probeCount)
        var bestOtherIDs = [Int](repeating: -1, count: probeCount)
        let mateIDs = mates.map { $0 ?? -1 }
        let chunks = min(probeCount, 64)
        scores.withUnsafeBufferPointer { scoreBuffer in
            subjects.idOfRow.withUnsafeBufferPointer { idBuffer in
                ranks.withUnsafeMutableBufferPointer { rankBuffer in
                    mateScores.withUnsafeMutableBufferPointer { mateBuffer in
                        bestOthers.withUnsafeMutableBufferPointer { otherBuffer in
                          bestOtherIDs.withUnsafeMutableBufferPointer { otherIDBuffer in
                            nonisolated(unsafe) let (s, ids, r, m, o) = (scoreBuffer, idBuffer, rankBuffer, mateBuffer, otherBuffer)
                            nonisolated(unsafe) let oid = otherIDBuffer
                            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                                let subjectScores = UnsafeMutableBufferPointer<Float>.allocate(capacity: subjectCount)  // (S)
                                defer { subjectScores.deallocate() }
                                for probe in stride(from: chunk, to: probeCount, by: chunks) {
                                    subjectScores.initialize(repeating: -.infinity)
                                    let row = probe * galleryCount
                                    for g in 0..<galleryCount {
                                        let id = ids[g], score = s[row + g]
                                        if score > subjectScores[id] { subjectScores[id] = score }
                                    }
                                    let mate = mateIDs[probe]
                                    let mateScore = mate >= 0 ? subjectScores[mate] : Float.infinity
                                    var rank = 1, bestOther = -Float.infinity, bestOtherID = -1
                                    for id in 0..<subjectCount where id != mate {
                                        let score = subjectScores[id]
                                        if score >= mateScore { rank += 1 }
                                        if score > bestOther { (bestOther, bestOtherID) = (score, id) }
                                    }
                                    r[probe] = rank
                                    m[probe] = mate >= 0 ? mateScore : .nan
                                    o[probe] = bestOther
                                    oid[probe] = bestOtherID
                                }
                            }
                          }
                        }
                    }
                }
            }
        }
        return (0..<probeCount).map { probe in
            ProbeOutcome(subject: probeSubjects[probe],
                         rank: mates[probe] == nil ? nil : ranks[probe],
                         mateScore: mates[probe] == nil ? nil : mateScores[probe],
                         bestOtherScore: bestOthers[probe] == -.infinity ? nil : bestOthers[probe],
                         bestSubject: mates[probe] != nil && ranks[probe] == 1
                             ? probeSubjects[probe]
                             : bestOtherIDs[probe] >= 0 ? subjects.names[bestOtherIDs[probe]] : nil)
        }
    }

    /// Rows scaled to unit L2 norm (all-zero rows left as they are).
    /// - Shape: `[N·D]` → `[N·D]`
    static func l2Normalized(_ values: [Float], width: Int) -> [Float] {
        var out = values
        guard width > 0 else { return out }
        for row in 0..<(values.count / width) {
            var sum: Double = 0
            for i in row * width..<(row + 1) * width { sum += Double(values[i]) * Double(values[i]) }
            guard sum > 0 else { continue }
            let scale = Float(1 / sum.squareRoot())
            for i in row * width..<(row + 1) * width { out[i] = values[i] * scale }
        }
        return out
    }
}

/// How one probe fared: its mate's rank and score, and the best non-mate score.
public struct ProbeOutcome: Sendable, Codable, Equatable {
    public var subject: String
    /// 1 + number of other subjects scoring ≥ the mate; nil when the gallery has no mate.
    public var rank: Int?
    /// The mate subject's score (max over its gallery rows); nil without a mate.
    public var mateScore: Float?
    /// The highest score of any other subject; nil when the gallery has no other subject.
    public var bestOtherScore: Float?
    /// The top-scoring gallery subject (the mate only when it ranks first; ties go to others).
    public var bestSubject: String?

    public init(subject: String, rank: Int?, mateScore: Float?, bestOtherScore: Float?, bestSubject: String? = nil) {
        self.subject = subject
        self.rank = rank
        self.mateScore = mateScore
        self.bestOtherScore = bestOtherScore
        self.bestSubject = bestSubject
    }
}
