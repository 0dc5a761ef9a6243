import Foundation

/// Which de-occluder to run, as written on the command line and in experiment configs.
///
/// Text forms (``init(parsing:)`` and ``description`` round-trip):
/// - `none` — the face unchanged;
/// - `oagan:PATH` — OA-GAN generator weights (safetensors);
/// - `inpaint` or `inpaint:gt` — harmonic fill of the ground-truth mask;
///   `inpaint:SPEC` — harmonic fill of the mask predicted by another de-occluder,
///   e.g. `inpaint:oagan:models/oagan.safetensors`;
/// - `pca:PATH` — eigenface reconstruction with a basis file written by `PCABasis.write(to:)`;
/// - `command:TEMPLATE` — an external program, e.g. `command:python3 run.py {input} {output}`;
///   the template may be wrapped in one pair of quotes.
public indirect enum DeoccluderSpec: Sendable, Hashable {
    case none
    case oagan(path: String)
    case inpaint(MaskSource)
    case pca(path: String)
    case command(template: String)

    /// Where `inpaint` takes the mask it fills.
    public indirect enum MaskSource: Sendable, Hashable {
        /// The ground-truth masks handed to `deocclude(_:masks:)` (text `gt`).
        case groundTruth
        /// The masks another de-occluder predicts for the same faces (text: that spec).
        case predicted(by: DeoccluderSpec)
    }

    /// Parses a spec string; throws `DeocclusionError.invalidSpec` with the accepted forms.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let (head, rest) = Self.splitHead(trimmed)
        switch head {
        case "none" where rest == nil:
            self = .none
        case "oagan":
            self = .oagan(path: try Self.nonEmpty(rest, in: trimmed, what: "a weights path"))
        case "pca":
            self = .pca(path: try Self.nonEmpty(rest, in: trimmed, what: "a basis path"))
        case "inpaint":
            guard let rest, rest != "gt" else {
                self = .inpaint(.groundTruth)
                return
            }
            let source = try DeoccluderSpec(parsing: rest)
            guard source.predictsMasks else {
                throw DeocclusionError.invalidSpec(
                    text, reason: "'\(rest)' predicts no mask; use 'inpaint:gt' for ground-truth masks")
            }
            self = .inpaint(.predicted(by: source))
        case "command":
            let template = Self.unquoted(try Self.nonEmpty(rest, in: trimmed, what: "a command template"))
            _ = try CommandTemplate(template)
            self = .command(template: template)
        default:
            throw DeocclusionError.invalidSpec(text, reason: "unknown de-occluder")
        }
    }

    /// Whether the de-occluder may return a predicted mask (so `inpaint:` can use it).
    public var predictsMasks: Bool {
        switch self {
        case .none, .inpaint(.groundTruth): return false
        case .oagan, .pca, .command, .inpaint(.predicted): return true
        }
    }

    /// Splits `head:rest` at the first colon; `rest` is nil without a colon.
    private static func splitHead(_ text: String) -> (head: String, rest: String?) {
        guard let colon = text.firstIndex(of: ":") else { return (text, nil) }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    private static func nonEmpty(_ rest: String?, in text: String, what: String) throws -> String {
        guard let rest, !rest.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DeocclusionError.invalidSpec(text, reason: "needs \(what) after the colon")
        }
        return rest
    }

    /// Strips one pair of matching outer quotes (`'…'` or `"…"`).
    private static func unquoted(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count >= 2, let first = t.first, first == "'" || first == "\"", t.last == first else { return t }
        let inner = t.dropFirst().dropLast()
        return inner.contains(first) ? t : String(inner)
    }
}

extension DeoccluderSpec.MaskSource: CustomStringConvertible {
    public var description: String {
        switch self {
        case .groundTruth: return "gt"
        case let .predicted(by: spec): return spec.description
        }
    }
}

extension DeoccluderSpec: CustomStringConvertible {
    /// The text form; `DeoccluderSpec(parsing: spec.description) == spec`.
    public var description: String {
        switch self {
        case .none: return "none"
        case let .oagan(path): return "oagan:\(path)"
        case let .inpaint(source): return "inpaint:\(source)"
        case let .pca(path): return "pca:\(path)"
        case let .command(template): return "command:\(template)"
        }
    }
}

extension DeoccluderSpec: Codable {
    /// Encoded as its text form, so configs read `"deoccluders": ["none", "oagan:m.safetensors"]`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            self = try DeoccluderSpec(parsing: try container.decode(String.self))
        } catch let error as DeocclusionError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
