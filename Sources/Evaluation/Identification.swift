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
                                probes: TensorData, probeSubjects: [String]) -> [ProbeOutcome] {
        precondition(gallery.shape.count == 2 && probes.shape.count == 2, "identify: embeddings must be 2-D")
        precondition(gallery.shape[1] == probes.shape[1], "identify: gallery and probe widths differ")
        precondition(gallerySubjects.count == gallery.shape[0] && probeSubjects.count == probes.shape[0],
                     "identify: one subject per embedding row")
        let (galleryCount, probeCount, width) = (gallery.shape[0], probes.shape[0], gallery.shape[1])
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
    public static func rank(scores: [Float], gallerySubjects: [String], probeSubjects: [String]) -> [ProbeOutcome] {
        precondition(scores.count == gallerySubjects.count * probeSubjects.count, "rank: score matrix is not P×G")
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
        let chunks = min(probeCount, 64)
        scores.withUnsafeBufferPointer { scoreBuffer in
            ranks.withUnsafeMutableBufferPointer { rankBuffer in
                mateScores.withUnsafeMutableBufferPointer { mateBuffer in
                    bestOthers.withUnsafeMutableBufferPointer { otherBuffer in
                        nonisolated(unsafe) let (s, r, m, o) = (scoreBuffer, rankBuffer, mateBuffer, otherBuffer)
                        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                            var subjectScores = [Float](repeating: -.infinity, count: subjectCount)  // (S)
                            for probe in stride(from: chunk, to: probeCount, by: chunks) {
                                for i in 0..<subjectCount { subjectScores[i] = -.infinity }
                                let row = probe * galleryCount
                                for g in 0..<galleryCount {
                                    let id = subjects.idOfRow[g]
                                    subjectScores[id] = max(subjectScores[id], s[row + g])
                                }
                                let mate = mates[probe] ?? -1
                                let mateScore = mate >= 0 ? subjectScores[mate] : .infinity
                                var rank = 1, bestOther = -Float.infinity
                                for id in 0..<subjectCount where id != mate {
                                    if subjectScores[id] >= mateScore { rank += 1 }
                                    bestOther = max(bestOther, subjectScores[id])
                                }
                                r[probe] = rank
                                m[probe] = mate >= 0 ? mateScore : .nan
                                o[probe] = bestOther
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
                         bestOtherScore: bestOthers[probe] == -.infinity ? nil : bestOthers[probe])
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

    public init(subject: String, rank: Int?, mateScore: Float?, bestOtherScore: Float?) {
        self.subject = subject
        self.rank = rank
        self.mateScore = mateScore
        self.bestOtherScore = bestOtherScore
    }
}
