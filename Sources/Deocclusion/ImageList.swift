import Foundation
import TensorCore

/// The faces a `deocclude` run reads: every PNG/JPEG under a folder (recursively, skipping a
/// top-level `masks/` folder), or the rows of a CSV list with a `path` column (an optional
/// `mask` column names ground-truth masks). Each face keeps a relative name, which fixes
/// where its outputs go.
public struct ImageList: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        /// Path relative to the input folder or list root, e.g. `s01/img3.jpg`.
        public var name: String
        public var image: URL
        /// Ground-truth mask from the list's `mask` column or the masks folder.
        public var mask: URL?

        /// `name` with its extension replaced by `.png` — the output file name.
        public var outputName: String {
            (name as NSString).deletingPathExtension + ".png"
        }
    }

    public var items: [Item]

    /// Image file extensions a folder listing picks up.
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// Lists `input` (a folder, or a `.csv` list whose relative paths start at `root`, by
    /// default the list's folder); with `masks`, every face takes the mask
    /// `masks/<name with .png>`, which must exist.
    public init(input: URL, root: URL? = nil, masks: URL? = nil) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isFolder) else {
            throw DeocclusionError.inputNotFound(path: input.path)
        }
        items = isFolder.boolValue
            ? try Self.listFolder(input)
            : try Self.readList(input, root: root ?? input.deletingLastPathComponent())
        guard !items.isEmpty else { throw DeocclusionError.noImages(path: input.path) }
        if let masks {
            for index in items.indices {
                let mask = masks.appendingPathComponent(items[index].outputName)
                guard FileManager.default.fileExists(atPath: mask.path) else {
                    throw DeocclusionError.missingMask(path: mask.path, image: items[index].image.path)
                }
                items[index].mask = mask
            }
        }
    }

    private static func listFolder(_ folder: URL) throws -> [Item] {
        let base = folder.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else {
            throw DeocclusionError.inputNotFound(path: folder.path)
        }
        var items: [Item] = []
        while let relative = enumerator.nextObject() as? String {
            if relative == "masks" || relative.hasPrefix("masks/") { continue }
            let ext = (relative as NSString).pathExtension.lowercased()
            guard imageExtensions.contains(ext) else { continue }
            items.append(Item(name: relative, image: URL(fileURLWithPath: base).appendingPathComponent(relative)))
        }
        return items.sorted { $0.name < $1.name }
    }

    /// A CSV list (`TensorCore.CSV`): a header with `path` and optionally `mask`; other
    /// columns are ignored. CSV errors (missing column, field counts) name file and line.
    private static func readList(_ url: URL, root: URL) throws -> [Item] {
        let table = try CSV.read(from: url)
        let pathColumn = try table.columnIndex(named: "path")
        let maskColumn = table.header.firstIndex(of: "mask")
        func resolve(_ path: String) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
        }
        var items: [Item] = []
        for (row, fields) in table.rows.enumerated() {
            let path = fields[pathColumn].trimmingCharacters(in: .whitespaces)
            let line = table.line(ofRow: row)
            guard !path.isEmpty else {
                throw DeocclusionError.malformedList(path: url.path, line: line, reason: "empty path")
            }
            let image = resolve(path)
            guard FileManager.default.fileExists(atPath: image.path) else {
                throw DeocclusionError.malformedList(path: url.path, line: line, reason: "no image at \(image.path)")
            }
            let mask = maskColumn.map { fields[$0].trimmingCharacters(in: .whitespaces) }
                .flatMap { $0.isEmpty ? nil : resolve($0) }
            let name = path.hasPrefix("/") ? (path as NSString).lastPathComponent : path
            items.append(Item(name: name, image: image, mask: mask))
        }
        let names = Dictionary(grouping: items, by: \.outputName)
        if let clash = names.first(where: { $0.value.count > 1 }) {
            throw DeocclusionError.malformedList(path: url.path, line: 1,
                                                 reason: "two rows would both write \(clash.key)")
        }
        return items
    }
}
