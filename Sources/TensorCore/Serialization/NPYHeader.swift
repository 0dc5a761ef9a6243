/// The header dictionary of a `.npy` file, a Python literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
struct NPYHeader: Equatable {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    struct ParseFailure: Error {
        let reason: String
    }

    private enum Token: Equatable {
        case string(String), word(String), integer(Int), punctuation(Character)
    }

    /// Parses the literal; every key must be present, the element count must fit an `Int`.
    static func parse(_ text: String) throws(ParseFailure) -> NPYHeader {
        var tokens = try tokenize(text)[...]
        func next() throws(ParseFailure) -> Token {
            guard let token = tokens.popFirst() else { throw ParseFailure(reason: "header dictionary is cut off") }
            return token
        }
        func expect(_ character: Character) throws(ParseFailure) {
            guard try next() == .punctuation(character) else { throw ParseFailure(reason: "expected '\(character)'") }
        }
        var descr: String?, fortranOrder: Bool?, shape: [Int]?
        try expect("{")
        while tokens.first != .punctuation("}") {
            guard case let .string(key) = try next() else { throw ParseFailure(reason: "expected a quoted key") }
            try expect(":")
            switch key {
            case "descr":
                guard case let .string(value) = try next() else { throw ParseFailure(reason: "'descr' is not a string") }
                descr = value
            case "fortran_order":
                switch try next() {
                case .word("True"): fortranOrder = true
                case .word("False"): fortranOrder = false
                default: throw ParseFailure(reason: "'fortran_order' is not True or False")
                }
            case "shape":
                try expect("(")
                var dimensions: [Int] = []
                while tokens.first != .punctuation(")") {
                    guard case let .integer(dimension) = try next() else {
                        throw ParseFailure(reason: "'shape' holds something other than non-negative integers")
                    }
                    dimensions.append(dimension)
                    if tokens.first == .punctuation(",") { tokens.removeFirst() }
                }
                try expect(")")
                shape = dimensions
            default:
                throw ParseFailure(reason: "unexpected key '\(key)'")
            }
            if tokens.first == .punctuation(",") { tokens.removeFirst() }
        }
        try expect("}")
        guard tokens.isEmpty else { throw ParseFailure(reason: "text after the header dictionary") }
        guard let descr, let fortranOrder, let shape else {
            throw ParseFailure(reason: "the keys 'descr', 'fortran_order' and 'shape' are all required")
        }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= Int(Int32.max) * 64 else { throw ParseFailure(reason: "shape \(shape) is too large") }
            count = product
        }
        return NPYHeader(descr: descr, fortranOrder: fortranOrder, shape: shape)
    }

    private static func tokenize(_ text: String) throws(ParseFailure) -> [Token] {
        var tokens: [Token] = []
        var characters = Substring(text)
        while let character = characters.first {
            if character.isWhitespace {
                characters.removeFirst()
            } else if "{}():,".contains(character) {
                tokens.append(.punctuation(character))
                characters.removeFirst()
            } else if character == "'" || character == "\"" {
                characters.removeFirst()
                guard let end = characters.firstIndex(of: character) else {
                    throw ParseFailure(reason: "unterminated string")
                }
                tokens.append(.string(String(characters[..<end])))
                characters = characters[characters.index(after: end)...]
            } else if character.isNumber {
                let digits = characters.prefix(while: \.isNumber)
                guard let value = Int(digits) else { throw ParseFailure(reason: "invalid integer '\(digits)'") }
                tokens.append(.integer(value))
                characters = characters.dropFirst(digits.count)
                if characters.first == "L" { characters.removeFirst() }  // Python 2 long literal
            } else if character.isLetter {
                let word = characters.prefix(while: { $0.isLetter || $0 == "_" })
                tokens.append(.word(String(word)))
                characters = characters.dropFirst(word.count)
            } else {
                throw ParseFailure(reason: "unexpected character '\(character)'")
            }
        }
        return tokens
    }
}
