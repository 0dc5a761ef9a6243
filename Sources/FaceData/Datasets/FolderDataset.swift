import Foundation
import Imaging

/// Settings of `unveil protocol folder`.
public struct FolderProtocolConfig: Sendable, Codable, Equatable {
    /// `ROOT/<subject>/<image>.{png,jpg,jpeg}`.
    public var root: String
    public var output: String
    /// Optional CSV `path,x1,y1,…,x5,y5` (paths relative to `root`): images are then aligned.
    public var landmarks: String?
    public var alignment: FaceTemplate
    public var size: Int
    /// Fraction of subjects used for training.
    public var trainFraction: Double
    public var seed: UInt64

    public init(root: String, output: String, landmarks: String? = nil, alignment: FaceTemplate = .lightcnn,
                size: Int = 128, trainFraction: Double = 0.5, seed: UInt64 = 0) {
        self.root = root
        self.output = output
        self.landmarks = landmarks
        self.alignment = alignment
        self.size = size
        self.trainFraction = trainFraction
        self.seed = seed
    }
}

/// Folder-per-identity datasets (LFW-style).
public enum FolderDataset {
    /// (subject, image) pairs sorted by subject then file name.
    public static func scan(_ root: URL) throws -> [(subject: String, image: URL)] {
        let manager = FileManager.default
        guard manager.fileExists(atPath: root.path) else { throw FaceDataError.missingFile(root) }
        let subjects = (try? manager.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)) ?? []
        var found: [(subject: String, image: URL)] = []
        for folder in subjects.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            let files = (try? manager.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
            for file in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent })
            where ["png", "jpg", "jpeg"].contains(file.pathExtension.lowercased()) {
                found.append((folder.lastPathComponent, file.standardizedFileURL))
            }
        }
        guard !found.isEmpty else { throw FaceDataError.noImages(root) }
        return found
    }

    /// Reads a landmark CSV `path,x1,y1,…,x5,y5`, keyed by path relative to the root.
    static func readLandmarks(_ url: URL) throws -> [String: [SIMD2<Double>]] {
        let rows = try CSVText.read(url)
        guard let header = rows.first else { throw FaceDataError.missingColumn(file: url, column: "path") }
        for column in ["path"] + ProtocolColumns.landmarks where !header.fields.contains(column) {
            throw FaceDataError.missingColumn(file: url, column: column)
        }
        let index = Dictionary(header.fields.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var table: [String: [SIMD2<Double>]] = [:]
        for row in rows.dropFirst() {
            guard row.fields.count == header.fields.count else {
                throw FaceDataError.wrongFieldCount(file: url, line: row.line, expected: header.fields.count, actual: row.fields.count)
            }
            let values = try ProtocolColumns.landmarks.map { name -> Double in
                guard let value = Double(row.fields[index[name]!]) else {
                    throw FaceDataError.invalidNumber(file: url, line: row.line, column: name, text: row.fields[index[name]!])
                }
                return value
            }
            table[row.fields[index["path"]!]] = stride(from: 0, to: 10, by: 2).map { SIMD2(values[$0], values[$0 + 1]) }
        }
        return table
    }

    /// Splits subjects (seeded shuffle) into train and test; each test subject with at
    /// least two images gives its first image to the gallery and the rest to the probes.
    /// With landmarks, images are aligned into `output/images/`; without, they are used
    /// in place (they must already be aligned crops).
    public static func buildProtocol(_ config: FolderProtocolConfig) throws -> FaceProtocol {
        let root = URL(fileURLWithPath: config.root).standardizedFileURL
        let output = URL(fileURLWithPath: config.output).standardizedFileURL
        let images = try scan(root)
        let landmarks = try config.landmarks.map { try readLandmarks(URL(fileURLWithPath: $0)) }
        var subjects = Array(Set(images.map(\.subject))).sorted()
        var random = FaceRandom(seed: config.seed)
        for i in stride(from: subjects.count - 1, to: 0, by: -1) { subjects.swapAt(i, random.index(i + 1)) }
        let trainCount = min(max(Int((Double(subjects.count) * config.trainFraction).rounded()), 1), max(subjects.count - 1, 1))
        let trainSubjects = Set(subjects.prefix(trainCount))
        let results = IndexedResults.run(count: images.count) { index -> ProtocolEntry in
            let (subject, url) = images[index]
            let relative = FaceProtocol.relative(url, to: root)
            guard let landmarks else { return ProtocolEntry(path: url, subject: subject) }
            guard let points = landmarks[relative] else {
                throw FaceDataError.invalidConfiguration("\(config.landmarks ?? ""): no landmarks for '\(relative)'")
            }
            let destination = output.appendingPathComponent("images/\((relative as NSString).deletingPathExtension).png")
            let aligned = try AlignedWriter.write(source: url, landmarks: points, template: config.alignment,
                                                  size: config.size, to: destination)
            return ProtocolEntry(path: destination, subject: subject, landmarks: aligned)
        }
        var train: [ProtocolEntry] = [], gallery: [ProtocolEntry] = [], probe: [ProtocolEntry] = []
        var seen = Set<String>()
        var bySubject: [String: Int] = [:]
        for (subject, _) in images { bySubject[subject, default: 0] += 1 }
        for index in images.indices {
            let entry = try results.get(index)
            if trainSubjects.contains(entry.subject) || bySubject[entry.subject, default: 0] < 2 {
                train.append(entry)
            } else if seen.insert(entry.subject).inserted {
                gallery.append(entry)
            } else {
                probe.append(entry)
            }
        }
        let size = landmarks == nil ? (try? ImageIO.read(from: images[0].image).width) ?? config.size : config.size
        let manifest = ProtocolManifest(
            name: "folder", dataset: root.lastPathComponent, imageSize: size,
            notes: "Folder dataset \(root.path): \(trainSubjects.count) training subjects (seed \(config.seed)); each test "
                + "subject's first image is its gallery image, the others are probes.",
            imageRoot: landmarks == nil ? root.path : ".")
        let study = FaceProtocol(manifest: manifest, folder: output, train: train, gallery: gallery, probe: probe)
        try study.write()
        return study
    }
}
