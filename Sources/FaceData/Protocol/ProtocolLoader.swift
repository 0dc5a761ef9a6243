import Foundation

/// Reads and checks a protocol folder (the work behind `FaceProtocol.load`).
struct ProtocolLoader {
    let folder: URL
    let checkImages: Bool

    private struct Listed {
        var entry: ProtocolEntry
        var relativePath: String
        var line: Int
    }

    func load() throws -> FaceProtocol {
        let manifest = try readManifest()
        let root = FaceProtocol.resolve(manifest.imageRoot, against: folder)
        let attributes = try readAttributes(manifest, root: root)
        var lists: [ProtocolSplit: [Listed]] = [:]
        for split in ProtocolSplit.allCases {
            lists[split] = try readList(folder.appendingPathComponent(split.fileName), root: root, attributes: attributes)
        }
        try checkSubjects(manifest, lists)
        return FaceProtocol(manifest: manifest, folder: folder,
                            train: lists[.train, default: []].map(\.entry),
                            gallery: lists[.gallery, default: []].map(\.entry),
                            probe: lists[.probe, default: []].map(\.entry))
    }

    private func readManifest() throws -> ProtocolManifest {
        let url = folder.appendingPathComponent(FaceProtocol.manifestFileName)
        guard FileManager.default.fileExists(atPath: url.path) else { throw FaceDataError.missingFile(url) }
        do {
            let manifest = try JSONDecoder().decode(ProtocolManifest.self, from: Data(contentsOf: url))
            guard manifest.imageSize > 0 else { throw FaceDataError.malformedManifest(url, reason: "imageSize must be positive") }
            return manifest
        } catch let error as FaceDataError {
            throw error
        } catch let DecodingError.keyNotFound(key, _) {
            throw FaceDataError.malformedManifest(url, reason: "missing key '\(key.stringValue)'")
        } catch {
            throw FaceDataError.malformedManifest(url, reason: "\(error)")
        }
    }

    private func readAttributes(_ manifest: ProtocolManifest, root: URL) throws -> [String: [Float]] {
        guard !manifest.attributes.isEmpty else { return [:] }
        let url = folder.appendingPathComponent(FaceProtocol.attributesFileName)
        let rows = try CSVText.read(url)
        guard let header = rows.first else { throw FaceDataError.missingColumn(file: url, column: ProtocolColumns.path) }
        for column in header.fields where column != ProtocolColumns.path && !manifest.attributes.contains(column) {
            throw FaceDataError.unknownColumn(file: url, column: column, allowed: [ProtocolColumns.path] + manifest.attributes)
        }
        for column in [ProtocolColumns.path] + manifest.attributes where !header.fields.contains(column) {
            throw FaceDataError.missingColumn(file: url, column: column)
        }
        let indices = manifest.attributes.map { header.fields.firstIndex(of: $0)! }
        let pathIndex = header.fields.firstIndex(of: ProtocolColumns.path)!
        var table: [String: [Float]] = [:]
        for row in rows.dropFirst() {
            guard row.fields.count == header.fields.count else {
                throw FaceDataError.wrongFieldCount(file: url, line: row.line, expected: header.fields.count, actual: row.fields.count)
            }
            table[row.fields[pathIndex]] = try zip(indices, manifest.attributes).map { index, name in
                guard let value = Float(row.fields[index]) else {
                    throw FaceDataError.invalidNumber(file: url, line: row.line, column: name, text: row.fields[index])
                }
                return value > 0 ? 1 : 0
            }
        }
        return table
    }

    private func readList(_ url: URL, root: URL, attributes: [String: [Float]]) throws -> [Listed] {
        let rows = try CSVText.read(url)
        guard let header = rows.first else { throw FaceDataError.missingColumn(file: url, column: ProtocolColumns.path) }
        for column in header.fields where !ProtocolColumns.allowed.contains(column) {
            throw FaceDataError.unknownColumn(file: url, column: column, allowed: ProtocolColumns.allowed)
        }
        for column in [ProtocolColumns.path, ProtocolColumns.subject] where !header.fields.contains(column) {
            throw FaceDataError.missingColumn(file: url, column: column)
        }
        let column = Dictionary(header.fields.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let hasLandmarks = ProtocolColumns.landmarks.allSatisfy { column[$0] != nil }
        var listed: [Listed] = []
        var firstLine: [String: Int] = [:]
        for row in rows.dropFirst() {
            guard row.fields.count == header.fields.count else {
                throw FaceDataError.wrongFieldCount(file: url, line: row.line, expected: header.fields.count, actual: row.fields.count)
            }
            func field(_ name: String) -> String? {
                column[name].map { row.fields[$0].trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            guard let path = field(ProtocolColumns.path) else {
                throw FaceDataError.emptyField(file: url, line: row.line, column: ProtocolColumns.path)
            }
            guard let subject = field(ProtocolColumns.subject) else {
                throw FaceDataError.emptyField(file: url, line: row.line, column: ProtocolColumns.subject)
            }
            if let first = firstLine[path] {
                throw FaceDataError.duplicateRow(file: url, line: row.line, path: path, firstLine: first)
            }
            firstLine[path] = row.line
            var files: [URL?] = []
            for name in [ProtocolColumns.path, ProtocolColumns.groundTruth, ProtocolColumns.mask] {
                guard let relative = field(name) else { files.append(nil); continue }
                let resolved = FaceProtocol.resolve(relative, against: root)
                if checkImages, !FileManager.default.fileExists(atPath: resolved.path) {
                    throw FaceDataError.missingImage(file: url, line: row.line, path: relative)
                }
                files.append(resolved)
            }
            var landmarks: [SIMD2<Double>]?
            if hasLandmarks, field("x1") != nil {
                var values: [Double] = []
                for name in ProtocolColumns.landmarks {
                    let text = field(name) ?? ""
                    guard let value = Double(text), value.isFinite else {
                        throw FaceDataError.invalidNumber(file: url, line: row.line, column: name, text: text)
                    }
                    values.append(value)
                }
                landmarks = stride(from: 0, to: 10, by: 2).map { SIMD2(values[$0], values[$0 + 1]) }
            }
            let entry = ProtocolEntry(path: files[0]!, subject: subject, groundTruth: files[1], mask: files[2],
                                      occluder: field(ProtocolColumns.occluder), landmarks: landmarks,
                                      attributes: attributes[path])
            listed.append(Listed(entry: entry, relativePath: path, line: row.line))
        }
        return listed
    }

    private func checkSubjects(_ manifest: ProtocolManifest, _ lists: [ProtocolSplit: [Listed]]) throws {
        if manifest.disjointSubjects {
            var trainLine: [String: Int] = [:]
            for item in lists[.train, default: []] where trainLine[item.entry.subject] == nil {
                trainLine[item.entry.subject] = item.line
            }
            for split in [ProtocolSplit.gallery, .probe] {
                for item in lists[split, default: []] {
                    if let line = trainLine[item.entry.subject] {
                        throw FaceDataError.subjectInTrainAndTest(
                            file: folder.appendingPathComponent(split.fileName), line: item.line, subject: item.entry.subject,
                            trainFile: folder.appendingPathComponent(ProtocolSplit.train.fileName), trainLine: line)
                    }
                }
            }
        }
        let gallerySubjects = Set(lists[.gallery, default: []].map(\.entry.subject))
        for item in lists[.probe, default: []] where !gallerySubjects.contains(item.entry.subject) {
            throw FaceDataError.probeWithoutGalleryMate(file: folder.appendingPathComponent(ProtocolSplit.probe.fileName),
                                                        line: item.line, subject: item.entry.subject)
        }
    }
}
