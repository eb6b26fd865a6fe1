import Foundation
import Testing
@testable import Hindsight

/// The HTML page's fast paths give exactly what the slow paths give: plain table cells
/// copied without cmark, pipe tables read from bytes, marker blocks checked on bytes.
@Suite struct PageFastPathTests {
    typealias Generator = RobustnessTests.SeededGenerator

    /// Pieces cells are made of: words, every ASCII punctuation mark, spaces and tabs,
    /// non-ASCII letters, combining marks, joiners, prepended marks, Unicode spaces and
    /// separators, control bytes.
    static let pieces: [String] = {
        var pieces = ["word", "Tomás", "2026-03-04", "02:50", "01:50Z", "log.md:38", " ", " ", "  ", "\t", "é", "…", "—", "日本",
            "\u{301}", "\u{200D}", "\u{0600}", "\u{00A0}", "\u{3000}", "\u{2028}", "\u{85}", "\u{7F}", "\u{1}", "👩‍💻", "1.", "1)",
            "12", "-", "--", "+", "#", "~~~", "```", ">", "=", "***", "- ", "+ ", "&amp;", "&", "http://x", "<b>", "[x](y)", "\\|"]
        for value in UInt8(0x21)...UInt8(0x7E) where !(value >= 0x30 && value <= 0x39) && !(value >= 0x41 && value <= 0x5A)
            && !(value >= 0x61 && value <= 0x7A)
        {
            pieces.append(String(UnicodeScalar(value)))
        }
        return pieces
    }()

