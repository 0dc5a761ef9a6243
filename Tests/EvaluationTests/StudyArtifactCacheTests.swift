import Foundation
import TensorCore
import Testing
import TestSupport
@testable import Evaluation

@Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
])
func sha256MatchesFIPSVectors(_ input: String, _ expected: String) {
    #expect(SHA256.hexDigest(of: input) == expected)
}

@Test func sha256IsIndependentOfChunking() {
    let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    var whole = SHA256()
    whole.update(bytes)
    for chunk in [1, 7, 63, 64, 65, 200] {
        var pieces = SHA256()
        for start in stride(from: 0, to: bytes.count, by: chunk) { pieces.update(bytes[start..<min(start + chunk, bytes.count)]) }
        #expect(pieces.hexDigest() == whole.hexDigest(), "chunk \(chunk)")
    }
}

@Test func artifactKeysChangeWithStageInputsOrderAndConfig() throws {
    let base = try ArtifactKey(stage: "embed", inputs: ["a", "b"], config: RecognizerSettings())
    #expect(try ArtifactKey(stage: "embed", inputs: ["a", "b"], config: RecognizerSettings()) == base)
    #expect(try ArtifactKey(stage: "embed", inputs: ["b", "a"], config: RecognizerSettings()) != base)
    #expect(try ArtifactKey(stage: "embed", inputs: ["ab"], config: RecognizerSettings()) != base)
    #expect(try ArtifactKey(stage: "deocclude", inputs: ["a", "b"], config: RecognizerSettings()) != base)
    #expect(try ArtifactKey(stage: "embed", inputs: ["a", "b"], config: RecognizerSettings(epochs: 11)) != base)
    #expect(base.digest.count == 64)
    #expect(throws: StudyError.self) { try ArtifactKey(stage: "../x", inputs: []) }
    #expect(throws: StudyError.self) { try ArtifactKey(stage: "", inputs: []) }
}

@Test func producedArtifactIsReusedAndAFailedBuildLeavesNothing() throws {
    struct Failure: Error {}
    let cache = ArtifactCache(root: try Fixtures.temporaryDirectory())
    let key = try ArtifactKey(stage: "deocclude", inputs: ["probes"], config: ["spec": "inpaint"])
    #expect(throws: Failure.self) {
        try cache.produce(key) { folder in
            try Data("half".utf8).write(to: folder.appendingPathComponent("out.png"))
            throw Failure()  // interrupted mid-stage
        }
    }
    #expect(!cache.isComplete(key))
    let stageFolder = cache.root.appendingPathComponent("deocclude")
    #expect(try FileManager.default.contentsOfDirectory(atPath: stageFolder.path).isEmpty)

    var builds = 0
    let first = try cache.produce(key) { folder in
        builds += 1
        try Data("image".utf8).write(to: folder.appendingPathComponent("out.png"))
    }
    let second = try cache.produce(key) { _ in builds += 1 }
    #expect(builds == 1)
    #expect(!first.cached && second.cached)
    #expect(first.folder == second.folder)
    #expect(try String(contentsOf: second.folder.appendingPathComponent("out.png"), encoding: .utf8) == "image")
    #expect(cache.isComplete(key))
}

@Test func incompleteLeftoverFolderIsRebuilt() throws {
    let cache = ArtifactCache(root: try Fixtures.temporaryDirectory())
    let key = try ArtifactKey(stage: "embed", inputs: ["x"])
    try FileManager.default.createDirectory(at: cache.folder(for: key), withIntermediateDirectories: true)
    try Data("stale".utf8).write(to: cache.folder(for: key).appendingPathComponent("stale.npy"))
    let entry = try cache.produce(key) { folder in try Data("new".utf8).write(to: folder.appendingPathComponent("new.npy")) }
    #expect(!entry.cached)
    let names = try FileManager.default.contentsOfDirectory(atPath: entry.folder.path).sorted()
    #expect(names == [ArtifactCache.markerName, "new.npy"])
}

@Test func cachedValuesAreComputedOnce() throws {
    let cache = ArtifactCache(root: try Fixtures.temporaryDirectory())
    let key = try ArtifactKey(stage: "score", inputs: ["embeddings"], config: StudySeeds())
    var calls = 0
    let first = try cache.value(key) { () -> [Double] in calls += 1; return [0.5, .infinity] }
    let second = try cache.value(key) { () -> [Double] in calls += 1; return [] }
    #expect(calls == 1)
    #expect(!first.cached && second.cached)
    #expect(second.value == [0.5, .infinity])
}

@Test func fingerprintsFollowFileContents() throws {
    let folder = try Fixtures.temporaryDirectory()
    let a = folder.appendingPathComponent("a.csv"), b = folder.appendingPathComponent("b.csv")
    try Data("path,subject\n".utf8).write(to: a)
    try Data("path,subject\n".utf8).write(to: b)
    #expect(try ArtifactCache.fingerprint(ofFile: a) == SHA256.hexDigest(of: "path,subject\n"))
    let both = try ArtifactCache.fingerprint(ofFiles: [a, b], relativeTo: folder)
    try Data("path,subject\nx,1\n".utf8).write(to: b)
    #expect(try ArtifactCache.fingerprint(ofFiles: [a, b], relativeTo: folder) != both)
    #expect(throws: StudyError.self) { try ArtifactCache.fingerprint(ofFile: folder.appendingPathComponent("absent")) }
}

@Test func atomicWritesCreateFoldersAndLeaveNoTemporaryFiles() throws {
    let folder = try Fixtures.temporaryDirectory()
    let url = folder.appendingPathComponent("sub/dir/file.txt")
    try AtomicFile.write("one", to: url)
    try AtomicFile.write("two", to: url)
    #expect(try String(contentsOf: url, encoding: .utf8) == "two")
    #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["file.txt"])
    let blocked = url.appendingPathComponent("below-a-file.txt")  // parent is a regular file
    #expect(throws: StudyError.self) { try AtomicFile.write("x", to: blocked) }
}
