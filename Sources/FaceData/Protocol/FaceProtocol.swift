import Foundation

/// A study protocol: a folder with `protocol.json`, `train.csv`, `gallery.csv`,
/// `probe.csv` and optionally `attributes.csv` (see protocols/README.md).
///
/// `load(from:)` checks everything before any work starts and reports the first problem
/// with its file and line.
public struct FaceProtocol: Sendable {
    public var manifest: ProtocolManifest
    /// The protocol folder.
    public var folder: URL
    public var train: [ProtocolEntry]
    public var gallery: [ProtocolEntry]
    public var probe: [ProtocolEntry]

    public init(manifest: ProtocolManifest, folder: URL, train: [ProtocolEntry], gallery: [ProtocolEntry],
                probe: [ProtocolEntry]) {
        self.manifest = manifest
        self.folder = folder
        self.train = train
        self.gallery = gallery
        self.probe = probe
    }

    /// File name of the manifest inside a protocol folder.
    public static let manifestFileName = "protocol.json"
    /// File name of the optional per-image attribute table.
    public static let attributesFileName = "attributes.csv"

    /// The entries of one split.
    public func entries(_ split: ProtocolSplit) -> [ProtocolEntry] {
        switch split {
        case .train: return train
        case .gallery: return gallery
        case .probe: return probe
        }
    }

    /// Folder the list paths are relative to.
    public var imageRoot: URL { FaceProtocol.resolve(manifest.imageRoot, against: folder) }

    /// Loads and validates the protocol in `folder`.
    /// - Parameter checkImages: also require every listed image, ground truth and mask to exist.
    /// - Throws: `FaceDataError` naming the file and line of the first problem.
    public static func load(from folder: URL, checkImages: Bool = true) throws -> FaceProtocol {
        try ProtocolLoader(folder: folder.standardizedFileURL, checkImages: checkImages).load()
    }

    /// Writes `protocol.json`, the three lists and (when the manifest names attributes)
    /// `attributes.csv` into `folder`; paths are written relative to `imageRoot`.
    public func write() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json: Data
        do { json = try encoder.encode(manifest) } catch {
            throw FaceDataError.malformedManifest(folder.appendingPathComponent(Self.manifestFileName),
                                                  reason: error.localizedDescription)
        }
        try AtomicFile.write(json, to: folder.appendingPathComponent(Self.manifestFileName))
        let root = imageRoot
        let header = [ProtocolColumns.path, ProtocolColumns.subject, ProtocolColumns.groundTruth, ProtocolColumns.mask,
                      ProtocolColumns.occluder] + ProtocolColumns.landmarks
        var attributeRows: [[String]] = []
        for split in ProtocolSplit.allCases {
            let rows = entries(split).map { entry -> [String] in
                let landmarks = entry.landmarks.map { points in
                    points.flatMap { [FaceProtocol.format($0.x), FaceProtocol.format($0.y)] }
                } ?? Array(repeating: "", count: ProtocolColumns.landmarks.count)
                if let attributes = entry.attributes {
                    attributeRows.append([FaceProtocol.relative(entry.path, to: root)] + attributes.map { $0 >= 0.5 ? "1" : "0" })
                }
                return [FaceProtocol.relative(entry.path, to: root), entry.subject,
                        entry.groundTruth.map { FaceProtocol.relative($0, to: root) } ?? "",
                        entry.mask.map { FaceProtocol.relative($0, to: root) } ?? "",
                        entry.occluder ?? ""] + landmarks
            }
            try CSVText.write(header: header, rows: rows, to: folder.appendingPathComponent(split.fileName))
        }
        if !manifest.attributes.isEmpty {
            var seen = Set<String>()
            let unique = attributeRows.filter { seen.insert($0[0]).inserted }
            try CSVText.write(header: [ProtocolColumns.path] + manifest.attributes, rows: unique,
                              to: folder.appendingPathComponent(Self.attributesFileName))
        }
    }

    static func resolve(_ path: String, against base: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path).standardizedFileURL
            : base.appendingPathComponent(path).standardizedFileURL
    }

    /// `url` relative to `root` when it lies beneath it, else its absolute path.
    static func relative(_ url: URL, to root: URL) -> String {
        let path = url.standardizedFileURL.path, base = root.standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