    static func randomText(_ generator: inout Generator, maxPieces: Int) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...maxPieces, using: &generator) {
            text += pieces.randomElement(using: &generator) ?? ""
        }
        return text
    }

    /// The claim the fast path rests on: cmark renders a cell that ``MarkdownRenderer/plainCellHTML(_:)``
    /// accepts to that HTML. Checked against cmark over many generated cells.
    @Test func plainCellsRenderAsCmarkRendersThem() {
        var generator = Generator(state: 7)
        var cells: [String] = [
            "plain words", "2026-03-04 02:50", "01:50Z", "log-10000.md:38", "a \"quoted\" > b", "it's", "1.5 h", "12:00",
            "-5%", "+1", "- - x", "--x", "+++", "=== ", "#tag inside", "x#", "~ tilde", "9)", "1234567890. ten digits",
            "a\u{7F}b", "café — Tomás …", "\u{00A0}nbsp first", "a  b", "x ~~y~~", "a|b", "\u{2028}x", "x\u{85}y",
        ]
        for _ in 0..<20_000 { cells.append(Self.randomText(&generator, maxPieces: 6)) }
        var fast = 0
        let batched = MarkdownRenderer.inlineHTML(cells)
        for (cell, together) in zip(cells, batched) {
            guard let html = MarkdownRenderer.plainCellHTML(cell) else { continue }
            fast += 1
            // Alone, and among other cells in one document.
            #expect(html == MarkdownRenderer.inlineHTML(cell), "\(cell.debugDescription)")
            #expect(html == together, "\(cell.debugDescription)")
        }
        #expect(fast > 2_000)
    }

    static func randomTable(_ generator: inout Generator) -> String {
        let columns = Int.random(in: 1...4, using: &generator)
        func row(_ cell: () -> String) -> String {
            let count = max(1, columns + Int.random(in: -1...1, using: &generator))
            var line = Bool.random(using: &generator) ? "| " : ""
            line += (0..<count).map { _ in cell() }.joined(separator: [" | ", "|", " \\| ", "\t|"].randomElement(using: &generator) ?? "|")
            line += [" |", "|", "", " \\|", " | \u{301}"].randomElement(using: &generator) ?? ""
            return line
        }
        func cell(_ pieces: Int) -> String {
            switch Int.random(in: 0..<40, using: &generator) {
            case 0: "[r]: /u"
            case 1: "[r]"
            case 2: "'\u{0600}"
            case 3: "\u{301}'x"
            default: randomText(&generator, maxPieces: pieces)
            }
        }
        var lines = [row { cell(3) }]
        lines.append(row { ["---", ":--", "--:", ":-:", "-", "x"].randomElement(using: &generator) ?? "---" })
        if Int.random(in: 0..<5, using: &generator) > 0 { lines[1] = "|" + Array(repeating: " --- |", count: columns).joined() }
        for _ in 0..<Int.random(in: 0...6, using: &generator) {
            var line = row { cell(5) }
            if Int.random(in: 0..<8, using: &generator) == 0 { line = "  " + line + "\u{00A0}" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func tablesReadFromBytesRenderAsPipeTablesDo() {
        var generator = Generator(state: 11)
        var documents = [
            "| Time | Event |\n|---|:--|\n| 03:00 | *paged* |\n| 03:05 | a \\| b |\n", "a | b\nc | d\n",
            "| a |\n|---|\n| <script>x</script> [l](javascript:x) |\n", "| a | b |\n| --- | --- |\n| `x|y` | \"q\" > r |\n",
            "|\u{301} a | b |\n| --- | --- |\n| c | d |\n", "| a | b |\n| --- | --- |\n| c |\u{301} d |\n", "x\n|---|\n",
            "| a | b |\n| --- | --- |\n| c \\| d | e\\\\ |\n| 1. x | - y |\n| # h | > q |\n", "| a |\n| --- |\n",
            "| a | b |\r\n| --- | --- |\r\n| c | d |\r\n", "| a | b |\n| --- | --- |\n| é| ¦ |\n|x\u{0600}| y |\n",
        ]
        for _ in 0..<3_000 {
            var document = ""
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                document += Self.randomTable(&generator) + (Bool.random(using: &generator) ? "\n" : "\nText *between*.\n\n")
            }
            documents.append(document)
        }
        for document in documents {
            let fast = MarkdownRenderer.render(document, readingTablesFromBytes: true)
            let slow = MarkdownRenderer.render(document, readingTablesFromBytes: false)
            #expect(fast.html == slow.html, "\(document.debugDescription)")
            #expect(fast.title == slow.title)
        }
    }

    @Test func goldenReportsRenderAsPipeTablesDo() throws {
        let folder = GoldenReportTests.golden
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
        #expect(!names.isEmpty)
        for name in names {
            let report = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let fast = MarkdownRenderer.render(report, readingTablesFromBytes: true).html
            #expect(fast == MarkdownRenderer.render(report, readingTablesFromBytes: false).html, "\(name)")
        }
    }

    @Test func markerBlocksCheckedOnBytesAsOnCharacters() {
        var literals = [
            "", "\n", "<!-- hindsight:begin header 0123456789abcdef -->\n", "<!-- hindsight:end header -->\n<!-- hindsight:chart {} -->\n",
            "  <!-- hindsight:x -->  \n\n<!-- hindsight:y -->", "<!-- hindsight:\u{301}x -->\n", "<!-- hindsight:x é\u{301}-->\n",
            "<!-- hindsight:x \u{0600}-->\n", "<!-- other -->\n", "<div>\n", "<!-- hindsight:x -->\r\n<!-- hindsight:y -->\r\n",
            "<!-- hindsight:x -->\r<b>\n", "\u{00A0}<!-- hindsight:x -->\u{3000}\n", "<!-- hindsight:x -->\n<p>\n",
            "<!-- hindsight:chart {\"title\":\"Tomás … \\u002d\"} -->\n", "<!-- hindsight:-->", "<!-- hindsight:", "-->",
        ]
        var generator = Generator(state: 5)
        for _ in 0..<2_000 {
            var literal = ""
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                literal += ["<!-- hindsight:", "-->", "\n", "\r\n", "\r", " ", "x", "é", "\u{301}", "\u{0600}", "<", "-", "<!-- hindsight:a -->"]
                    .randomElement(using: &generator) ?? ""
            }
            literals.append(literal)
        }
        for literal in literals {
            var copy = literal
            let fast = copy.withUTF8 { MarkdownRenderer.isMarkerBlock($0) }
            if let fast { #expect(fast == ReportMarkers.isMarkerBlock(literal), "\(literal.debugDescription)") }
        }
    }

    @Test func byteLinesAreTheLinesOfTheText() {
        for text in TextScanningTests.samples + ["a\nb", "\n", "a\r\nb\n\rc\n", ""] {
            var copy = text
            let ranges = copy.withUTF8 { MarkdownRenderer.lineRanges($0) }
            let utf8 = text.utf8
            let expected = TextScanning.lineRanges(text).map {
                utf8.distance(from: utf8.startIndex, to: $0.lowerBound)..<utf8.distance(from: utf8.startIndex, to: $0.upperBound)
            }
            #expect(ranges == expected, "\(text.debugDescription)")
        }
    }

    @Test func byteTrimmingMatchesTrimmedWhitespace() {
        for text in TextScanningTests.samples + PageFastPathTests.pieces + ["\u{2000}a\u{200B}", "\u{3000}", "é\u{00A0}"] {
            var copy = text
            let range = copy.withUTF8 { ByteText.trimmed(0..<$0.count, in: $0) }
            let utf8 = text.utf8
            let trimmed = text.trimmedWhitespace()
            let expected = utf8.distance(from: utf8.startIndex, to: trimmed.startIndex)..<utf8.distance(from: utf8.startIndex, to: trimmed.endIndex)
            #expect(range == expected, "\(text.debugDescription)")
        }
    }

    @Test func outputInPiecesIsTheTextWritten() {
        var generator = Generator(state: 13)
        for length in [0, 10, 2_047, 2_049, 5_000, 40_000] {
            var text = ""
            while text.utf8.count < length { text += Self.pieces.randomElement(using: &generator) ?? "" }
            let output = UTF8Output(capacity: 1)
            output.appendUTF8(text)
            #expect(output.string() == text)
            #expect(output.bytes == Array(text.utf8))
        }
    }
}
