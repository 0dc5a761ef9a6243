import Foundation
import Testing
import TestSupport
@testable import TensorCore

private let path = "list.csv"

@Suite struct CSVTests {
    @Test func parsesQuotedFieldsAndCRLF() throws {
        let text = "path,subject,note\r\na.png,1,\"says \"\"hi\"\", twice\"\r\n\"b,c.png\",2,\"two\nlines\"\r\n"
        let table = try CSV.parse(text, source: path)
        #expect(table.header == ["path", "subject", "note"])
        #expect(table.rows == [["a.png", "1", "says \"hi\", twice"], ["b,c.png", "2", "two\nlines"]])
        #expect(table.lineNumbers == [2, 3])
        #expect(try table.column(named: "path") == ["a.png", "b,c.png"])
        #expect(try table.numericColumn(named: "subject") == [1, 2])
    }

    @Test func roundTripWithCommentsAndAwkwardFields() throws {
        var table = CSVTable(header: ["image", "psnr"], comments: ["probes without a gallery mate: 3"])
        table.append(["x,y.png", "31.5"])
        table.append(["quote\".png", "inf"])
        table.append(["#hash.png", ""])
        table.append(["multi\nline", "-0"])
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("t.csv")
        try CSV.write(table, to: url)
        let read = try CSV.read(from: url)
        #expect(read.header == table.header)
        #expect(read.rows == table.rows)
        #expect(read.comments == table.comments)
        #expect(read.source == url.path)
    }

    @Test func skipsBlankLinesAndByteOrderMark() throws {
        let table = try CSV.parse(Data([0xEF, 0xBB, 0xBF] + Array("a,b\n\n1,2\n\n".utf8)), source: path)
        #expect(table.header == ["a", "b"])
        #expect(table.rows == [["1", "2"]])
    }

    @Test func lastLineWithoutNewline() throws {
        #expect(try CSV.parse("a\nx", source: path).rows == [["x"]])
    }

    @Test func emptyFile() {
        #expect(throws: CSVError.empty(path: path)) { try CSV.parse("# only a comment\n\n", source: path) }
    }

    @Test func wrongFieldCountNamesTheLine() {
        #expect(throws: CSVError.fieldCount(path: path, line: 3, expected: 2, actual: 3)) {
            try CSV.parse("a,b\n1,2\n1,2,3\n", source: path)
        }
    }

    @Test func unterminatedQuote() {
        #expect(throws: CSVError.unterminatedQuote(path: path, line: 2)) { try CSV.parse("a,b\n\"1,2\n3,4\n", source: path) }
    }

    @Test func strayQuoteInsideAField() {
        #expect(throws: CSVError.unexpectedQuote(path: path, line: 2)) { try CSV.parse("a\nab\"c\n", source: path) }
        #expect(throws: CSVError.unexpectedQuote(path: path, line: 2)) { try CSV.parse("a\n\"ab\"c\n", source: path) }
    }

    @Test func duplicateColumn() {
        #expect(throws: CSVError.duplicateColumn(path: path, name: "a")) { try CSV.parse("a,b,a\n", source: path) }
    }

    @Test func missingColumnListsTheAvailableOnes() throws {
        let table = try CSV.parse("path,label\n", source: path)
        #expect(throws: CSVError.missingColumn(path: path, name: "subject", available: ["path", "label"])) {
            try table.column(named: "subject")
        }
        #expect("\(CSVError.missingColumn(path: path, name: "subject", available: ["path", "label"]))"
            == "list.csv: no column 'subject' (columns: path, label)")
    }

    @Test func invalidNumberNamesLineAndColumn() throws {
        let table = try CSV.parse("# comment\nx\n1\n2.5\nabc\n", source: path)
        #expect(throws: CSVError.invalidNumber(path: path, line: 5, column: "x", value: "abc")) {
            try table.numericColumn(named: "x")
        }
    }

    @Test func notUTF8() {
        #expect(throws: CSVError.notText(path: path)) { try CSV.parse(Data([0x61, 0x0A, 0xFF, 0xFE]), source: path) }
    }
}
