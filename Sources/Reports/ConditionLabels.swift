import Evaluation

/// Short display names for a report's de-occluders and conditions: a de-occluder is named
/// by its kind (`oagan`, `inpaint`) when that is unique in the study, and by kind and file
/// (`oagan (run2.safetensors)`) otherwise.
struct ConditionLabels {
    private var names: [String: String] = [:]

    init(_ results: StudyResults) {
        var specs = results.setup.config.deoccluders
        let seen = results.conditions.compactMap(\.condition.deoccluder) + results.quality.map(\.deoccluder)
            + results.strips.flatMap { $0.recovered.map(\.deoccluder) }
        for spec in seen where !specs.contains(spec) { specs.append(spec) }
        let kinds = specs.map(ConditionLabels.kind(of:))
        for (spec, kind) in zip(specs, kinds) {
            names[spec] = kinds.filter { $0 == kind }.count == 1 ? kind : ConditionLabels.kindAndFile(of: spec)
        }
    }

    /// Display name of a de-occluder spec.
    func deoccluder(_ spec: String) -> String { names[spec] ?? ConditionLabels.kindAndFile(of: spec) }

    /// Display name of a condition: `clean`, `occluded`, `oagan`, `oagan · original model`.
    func condition(_ id: ConditionID) -> String {
        switch id.kind {
        case .clean, .occluded: return id.kind.rawValue
        case .recovered: return deoccluder(id.deoccluder ?? "")
        case .recoveredWithOriginalModel: return "\(deoccluder(id.deoccluder ?? "")) · original model"
        }
    }

    /// What the condition's recognizer was trained on: `original` or `oagan output`.
    func model(_ id: ConditionID) -> String {
        id.kind == .recovered ? "\(deoccluder(id.deoccluder ?? "")) output" : "original"
    }

    /// `command:'tool {input} {output}'` → `command`; `oagan:PATH` → `oagan`.
    static func kind(of spec: String) -> String {
        spec.split(separator: ":", maxSplits: 1).first.map(String.init) ?? spec
    }

    /// `oagan:models/run1/oagan.safetensors` → `oagan (oagan.safetensors)`; `inpaint` → `inpaint`.
    static func kindAndFile(of spec: String) -> String {
        guard let colon = spec.firstIndex(of: ":") else { return spec }
        let kind = spec[..<colon]
        let argument = spec[spec.index(after: colon)...]
        if kind == "command" { return "command" }
        let file = argument.split(separator: "/").last.map(String.init) ?? String(argument)
        return "\(kind) (\(file))"
    }
}
