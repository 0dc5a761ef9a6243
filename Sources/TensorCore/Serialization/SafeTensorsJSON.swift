/// A minimal JSON value and parser for safetensors headers.
///
/// Foundation's parser folds duplicate keys silently; this one keeps objects as ordered
/// key–value lists so the reader can reject a tensor name given twice, and keeps
/// numbers as their source text so 64-bit offsets are read exactly.
enum SafeTensorsJSON: Equatable {
    case object([(key: String, value: SafeTensorsJSON)])
    case array([SafeTensorsJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (lhs: SafeTensorsJSON, rhs: SafeTensorsJSON) -> Bool {
        switch (lhs, rhs) {
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(a), .array(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// The value as a non-negative integer, if it is one written without fraction or exponent.
    var nonNegativeInteger: Int? {
        guard case let .number(text) = self, !text.contains(where: { ".eE+".contains($0) }) else { return nil }
        return Int(text).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The value as an integer of any sign written without fraction or exponent.
    var integer: Int? {
        guard case let .number(text) = self, !text.contains(where: { ".eE+".contains($0) }) else { return nil }
        return Int(text)
    }

    /// Parses one JSON document; throws a reason string on malformed input.
    static func parse(_ bytes: [UInt8]) throws(ParseFailure) -> SafeTensorsJSON {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.failure("unexpected text after the JSON value") }
        return value
    }

    struct ParseFailure: Error {
        let reason: String
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        static let maximumDepth = 64

        func failure(_ reason: String) -> ParseFailure {
            ParseFailure(reason: "\(reason) at byte \(position)")
        }

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(ParseFailure) {
            guard position < bytes.count, bytes[position] == byte else {
                throw failure("expected '\(Character(Unicode.Scalar(byte)))'")
            }
            position += 1
        }

        mutating func parseValue(depth: Int) throws(ParseFailure) -> SafeTensorsJSON {
            guard depth < Self.maximumDepth else { throw failure("nesting too deep") }
            guard position < bytes.count else { throw failure("unexpected end of JSON") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth)
            case UInt8(ascii: "["): return try parseArray(depth: depth)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try parseLiteral("null"); return .null
            default: return .number(try parseNumber())
            }
        }

        mutating func parseLiteral(_ word: String) throws(ParseFailure) {
            for byte in word.utf8 { try expect(byte) }
        }

        mutating func parseObject(depth: Int) throws(ParseFailure) -> SafeTensorsJSON {
            try expect(UInt8(ascii: "{"))
            var members: [(key: String, value: SafeTensorsJSON)] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a string key") }
                let key = try parseString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                members.append((key, try parseValue(depth: depth + 1)))
                skipWhitespace()
                guard position < bytes.count else { throw failure("unterminated object") }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                try expect(UInt8(ascii: ","))
            }
        }

        mutating func parseArray(depth: Int) throws(ParseFailure) -> SafeTensorsJSON {
            try expect(UInt8(ascii: "["))
            var elements: [SafeTensorsJSON] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard position < bytes.count else { throw failure("unterminated array") }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
                try expect(UInt8(ascii: ","))
            }
        }

        mutating func parseNumber() throws(ParseFailure) -> String {
            let start = position
            let allowed = Set("0123456789+-.eE".utf8)
            while position < bytes.count, allowed.contains(bytes[position]) { position += 1 }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            guard !text.isEmpty, Double(text) != nil, text.first != "+" else {
                position = start
                throw failure("invalid value")
            }
            return text
        }

        mutating func parseHex4() throws(ParseFailure) -> UInt32 {
            guard position + 4 <= bytes.count,
                  let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
            else { throw failure("invalid \\u escape") }
            position += 4
            return value
        }

        mutating func parseString() throws(ParseFailure) -> String {
            try expect(UInt8(ascii: "\""))
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []  // pending UTF-8 bytes
            func flush() -> Bool {
                guard !raw.isEmpty else { return true }
                guard let text = String(validating: raw, as: UTF8.self) else { return false }
                scalars.append(contentsOf: text.unicodeScalars)
                raw.removeAll(keepingCapacity: true)
                return true
            }
            while true {
                guard position < bytes.count else { throw failure("unterminated string") }
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard flush() else { throw failure("string is not valid UTF-8") }
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    guard flush() else { throw failure("string is not valid UTF-8") }
                    guard position < bytes.count else { throw failure("unterminated string") }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        var code = try parseHex4()
                        if (0xD800..<0xDC00).contains(code) {
                            try expect(UInt8(ascii: "\\"))
                            try expect(UInt8(ascii: "u"))
                            let low = try parseHex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw failure("invalid surrogate pair") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw failure("invalid \\u escape") }
                        scalars.append(scalar)
                    default: throw failure("invalid escape")
                    }
                case 0..<0x20: throw failure("control character in string")
                default: raw.append(byte)
                }
            }
        }
    }

    /// `text` as a JSON string literal (quotes and escapes).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
