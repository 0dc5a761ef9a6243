import Foundation

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

    /// A plain CSV list: a header with `path` (and optionally `mask`); other columns are
    /// ignored. Quoted fields are not supported (paths with commas are rejected).
    private static func readList(_ url: URL, root: URL) throws -> [Item] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DeocclusionError.malformedList(path: url.path, line: 1, reason: "not readable as UTF-8 text")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init),
              let pathColumn = header.firstIndex(of: "path") else {
            throw DeocclusionError.malformedList(path: url.path, line: 1, reason: "the header needs a 'path' column")
        }
        let maskColumn = header.firstIndex(of: "mask")
        var items: [Item] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard !line.contains("\"") else {
                throw DeocclusionError.malformedList(path: url.path, line: offset + 1, reason: "quoted fields are not supported")
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count == header.count else {
                throw DeocclusionError.malformedList(
                    path: url.path, line: offset + 1, reason: "\(fields.count) fields, the header has \(header.count)")
            }
            let path = fields[pathColumn]
            guard !path.isEmpty else {
                throw DeocclusionError.malformedList(path: url.path, line: offset + 1, reason: "empty path")
            }
            let image = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: image.path) else {
                throw DeocclusionError.malformedList(path: url.path, line: offset + 1, reason: "no image at \(image.path)")
            }
            let mask = maskColumn.map { fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }.map {
                $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : root.appendingPathComponent($0)
            }
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
