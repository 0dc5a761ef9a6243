import Foundation
import TensorCore

/// Content-addressed store of stage outputs (de-occluded images, models, embeddings, scores).
///
/// Each output lives in `root/<stage>/<digest>/` and counts only once its completion marker
/// `artifact.json` is there. An output is built in a private `.partial-…` folder and renamed
/// into place with the marker inside, so an interrupted run leaves no half output behind and
/// a rerun redoes exactly the stages whose keys have no complete folder: adding a
/// de-occluder to a study recomputes only what depends on it.
public struct ArtifactCache: Sendable {
    /// What `produce` returns: where the output is and whether it was already there.
    public struct Entry: Sendable, Equatable {
        public let folder: URL
        public let cached: Bool
    }

    /// The completion marker written into every finished output folder.
    public struct Record: Codable, Sendable, Equatable {
        public var stage: String
        public var digest: String
        public var createdAt: String
    }

    static let markerName = "artifact.json"
    static let valueName = "value.json"

    public let root: URL

    /// A cache under `root` (created when first written).
    public init(root: URL) {
        self.root = root
    }

    /// Where `key`'s output lives (complete or not).
    public func folder(for key: ArtifactKey) -> URL {
        root.appendingPathComponent(key.stage, isDirectory: true).appendingPathComponent(key.folderName, isDirectory: true)
    }

    /// Whether `key`'s output finished.
    public func isComplete(_ key: ArtifactKey) -> Bool {
        FileManager.default.fileExists(atPath: folder(for: key).appendingPathComponent(ArtifactCache.markerName).path)
    }

    /// Returns `key`'s output folder, running `build` first if it is not complete. `build`
    /// writes into the empty folder it is given; a throw leaves the cache as it was.
    @discardableResult
    public func produce(_ key: ArtifactKey, build: (URL) throws -> Void) throws -> Entry {
        let final = folder(for: key)
        if isComplete(key) { return Entry(folder: final, cached: true) }
        let stageFolder = final.deletingLastPathComponent()
        let partial = stageFolder.appendingPathComponent(".partial-\(key.folderName)-\(UUID().uuidString)")
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: partial, withIntermediateDirectories: true)
        } catch {
            throw StudyError.writeFailed(file: partial.path, reason: error.localizedDescription)
        }
        do {
            try build(partial)
            let record = Record(stage: key.stage, digest: key.digest, createdAt: ISO8601DateFormatter().string(from: Date()))
            try JSONFile.write(record, to: partial.appendingPathComponent(ArtifactCache.markerName))
        } catch {
            try? fileManager.removeItem(at: partial)
            throw error
        }
        if fileManager.fileExists(atPath: final.path) && !isComplete(key) {
            try? fileManager.removeItem(at: final)  // an incomplete leftover from an older layout
        }
        guard rename(partial.path, final.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? fileManager.removeItem(at: partial)
            if isComplete(key) { return Entry(folder: final, cached: true) }  // another run finished first
            throw StudyError.writeFailed(file: final.path, reason: reason)
        }
        return Entry(folder: final, cached: false)
    }

    /// Returns the value stored under `key`, computing and storing it first if needed.
    public func value<T: Codable>(_ key: ArtifactKey, as type: T.Type = T.self,
                                  compute: () throws -> T) throws -> (value: T, cached: Bool) {
        var computed: T?
        let entry = try produce(key) { folder in
            let value = try compute()
            try JSONFile.write(value, to: folder.appendingPathComponent(ArtifactCache.valueName))
            computed = value
        }
        if let computed { return (computed, false) }
        return (try JSONFile.read(T.self, from: entry.folder.appendingPathComponent(ArtifactCache.valueName)), entry.cached)
    }

    /// SHA-256 of a file's bytes, as an input of an `ArtifactKey`.
    public static func fingerprint(ofFile url: URL) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw StudyError.unreadableFile(file: url.path, reason: "no such file or no permission")
        }
        defer { try? handle.close() }
        var hash = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(chunk) }
        } catch {
            throw StudyError.unreadableFile(file: url.path, reason: error.localizedDescription)
        }
        return hash.hexDigest()
    }

    /// One fingerprint over several files: each file's name relative to `base` and its bytes.
    public static func fingerprint(ofFiles urls: [URL], relativeTo base: URL) throws -> String {
        var hash = SHA256()
        let basePath = base.standardizedFileURL.path
        for url in urls {
            var name = url.standardizedFileURL.path
            if name.hasPrefix(basePath + "/") { name.removeFirst(basePath.count + 1) }
            hash.update("\(name)\u{0}\(try fingerprint(ofFile: url))\u{0}")
        }
        return hash.hexDigest()
    }
}
