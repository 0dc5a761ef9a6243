import Foundation
import TensorCore

/// Names one stage output by everything that determines it: the stage, the digests of its
/// inputs (upstream artefacts, input files) and its configuration. Equal inputs give equal
/// keys, so a rerun finds the output it made before; any change gives a new key.
public struct ArtifactKey: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Stage name, also the cache sub-folder (`deocclude`, `train-recognizer`, `embed`).
    public let stage: String
    /// SHA-256 over the stage, the inputs in order and the configuration's canonical JSON.
    public let digest: String

    /// A key for `stage` run on `inputs` (digests or fingerprints, order significant) with `config`.
    public init(stage: String, inputs: [String], config: some Encodable) throws {
        guard !stage.isEmpty, !stage.contains("/"), !stage.hasPrefix(".") else {
            throw StudyError.invalidConfig(field: "artifact stage", reason: "'\(stage)' must be a plain folder name")
        }
        var hash = SHA256()
        hash.update("unveil-artifact-v1\u{0}\(stage)\u{0}")
        for input in inputs { hash.update("\(input.utf8.count):\(input)\u{0}") }
        hash.update(try JSONFile.encode(config))  // sorted keys: canonical
        self.stage = stage
        self.digest = hash.hexDigest()
    }

    /// A key for `stage` run on `inputs` with no configuration of its own.
    public init(stage: String, inputs: [String]) throws {
        try self.init(stage: stage, inputs: inputs, config: [String]())
    }

    /// Folder name of this key's output (the digest's first 32 hex digits, 128 bits).
    public var folderName: String { String(digest.prefix(32)) }

    public var description: String { "\(stage)/\(folderName)" }
}
