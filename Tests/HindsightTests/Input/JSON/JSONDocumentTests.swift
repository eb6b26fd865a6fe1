import Foundation
import Testing
@testable import Hindsight

@Suite struct JSONDocumentTests {
    func read(_ text: String) -> ReadResult {
        JSONLogReader.read(data: Data(text.utf8), name: "bad.json", options: ReadingOptions())
    }

    @Test func truncatedJSONIsAnErrorAtTheEnd() throws {
        let result = read("{\n  \"title\": \"x\",\n  \"events\": [\n    {\"time\": \"2026-03-04T10:00:00Z\", \"text\": \"cut")
        #expect(result.logs.isEmpty)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains("truncated"))
        #expect(diagnostic.location?.line == 4)
        #expect(diagnostic.location?.column == 50)
        #expect(diagnostic.location?.path == "$.events[0].text")
    }

    @Test func syntaxErrorsGiveLineColumnAndPath() throws {
        let result = read("{\n  \"title\": \"é\",\n  \"events\": [1, 2,, 3]\n}")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location?.line == 3)
        #expect(diagnostic.location?.column == 19)
        #expect(diagnostic.location?.path == "$.events[2]")
        #expect(diagnostic.formatted.hasPrefix("bad.json:3:19: error:"))
    }

    @Test func deepNestingIsRefusedWithoutRecursion() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let result = read(deep)
        #expect(result.logs.isEmpty)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message.contains("nested more than 512"))
        #expect(diagnostic.location?.line == 1)
        #expect(diagnostic.location?.column == 513)
        let objects = read(String(repeating: "{\"a\":", count: 100_000))
        #expect(objects.diagnostics.first?.message.contains("nested") == true)
        // Brackets inside strings do not count.
        let inString = read("{\"title\": \"" + String(repeating: "[", count: 5_000) + "\", \"events\": []}")
        #expect(inString.logs.count == 1)
    }

    @Test func hugeNumbersBecomeWarningsAndTheRestIsRead() throws {
        let json = """
        {"title": "x", "cost_per_hour": 1e400,
         "events": [{"time": "2026-03-04T10:00:00Z", "text": "ok", "approximate": -1e999}]}
        """
        let result = read(json)
        let log = try #require(result.logs.first)
        #expect(log.metadata.costPerHour == nil)
        #expect(log.events.count == 1)
        let warnings = result.diagnostics.filter { $0.message.contains("out of range") }
        #expect(warnings.count == 2)
        #expect(warnings.first?.location?.path == "$.cost_per_hour")
        #expect(warnings.first?.location?.line == 1)
        #expect(warnings.first?.location?.column == 33)
        #expect(warnings.last?.location?.path == "$.events[0].approximate")
        // Big but representable numbers are range-checked by the reader.
        let big = read(#"{"title": "x", "cost_per_hour": 123456789012345678901234567890, "events": []}"#)
        #expect(big.diagnostics.contains { $0.location?.path == "$.cost_per_hour" && $0.message.contains("out of range") })
    }

    @Test func locatesPathsThroughStringsAndEscapes() {
        let text = #"{"a \"b\"": [{"x": "]}[{"}, {"y": 1"#
        let place = JSONByteScanner.locate(offset: text.utf8.count, in: Data(text.utf8))
        #expect(place.path == #"$["a \"b\""][1].y"#)
    }

    // MARK: - The parser

    /// The parsed root of `text`, or nil with the diagnostics.
    func parse(_ text: String) -> (root: JSONCursor?, diagnostics: [Diagnostic]) {
        let (document, diagnostics) = JSONDocument.parse(Data(text.utf8), file: "t.json")
        return (document?.root, diagnostics)
    }

    @Test func escapesAndSurrogatePairsAreDecoded() throws {
        let root = try #require(parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude00 \uD83D\uDE00", "é€😀", "\u0000", "plain"]"#).root)
        let strings = try #require(root.elements).map(\.string)
        #expect(strings == ["a\"b\\c/d\u{08}\u{0C}\n\r\t", "é€", "😀 😀", "é€😀", "\u{0}", "plain"])
        // A U+FEFF written inside a string is kept, wherever it stands.
        let mark = try #require(parse("[\"\u{FEFF}a\", \"b\\n\u{FEFF}c\"]").root)
        #expect(mark.elements?.map(\.string) == ["\u{FEFF}a", "b\n\u{FEFF}c"])
    }

    @Test(arguments: [
        (#"{"a": "x\qy"}"#, 1, 9, "$.a", "invalid escape sequence"),
        (#"{"a": "\ud800x"}"#, 1, 8, "$.a", "high surrogate"),
        (#"{"a": "\ud800\u0041"}"#, 1, 8, "$.a", "high surrogate"),
        (#"{"a": "\udc00"}"#, 1, 8, "$.a", "low surrogate without a high surrogate"),
        (#"{"a": "\u12zz"}"#, 1, 8, "$.a", "four hex digits"),
        ("{\"a\": \"x\ty\"}", 1, 9, "$.a", "control character (U+0009)"),
    ])
    func badStringsAreErrorsWithTheirPlace(json: String, line: Int, column: Int, path: String, message: String) throws {
        let (root, diagnostics) = parse(json)
        #expect(root == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
        #expect(diagnostic.location?.line == line)
        #expect(diagnostic.location?.column == column)
        #expect(diagnostic.location?.path == path)
    }

    @Test func invalidUTF8InAStringIsAnErrorWithItsPlace() throws {
        var bytes = Array("{\"a\":\n  \"ok\", \"b\": \"x".utf8)
        bytes += [0xC0, 0x80]
        bytes += Array("\"}".utf8)
        let (document, diagnostics) = JSONDocument.parse(Data(bytes), file: "t.json")
        #expect(document == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.message.contains("not UTF-8"))
        #expect(diagnostic.location?.line == 2)
        #expect(diagnostic.location?.column == 16)
        #expect(diagnostic.location?.path == "$.b")
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        let root = try #require(parse(#"{"a": 1, "b": "x", "a": {"c": true}, "é": 1, "e\u0301": 2}"#).root)
        #expect(root["a"].isObject)
        #expect(root["a"]["c"].bool == true)
        #expect(root["a"].path == "$.a")
        // Names compare as Swift strings do: "é" and "e" + U+0301 are the same name.
        #expect(root["e\u{301}"].number == NSNumber(value: 2))
        #expect(root.keys == ["a", "b", "é"])
        let members = try #require(root.members)
        #expect(members.map(\.key) == ["a", "b", "é"])
        #expect(members[0].value.isObject)
        #expect(members[2].value.scalarText == "2")
        #expect(root["a", "b"].isObject)
        #expect(root["missing", "b"].string == "x")
        #expect(root["missing", "other"].path == "$.missing")
    }

    @Test func nestingUpTo512LevelsIsRead() throws {
        let inside = String(repeating: "[", count: 512) + "7" + String(repeating: "]", count: 512)
        var cursor = try #require(parse(inside).root)
        for _ in 0..<512 { cursor = cursor[0] }
        #expect(cursor.number == NSNumber(value: 7))
        let (root, diagnostics) = parse("{\"a\": " + String(repeating: "[", count: 512) + String(repeating: "]", count: 512) + "}")
        #expect(root == nil)
        #expect(diagnostics.first?.message.contains("nested more than 512") == true)
        #expect(diagnostics.first?.location?.column == 518)
        #expect(diagnostics.first?.location?.path == "$.a" + String(repeating: "[0]", count: 511))
    }

    @Test(arguments: [
        ("12", "12"), ("-7", "-7"), ("-0", "0"), ("1.5", "1.5"), ("1e2", "100"), ("2.50", "2.5"), ("1e15", "1000000000000000.0"),
        ("1000000000000000", "1000000000000000"), ("9223372036854775808", "9223372036854775808"),
        ("123456789012345678901234567890", "123456789012345678901234567890"), ("0.30000000000000004", "0.30000000000000004"),
        ("1e-400", "0"), ("1.5e300", "1.5e+300"), ("0.000001", "1e-06"),
    ])
    func numbersReadAsBefore(literal: String, text: String) throws {
        let root = try #require(parse("[\(literal)]").root)
        #expect(root[0].scalarText == text)
        #expect(root[0].kindDescription == "a number")
        #expect(root[0].bool == nil)
    }

    @Test func numberValues() throws {
        let root = try #require(parse(#"[3.7, -2, 1.7976931348623157e308, 18446744073709551615, true, "4"]"#).root)
        #expect(root[0].number?.doubleValue == 3.7)
        #expect(root[0].number?.intValue == 3)
        #expect(root[1].number?.intValue == -2)
        #expect(root[2].number?.doubleValue == .greatestFiniteMagnitude)
        #expect(root[3].number?.uint64Value == .max)
        #expect(root[4].number == nil)
        #expect(root[4].bool == true)
        #expect(root[4].kindDescription == "true/false")
        #expect(root[5].number == nil)
        #expect(root[5].scalarText == "4")
    }

    @Test func moreThan64OutOfRangeNumbersAreAnError() throws {
        let sixtyFour = "[" + Array(repeating: "1e400", count: 64).joined(separator: ", ") + "]"
        let (root, warnings) = parse(sixtyFour)
        #expect(root?.elements?.count == 64)
        #expect(root?[63].isPresent == false)
        #expect(warnings.count == 64)
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(warnings.last?.location?.column == 1 + 63 * 7 + 1)
        let (none, diagnostics) = parse("[" + Array(repeating: "-1E999", count: 65).joined(separator: ",") + "]")
        #expect(none == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.severity == .error)
        #expect(diagnostics.first?.message.contains("more than 64 numbers are out of range") == true)
        #expect(diagnostics.first?.location?.path == "$[64]")
    }

    @Test(arguments: [
        ("[1, 2", 1, 6, "$[1]", "truncated"),
        ("", 1, 1, "$", "truncated"),
        ("  \n ", 2, 2, "$", "truncated"),
        ("{\"a\": tru", 1, 10, "$.a", "truncated"),
        ("[1 2]", 1, 4, "$[0]", "expected \",\" or \"]\""),
        ("{\"a\": 1 \"b\": 2}", 1, 9, "$.a", "expected \",\" or \"}\""),
        ("{\"a\" 1}", 1, 6, "$.a", "expected \":\""),
        ("{1: 2}", 1, 2, "$", "member name"),
        ("[,]", 1, 2, "$[0]", "expected a value"),
        ("[1,,2]", 1, 4, "$[1]", "expected a value"),
        ("{\"a\": 1,,}", 1, 9, "$", "member name"),
        ("[1]]", 1, 4, "$", "end of the document"),
        ("[01]", 1, 3, "$[0]", "leading zero"),
        ("[-01]", 1, 4, "$[0]", "leading zero"),
        ("[1.]", 1, 4, "$[0]", "expected a digit"),
        ("[.5]", 1, 2, "$[0]", "expected a value"),
        ("[1e+]", 1, 5, "$[0]", "expected a digit"),
        ("[TRUE]", 1, 2, "$[0]", "expected a value"),
        ("[nul]", 1, 5, "$[0]", "expected null"),
        ("[1,\u{0C}2]", 1, 4, "$[1]", "expected a value"),
        ("{\"é\": [1}", 1, 9, #"$["é"][0]"#, "expected \",\" or \"]\""),
    ])
    func syntaxErrorsGiveTheirPlace(json: String, line: Int, column: Int, path: String, message: String) throws {
        let (root, diagnostics) = parse(json)
        #expect(root == nil)
        #expect(diagnostics.count == 1)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
        #expect(diagnostic.location?.line == line)
        #expect(diagnostic.location?.column == column)
        #expect(diagnostic.location?.path == path)
    }

    @Test func emptyContainersWhitespaceAndTrailingCommas() throws {
        let root = try #require(parse(" \t\r\n{ \"a\" : { } , \"b\":[\n] , \"c\": [1, 2,], \"d\": {\"x\": null,}\n}\r\n").root)
        #expect(root["a"].isObject)
        #expect(root["a"].keys == [])
        #expect(root["b"].elements?.isEmpty == true)
        #expect(root["c"].elements?.map(\.scalarText) == ["1", "2"])
        #expect(root["d"].keys == ["x"])
        #expect(root["d"]["x"].kindDescription == "null")
        #expect(root["d"]["y"].kindDescription == "nothing")
        #expect(root["b"][0].isPresent == false)
        #expect(root["b"][-1].isPresent == false)
        #expect(root[0].isPresent == false)
        #expect(root.keys == ["a", "b", "c", "d"])
        #expect(root.elements == nil)
        #expect(root["c"].keys == nil)
    }

    @Test func topLevelScalarsAreRead() throws {
        #expect(parse(#""text""#).root?.string == "text")
        #expect(parse(" 12 ").root?.number == NSNumber(value: 12))
        #expect(parse("false").root?.bool == false)
        #expect(parse("null").root?.kindDescription == "null")
        #expect(parse("null").root?.isPresent == false)
    }

    @Test func byteOrderMarksAndOtherUnicodeEncodings() throws {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let (withMark, _) = JSONDocument.parse(Data(mark + Array(#"{"a": "b"}"#.utf8)), file: "t.json")
        #expect(withMark?.root["a"].string == "b")
        // Positions on the first line do not count the mark.
        let (_, problems) = JSONDocument.parse(Data(mark + Array("[1,,]".utf8)), file: "t.json")
        #expect(problems.first?.location?.column == 4)
        let text = #"{"a": ["é", 2]}"#
        let little = Data(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let big = Data([0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        for data in [little, big] {
            let (document, diagnostics) = JSONDocument.parse(data, file: "t.json")
            #expect(diagnostics.isEmpty)
            #expect(document?.root["a"][0].string == "é")
            #expect(document?.root["a"][1].scalarText == "2")
        }
        let (broken, diagnostics) = JSONDocument.parse(Data([0xFF, 0xFE, 0x00, 0xD8]), file: "t.json")
        #expect(broken == nil)
        #expect(diagnostics.first?.message.contains("not valid UTF-16") == true)
    }

    @Test func parsedValuesLeaveNothingToTrapOn() throws {
        // Every prefix of a document is either read or refused with one error.
        let text = #"{"a": [1, -2.5e3, "x\u00e9\"", true, null, {"b": []}], "c": {}}"#
        for length in 0...text.utf8.count {
            let (document, diagnostics) = JSONDocument.parse(Data(text.utf8.prefix(length)), file: "t.json")
            if length == text.utf8.count {
                #expect(document?.root["a"].elements?.count == 6)
                #expect(document?.root["a"][2].string == "xé\"")
            } else {
                #expect(document == nil || diagnostics.isEmpty)
                #expect(document != nil || diagnostics.count == 1)
            }
        }
    }

    @Test func epochUnitsAreToldByMagnitude() {
        #expect(JSONTimestamps.epoch(1_420_452_191).map(Instants.iso8601) == "2015-01-05T10:03:11Z")
        #expect(JSONTimestamps.epoch(1_420_452_191_104).map(Instants.iso8601) == "2015-01-05T10:03:11Z")
        #expect(JSONTimestamps.epoch(1_420_452_191_104_000).map(Instants.iso8601) == "2015-01-05T10:03:11Z")
        #expect(JSONTimestamps.epoch(1.420452224764002e18).map(Instants.iso8601) == "2015-01-05T10:03:44Z")
        #expect(JSONTimestamps.epoch(0) == nil)
        #expect(JSONTimestamps.epoch(-5) == nil)
        #expect(JSONTimestamps.epoch(.infinity) == nil)
    }
}
