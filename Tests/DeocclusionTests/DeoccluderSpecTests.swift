import Foundation
import Imaging
import Testing
@testable import Deocclusion

@Suite struct DeoccluderSpecTests {
    @Test(arguments: [
        ("none", DeoccluderSpec.none),
        ("oagan:models/g.safetensors", .oagan(path: "models/g.safetensors")),
        ("inpaint", .inpaint(.groundTruth)),
        ("inpaint:gt", .inpaint(.groundTruth)),
        ("inpaint:oagan:m.safetensors", .inpaint(.predicted(by: .oagan(path: "m.safetensors")))),
        ("pca:basis.safetensors", .pca(path: "basis.safetensors")),
        ("command:python3 run.py {input} {output}", .command(template: "python3 run.py {input} {output}")),
        ("command:'tool -q {input} {output}'", .command(template: "tool -q {input} {output}")),
        ("  none ", .none),
    ])
    func parsesTextForms(_ text: String, _ expected: DeoccluderSpec) throws {
        #expect(try DeoccluderSpec(parsing: text) == expected)
    }

    @Test(arguments: ["", "nothing", "none:x", "oagan", "oagan:", "pca:", "inpaint:none",
                      "inpaint:inpaint:gt", "command:", "command:tool {input}", "command:{input} {output}x 'a",
                      "command:tool {output}"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: DeocclusionError.self) { try DeoccluderSpec(parsing: text) }
    }

    @Test func descriptionRoundTrips() throws {
        let specs: [DeoccluderSpec] = [
            .none, .oagan(path: "a b.safetensors"), .inpaint(.groundTruth),
            .inpaint(.predicted(by: .pca(path: "p.safetensors"))), .pca(path: "x"),
            .command(template: "prog 'two words' {input} {output}"),
        ]
        for spec in specs {
            #expect(try DeoccluderSpec(parsing: spec.description) == spec)
        }
    }

    @Test func codableAsText() throws {
        let specs: [DeoccluderSpec] = [.none, .inpaint(.predicted(by: .oagan(path: "g.safetensors")))]
        let json = try JSONEncoder().encode(specs)
        #expect(String(decoding: json, as: UTF8.self) == #"["none","inpaint:oagan:g.safetensors"]"#)
        #expect(try JSONDecoder().decode([DeoccluderSpec].self, from: json) == specs)
        #expect(throws: DecodingError.self) {
            _ = try JSONDecoder().decode([DeoccluderSpec].self, from: Data(#"["bogus"]"#.utf8))
        }
    }

    @Test func commandTemplateSplitsLikeAShell() throws {
        let template = try CommandTemplate(#"my\ tool -a 'x y' "q\"z" --in={input} {output}/out"#)
        #expect(template.program == "my tool")
        #expect(template.arguments(input: "/i", output: "/o") == ["-a", "x y", "q\"z", "--in=/i", "/o/out"])
    }

    @Test func identityDeoccluderReturnsInputAndNoMask() throws {
        let face = Image(width: 3, height: 2, channels: 3, pixels: (0..<18).map { Float($0) / 18 })
        let results = try makeDeoccluder(.none).deocclude([face])
        #expect(results == [DeocclusionResult(recovered: face, predictedMask: nil)])
        #expect(makeDeoccluderIdentity(.none) == "none")
    }

    @Test func masksAreValidated() {
        let face = Image(width: 4, height: 4, channels: 3)
        #expect(throws: DeocclusionError.maskCountMismatch(images: 1, masks: 2)) {
            try IdentityDeoccluder().deocclude([face], masks: [nil, nil])
        }
        #expect(throws: DeocclusionError.self) {
            try IdentityDeoccluder().deocclude([face], masks: [Image(width: 4, height: 3, channels: 1)])
        }
        #expect(throws: DeocclusionError.self) {
            try IdentityDeoccluder().deocclude([face], masks: [Image(width: 4, height: 4, channels: 3)])
        }
    }

    @Test func oaganPlaceholderOrWeightsErrorIsClear() {
        #expect(throws: (any Error).self) { try makeDeoccluder(.oagan(path: "/nonexistent/g.safetensors")) }
    }

    @Test func fileDigestIsTheSHA256OfTheFileBytes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("abc".utf8).write(to: url)  // FIPS 180-4 example
        #expect(try FileDigest.sha256Hex(of: url) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try FileDigest.shortHex(of: url) == "ba7816bf8f01")
    }
}

private func makeDeoccluderIdentity(_ spec: DeoccluderSpec) -> String? {
    try? makeDeoccluder(spec).identity
}
