import Foundation
import Testing
@testable import Hindsight

/// The chart's fast paths give what the character-level code gives.
@Suite struct ChartFastPathTests {
    static let pieces = [
        "word", "Tomás", "Ñandú", "ỳ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{85}", "\u{2028}", "\u{00A0}", "\u{3000}", "…", "—",
        "–", "“", "‼", "\u{301}", "\u{200D}", "\u{0600}", "👩‍💻", "🇩🇪", "日本", "한", "*", "**", "`", "_", "\\", "\\*", "\\_", "[",
        "]", "(", ")", "[text](http://x.example/a_(b))", "[x]", "](", ",", ";", ":", ".", "-", "!", "$", "+", "|", "é", "\u{212A}",
        "\u{037E}", "snake_case", "a_b", "_x_",
    ]

    static func texts() -> [String] {
        var generator = RobustnessTests.SeededGenerator(state: 3)
        var texts = pieces + ["", " lead", "trail ", "a  b", "Restart **both** `fra1` [load balancers](https://x.example/a_(b)) now"]
        for _ in 0..<6_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...24, using: &generator) { text += pieces.randomElement(using: &generator) ?? "" }
            texts.append(text)
        }
        return texts
    }

    @Test func labelsFromScalarsMatchCharacters() {
        for text in Self.texts() {
            for limit in [0, 1, 2, 5, 20, 40, 120] {
                #expect(ChartData.label(text, limit: limit) == ChartData.characterLabel(text, limit: limit), "\(text.debugDescription) \(limit)")
                #expect(ChartData.truncated(text, limit: limit) == ChartData.characterTruncated(text, limit: limit), "\(text.debugDescription) \(limit)")
            }
        }
    }

    @Test func svgEscapeAndNumbersMatchTheFirstWriting() {
        for text in Self.texts() + ["a<b>&\"'", "\u{1}x\u{FFFE}\u{FFFF}\u{FFFD}", "\u{EFFF}"] {
            #expect(SVGText.escape(text) == SVGText.scalarEscape(text), "\(text.debugDescription)")
        }
        for value in [0.0, -0.0, 0.04, -0.04, 0.05, -0.05, 1.25, -3.0, 12.5, 959.99, -1234567.89, 1e14, -1e14, 1e16, .nan, .infinity] {
            let tenths = (value * 10).rounded()
            var expected = "0.0"
            if tenths.isFinite, abs(tenths) < 1e15 {
                let integer = Int(tenths)
                expected = (integer < 0 ? "-" : "") + "\(abs(integer) / 10).\(abs(integer) % 10)"
            }
            #expect(SVGText.number(value) == expected, "\(value)")
        }
    }

    @Test func chartCommentIsFoundAsBefore() {
        let comment = ChartData(title: "T", zone: "UTC", utcOffset: 0, milestones: [ChartData.Moment(kind: "detected", at: 0, confidence: "stated")])
            .markdownComment()
        let documents = [
            "# R\n" + comment + "\n", "x <!-- hindsight:chart {} -->\n" + comment + "\n", "<!-- hindsight:char\n" + comment,
            "\r" + comment + "\r\n<", comment + "\n" + comment, "<<<", "",
        ]
        for document in documents {
            #expect(ChartData.parse(fromMarkdown: document) != nil || !document.contains(comment + "\n") || document.hasPrefix("x"))
            var lines: [Substring] = []
            let prefix = Array(ChartData.commentPrefix.utf8)
            var copy = document
            copy.withUTF8 { bytes in
                var from = 0
                while let found = TextScanning.firstOffset(of: prefix, in: bytes, from: from) {
                    var start = found
                    while start > 0, bytes[start - 1] != 10, bytes[start - 1] != 13 { start -= 1 }
                    var end = found
                    while end < bytes.count, bytes[end] != 10, bytes[end] != 13 { end += 1 }
                    let utf8 = document.utf8
                    lines.append(document[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)])
                    from = end
                }
            }
            #expect(ChartData.candidateLines(document) == lines, "\(document.debugDescription)")
        }
    }

    @Test func tooltipTimesWrittenAsBytesMatchStrings() {
        var generator = RobustnessTests.SeededGenerator(state: 9)
        for offset in [0, 3600, -18_000, 19_800, 86_400, -86_400, 45] {
            let data = ChartData(title: "T", zone: "Z", utcOffset: offset, milestones: [ChartData.Moment(kind: "detected", at: 0, confidence: "stated")])
            let drawing = ChartDrawing(data: data, layout: .wide)
            var instants = [0, 59, 60, 86_399, 86_400, -1, -86_401, 1_772_608_560, -62_135_596_800, 99_999_999_999]
            for _ in 0..<2_000 { instants.append(Int.random(in: -100_000_000_000...100_000_000_000, using: &generator)) }
            for instant in instants {
                var bytes: [UInt8] = []
                drawing.appendFullWhen(instant, to: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == drawing.fullWhen(instant), "\(instant) \(offset)")
            }
        }
    }

    @Test func commentEscapingOnBytesMatchesScalars() {
        var jsons = [#"{"a":"x-y<z>&w\u{85}\u{2028}\u{2029}","b":-1}"#, #"{"t":"a\"-\\-"}"#, "\"\u{85}\"", "-\"\\\u{2028}\"", ""]
        for text in Self.texts() {
            jsons.append(#"{"k":"# + "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" + #","n":-2}"#)
            jsons.append(text)
        }
        for json in jsons {
            #expect(ChartData.commentSafe(json) == ChartData.scalarCommentSafe(json), "\(json.debugDescription)")
        }
    }
}
