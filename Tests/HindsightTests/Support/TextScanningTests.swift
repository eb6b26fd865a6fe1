import Foundation
import Testing
@testable import Hindsight

/// The byte-level fast paths must give exactly what the Foundation and
/// standard-library calls they replace give.
@Suite struct TextScanningTests {
    static let samples = [
        "", " ", "\t", "plain", "  two words  ", "\u{00A0}nbsp\u{3000}", "\u{2028}line\u{2029}", "\r\nCRLF\r\n",
        "a\r\nb\nc\rd", "\n\n", "tail\n", "é\u{301} ", " \u{301}x", "x\u{200A}", "\u{85}next\u{85}", "\u{FEFF}bom",
        "K\u{212A}elvin", "emoji 👩‍💻 | pipe", "日本語のテキスト", "a|b\\|c`d|e`|f",
    ]

    /// Every two- to four-byte sequence whose bytes are interesting (boundaries of the
    /// lead and continuation ranges), alone and after ASCII runs of every alignment, and
    /// random mixes of ASCII, valid and invalid sequences.
    @Test func utf8ValidationMatchesTheStandardLibrary() {
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        func check(_ bytes: [UInt8]) {
            let fast = bytes.withUnsafeBufferPointer(TextScanning.isValidUTF8)
            #expect(fast == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
        var checked = 0
        for a in edges {
            for b in edges {
                check([a, b])
                for c in edges {
                    check([a, b, c])
                    for d in [0x80, 0xBF, 0x41, 0xC0] as [UInt8] {
                        for prefix in [0, 3, 7] {
                            check(Array(repeating: 0x61, count: prefix) + [a, b, c, d])
                            checked += 1
                        }
                    }
                }
            }
        }
        var generator = RobustnessTests.SeededGenerator(state: 57)
        let pieces: [[UInt8]] = [Array("plain text, ".utf8), Array("é".utf8), Array("—".utf8), Array("👩‍💻".utf8), [0xC3], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x80, 0x80], Array(repeating: 0x20, count: 13)]
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            check(bytes)
        }
        #expect(checked > 10_000)
    }

    @Test func trimmingMatchesFoundation() {
        for text in Self.samples {
            #expect(String(text.trimmedWhitespace()) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            #expect(String(text.trimmedNewlines()) == text.trimmingCharacters(in: .newlines), "\(text.debugDescription)")
            #expect(String(text.trimmedWhitespaceAndNewlines()) == text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    @Test func whitespaceSetsMatchFoundationForEveryBMPScalar() {
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(TextScanning.isWhitespace(value) == CharacterSet.whitespaces.contains(scalar), "U+\(String(value, radix: 16))")
            #expect(TextScanning.isNewline(value) == CharacterSet.newlines.contains(scalar), "U+\(String(value, radix: 16))")
        }
    }

    @Test func linesMatchCharacterSplit() {
        for text in Self.samples + ["a\nb\r\nc\n\r\nd\r", "\r\n\n\r"] {
            let expected = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(TextScanning.lines(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test func asciiContainsAgreesOrDefers() {
        let cases: [(String, String)] = [
            ("OUTAGE BEGINS now", "OUTAGE BEGINS"), ("no marker", "RESOLVED"), ("**RESOLVED** at 10:00", "**RESOLVED"),
            ("RESOLVED\u{301}", "RESOLVED"), ("éRESOLVED", "RESOLVED"), ("RES", "RESOLVED"), ("\u{212A}ELVIN", "KELVIN"),
        ]
        for (text, needle) in cases {
            if let answer = TextScanning.asciiContains(text, needle) {
                #expect(answer == text.contains(needle), "\(text.debugDescription) / \(needle)")
            }
        }
        #expect(TextScanning.asciiContains("RESOLVED\u{301}", "RESOLVED") == nil)
        #expect(TextScanning.asciiContains("\u{212A}ELVIN", "KELVIN") == nil)
    }
}

@Suite struct FastPathEquivalenceTests {
    static let texts = TextScanningTests.samples + [
        "Alert ~~fired~~ at *03:00* <b>|</b> `a|b` \\| c", "~14:20", "~~", "tabs\tand\r\nbreaks\rhere", "a `` b ` c `` d <e>",
        "back\\<slash", "|\u{301} pipe with a combining mark", "`\u{301}", "\\\u{301}", "x \u{0600}| prepend", "naïve café — Tomás",
        "[link](http://x) ![img](y) #tag & more!", "``", "`", "```", "a\\", "|", "||", "| a | b |", "\\|", "a \\| b |",
    ]

    @Test func markdownEscapeMatchesCharacterPath() {
        for text in Self.texts {
            #expect(MarkdownText.escape(text) == MarkdownText.characterEscape(text), "\(text.debugDescription)")
            #expect(MarkdownText.inline(text) == MarkdownText.characterInline(text), "\(text.debugDescription)")
        }
    }

    @Test func pipeTableCellsMatchCharacterPath() {
        for text in Self.texts {
            let body = text.trimmedWhitespace()
            if let fast = PipeTable.asciiCells(of: body) {
                #expect(fast == PipeTable.characterCells(of: body), "\(text.debugDescription)")
            }
        }
    }

    @Test func batchedCellsRenderAsCellsAlone() {
        let cells = Self.texts + [
            "# heading", "- item", "* item", "+ item", "1. one", "2) two", "12:00", "2026-03-04", "***", "---", "___", "- - -",
            "> quote", "<div>", "<!-- c -->", "```code```", "~~~", "[ref]: /url", "[ref]", "*emphasis*", "**strong**", "_x_",
            "-5%", "+1", "=== ", "\u{00A0}nbsp first", "    indented", "&amp; &copy;", "a  ", "x\0y",
        ]
        let batched = MarkdownRenderer.inlineHTML(cells)
        for (cell, html) in zip(cells, batched) {
            #expect(html == MarkdownRenderer.inlineHTML(cell), "\(cell.debugDescription)")
        }
    }

    @Test func aReferenceDefinitionAmongCellsDoesNotLeak() {
        let cells = ["[a]", "[a]: http://example.com", "see [a]"]
        #expect(MarkdownRenderer.inlineHTML(cells) == cells.map(MarkdownRenderer.inlineHTML))
    }
}

@Suite struct MoreFastPathTests {
    @Test func trimmingCharactersOfAStringMatchesFoundation() {
        for text in TextScanningTests.samples + ["@ owner @", ".,;word;,.", " -–—:, text —", "((x))", "—"] {
            for characters in ["@ ", ".,;", ".,;)", " -–—:,"] {
                #expect(String(text.trimmed(of: characters)) == text.trimmingCharacters(in: CharacterSet(charactersIn: characters)))
            }
        }
    }

    @Test func htmlAndSVGEscapesMatchScalarPaths() {
        for text in FastPathEquivalenceTests.texts + ["<a href=\"x\">'&'</a>", "ctrl\u{1}\u{1F}\u{FFFE}\u{FFFF}\u{FFFD}end"] {
            #expect(HTMLText.escape(text) == HTMLText.scalarEscape(text))
            #expect(SVGText.escape(text) == SVGText.scalarEscape(text))
        }
    }

    @Test func wordTablesFindWhatDictionariesFind() throws {
        let keys = ["pages", "to", "with", "sre", "a", "escalated"]
        let table = try #require(WordTable(keys.map { ($0, $0.count) }))
        for word in keys + ["Pages", "TO", "page", "", "tos", "naïve", "escalate", "ESCALATED"] {
            #expect(table.value(for: word) == (keys.contains(word) ? word.count : nil))
            #expect((table.value(forLowering: word.utf8) != nil) == keys.contains(word.lowercased()))
        }
        #expect(WordTable([("café", 1)]) == nil)
    }

    @Test func templatesIncludingTheReportAreSeen() {
        #expect(TimelineRows.includesReport("{{> report.md}}"))
        #expect(TimelineRows.includesReport("a {{>report.md}} b"))
        #expect(TimelineRows.includesReport("{{>* name}}"))
        #expect(!TimelineRows.includesReport("{{> style}} {{report.md}}"))
        #expect(ReportTemplates.quickToParse("a { b }\n") != "a { b }\n")
        #expect(ReportTemplates.quickToParse("{{x}}") == "{{x}}")
    }
}
