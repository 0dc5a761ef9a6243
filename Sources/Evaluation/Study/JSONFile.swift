import Foundation

/// Reads and writes the study's JSON files (configs, results, cache records) with one set of
/// conventions: sorted keys, pretty printed, non-finite numbers as the strings `"inf"`,
/// `"-inf"` and `"nan"` (PSNR of identical images is +∞), and decoding errors that name the
/// file and the JSON path of the bad value.
public enum JSONFile {
    /// The encoder every study file is written with.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The decoder matching `encoder()`.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// Encodes `value` as pretty JSON with a trailing newline.
    public static func encode(_ value: some Encodable) throws -> Data {
        do {
            var data = try encoder().encode(value)
            data.append(0x0A)
            return data
        } catch {
            throw StudyError.encodingFailed(reason: "\(error)")
        }
    }

    /// Writes `value` to `url` atomically.
    public static func write(_ value: some Encodable, to url: URL) throws {
        try AtomicFile.write(try encode(value), to: url)
    }

    /// Reads a `T` from `url`; a malformed file gives `StudyError.malformedJSON` with the path.
    public static func read<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw StudyError.unreadableFile(file: url.path, reason: error.localizedDescription)
        }
        return try decode(type, from: data, file: url.path)
    }

    /// Decodes a `T` from `data`; `file` names the source in errors.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
        do {
            return try decoder().decode(type, from: data)
        } catch let error as DecodingError {
            let (path, reason) = describe(error)
            throw StudyError.malformedJSON(file: file, path: path, reason: reason)
        } catch {
            throw StudyError.malformedJSON(file: file, path: "", reason: "\(error)")
        }
    }

    /// The coding path (`conditions[2].ranks[0].rate`) and a one-line reason of a decoding error.
    static func describe(_ error: DecodingError) -> (path: String, reason: String) {
        switch error {
        case let .keyNotFound(key, context):
            return (pathString(context.codingPath + [key]), "missing key '\(key.stringValue)'")
        case let .typeMismatch(type, context):
            return (pathString(context.codingPath), "expected \(type): \(context.debugDescription)")
        case let .valueNotFound(type, context):
            return (pathString(context.codingPath), "expected \(type), found null")
        case let .dataCorrupted(context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return (pathString(context.codingPath), firstLine(underlying ?? context.debugDescription))
        @unknown default:
            return ("", firstLine("\(error)"))
        }
    }

    static func pathString(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private static func firstLine(_ text: String) -> String {
        text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? text
    }
}
