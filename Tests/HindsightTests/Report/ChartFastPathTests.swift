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
                let output = UTF8Output()
                drawing.appendFullWhen(instant, to: output)
                #expect(output.string() == drawing.fullWhen(instant), "\(instant) \(offset)")
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

    /// The shapes as first written, with string interpolation.
    static func referenceShape(_ symbol: ChartDrawing.Symbol, x: Double, y: Double, hatchID: String) -> String {
        func n(_ value: Double) -> String { SVGText.number(value) }
        switch symbol {
        case .escalation, .escalationHierarchical:
            let extra = symbol == .escalationHierarchical ? " hs-hierarchical" : ""
            return "<path class=\"hs-escalation\(extra)\" d=\"M\(n(x)) \(n(y - 7))L\(n(x + 7)) \(n(y + 5.5))L\(n(x - 7)) \(n(y + 5.5))Z\"/>"
        case .commandHandoff, .shiftHandoff:
            let extra = symbol == .shiftHandoff ? " hs-shift" : ""
            return "<path class=\"hs-handoff\(extra)\" d=\"M\(n(x)) \(n(y - 7))L\(n(x + 7)) \(n(y))L\(n(x)) \(n(y + 7))L\(n(x - 7)) \(n(y))Z\"/>"
        case .failed:
            return "<path class=\"hs-failed\" d=\"M\(n(x - 5)) \(n(y - 5))L\(n(x + 5)) \(n(y + 5))M\(n(x + 5)) \(n(y - 5))L\(n(x - 5)) \(n(y + 5))\"/>"
        case .update:
            return "<circle class=\"hs-update\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3.5\"/>"
        case .gap:
            return "<rect class=\"hs-gap\" x=\"\(n(x - 7))\" y=\"\(n(y - 6))\" width=\"14.0\" height=\"12.0\" fill=\"url(#\(hatchID))\"/>"
        case .milestone, .inferredMilestone:
            let extra = symbol == .inferredMilestone ? " hs-inferred" : ""
            return "<circle class=\"hs-milestone\(extra)\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"5.5\"/>"
        case .impact:
            return "<rect class=\"hs-impact hs-impact-key\" x=\"\(n(x - 7))\" y=\"\(n(y - 6))\" width=\"14.0\" height=\"12.0\"/>"
        case .sla:
            return "<line class=\"hs-sla\" x1=\"\(n(x))\" y1=\"\(n(y - 7))\" x2=\"\(n(x))\" y2=\"\(n(y + 7))\"/>"
        }
    }

    @Test func shapesWrittenAsBytesMatchInterpolation() {
        let data = ChartData(title: "T", zone: "Z", utcOffset: 0, milestones: [ChartData.Moment(kind: "detected", at: 0, confidence: "stated")])
        let drawing = ChartDrawing(data: data, layout: .narrow)
        let symbols: [ChartDrawing.Symbol] = [
            .escalation, .escalationHierarchical, .commandHandoff, .shiftHandoff, .failed, .update, .gap, .milestone,
            .inferredMilestone, .impact, .sla,
        ]
        for symbol in symbols {
            for (x, y) in [(0.0, 0.0), (12.34, 56.78), (-3.05, 1e15), (959.96, -0.04), (Double.nan, 4)] {
                #expect(drawing.shape(symbol, x: x, y: y, hatchID: "hs-chart-narrow-hatch") == Self.referenceShape(symbol, x: x, y: y, hatchID: "hs-chart-narrow-hatch"))
            }
        }
        let gap = ChartDrawing.LaneMark(at: 100, end: 50, symbol: .gap, label: nil, tooltip: "t")
        let x = drawing.scale.x(100), end = drawing.scale.x(50)
        let expected = "<rect class=\"hs-gap\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(33 - 7))\" width=\"\(SVGText.number(max(end - x, 2)))\" height=\"14.0\" fill=\"url(#h)\"/>"
        #expect(drawing.symbol(gap, centerY: 33, hatchID: "h") == expected)
    }
}
