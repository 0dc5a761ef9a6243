import Foundation

/// An external program's command line with `{input}` and `{output}` placeholders, split into
/// argument words the way a POSIX shell splits them (no shell runs it): blanks separate
/// words; `'…'` keeps everything literally; `"…"` keeps everything but `\"` and `\\`;
/// a backslash outside quotes escapes the next character.
public struct CommandTemplate: Sendable, Hashable {
    /// Placeholder for the folder of input PNGs.
    public static let inputPlaceholder = "{input}"
    /// Placeholder for the folder the program writes its PNGs into.
    public static let outputPlaceholder = "{output}"

    /// The template as written.
    public let text: String
    /// The words, placeholders not yet replaced; `words[0]` is the program.
    public let words: [String]

    /// Splits `text`; throws `DeocclusionError.invalidCommand` on an unterminated quote, an
    /// empty command or a missing placeholder.
    public init(_ text: String) throws {
        self.text = text
        self.words = try Self.split(text)
        guard !words.isEmpty else { throw DeocclusionError.invalidCommand(text, reason: "no program given") }
        for placeholder in [Self.inputPlaceholder, Self.outputPlaceholder]
        where !words.dropFirst().contains(where: { $0.contains(placeholder) }) {
            throw DeocclusionError.invalidCommand(text, reason: "the arguments need the placeholder \(placeholder)")
        }
    }

    /// The program (first word).
    public var program: String { words[0] }

    /// The arguments after the program with both placeholders replaced.
    public func arguments(input: String, output: String) -> [String] {
        words.dropFirst().map {
            $0.replacingOccurrences(of: Self.inputPlaceholder, with: input)
                .replacingOccurrences(of: Self.outputPlaceholder, with: output)
        }
    }

    private static func split(_ text: String) throws -> [String] {
        enum Quote { case none, single, double }
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote = Quote.none
        var iterator = text.makeIterator()
        while let ch = iterator.next() {
            switch quote {
            case .single:
                if ch == "'" { quote = .none } else { current.append(ch) }
            case .double:
                if ch == "\"" {
                    quote = .none
                } else if ch == "\\" {
                    guard let next = iterator.next() else { break }
                    if next != "\"" && next != "\\" { current.append(ch) }
                    current.append(next)
                } else {
                    current.append(ch)
                }
            case .none:
                if ch == " " || ch == "\t" || ch == "\n" {
                    if inWord { words.append(current) }
                    current = ""
                    inWord = false
                } else if ch == "'" {
                    quote = .single
                    inWord = true
                } else if ch == "\"" {
                    quote = .double
                    inWord = true
                } else if ch == "\\" {
                    guard let next = iterator.next() else {
                        throw DeocclusionError.invalidCommand(text, reason: "ends with a lone backslash")
                    }
                    current.append(next)
                    inWord = true
                } else {
                    current.append(ch)
                    inWord = true
                }
            }
        }
        guard quote == .none else {
            throw DeocclusionError.invalidCommand(text, reason: "unterminated \(quote == .single ? "'" : "\"") quote")
        }
        if inWord { words.append(current) }
        return words
    }
}
