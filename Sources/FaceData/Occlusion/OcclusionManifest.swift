import Foundation

/// `manifest.csv` of an `unveil occlude` folder: one `PairedSample` per row, paths
/// relative to the folder (or absolute when outside it).
public struct OcclusionManifest: Sendable {
    public static let fileName = "manifest.csv"
    static let header = ["path", "subject", "ground_truth", "mask", "occluder", "variant",
                         "center_x", "center_y", "width", "angle", "occluded_fraction"]

    public var folder: URL
    public var samples: [PairedSample]

    public init(folder: URL, samples: [PairedSample]) {
        self.folder = folder
        self.samples = samples
    }

    /// Writes `manifest.csv` atomically.
    public func write() throws {
        let rows = samples.map { s -> [String] in
            [FaceProtocol.relative(s.image, to: folder), s.subject, FaceProtocol.relative(s.groundTruth, to: folder),
             FaceProtocol.relative(s.mask, to: folder), s.family.rawValue, s.variant,
             FaceProtocol.format(s.placement.centerX), FaceProtocol.format(s.placement.centerY),
             FaceProtocol.format(s.placement.width), String(format: "%.4f", s.placement.angle),
             String(format: "%.4f", s.occludedFraction)]
        }
        try CSVText.write(header: Self.header, rows: rows, to: folder.appendingPathComponent(Self.fileName))
    }

    /// Reads the manifest of an `unveil occlude` folder.
    /// - Throws: `FaceDataError` with file and line for missing columns, bad numbers or families.
    public static func load(from folder: URL) throws -> OcclusionManifest {
        let url = folder.appendingPathComponent(fileName)
        let rows = try CSVText.read(url)
        guard let head = rows.first else { throw FaceDataError.missingColumn(file: url, column: "path") }
        for column in header where !head.fields.contains(column) { throw FaceDataError.missingColumn(file: url, column: column) }
        let index = Dictionary(head.fields.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let samples = try rows.dropFirst().map { row -> PairedSample in
            guard row.fields.count == head.fields.count else {
                throw FaceDataError.wrongFieldCount(file: url, line: row.line, expected: head.fields.count, actual: row.fields.count)
            }
            func text(_ name: String) -> String { row.fields[index[name]!] }
            func number(_ name: String) throws -> Double {
                guard let value = Double(text(name)) else {
                    throw FaceDataError.invalidNumber(file: url, line: row.line, column: name, text: text(name))
                }
                return value
            }
            guard let family = OccluderFamily(rawValue: text("occluder")) else {
                throw FaceDataError.malformedCSV(file: url, line: row.line, reason: "unknown occluder family '\(text("occluder"))'")
            }
            return PairedSample(
                image: FaceProtocol.resolve(text("path"), against: folder), subject: text("subject"),
                groundTruth: FaceProtocol.resolve(text("ground_truth"), against: folder),
                mask: FaceProtocol.resolve(text("mask"), against: folder), family: family, variant: text("variant"),
                placement: OcclusionPlacement(centerX: try number("center_x"), centerY: try number("center_y"),
                                              width: try number("width"), angle: try number("angle")),
                occludedFraction: try number("occluded_fraction"))
        }
        return OcclusionManifest(folder: folder, samples: samples)
    }
}
