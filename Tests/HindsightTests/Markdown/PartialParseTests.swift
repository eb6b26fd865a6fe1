import Foundation
import Testing
@testable import Hindsight

/// Two ways of giving cmark less to parse give exactly what one parse of the whole
/// document gives: a long document parsed in parts cut before headings
/// (``MarkdownDocument/splitBlocks(parsing:nestedText:partBytes:cores:)``), and pipe
/// tables kept out of the page's parse (``TableRuns``). The parts are parsed in
/// cmark's arena (`cmark_arena.h`), the whole document here with `malloc`.
@Suite struct PartialParseTests {
    typealias Generator = RobustnessTests.SeededGenerator

    /// Lines documents are made of: headings (day headings among them), list items and
    /// their continuations, fences, HTML blocks and comments, quotes, breaks and setext
    /// underlines, pipe-table rows, indented code, lines that look like headings but
    /// are not, and text with inline constructs that could span lines.
    static let lines: [String] = [
        "# Incident", "## Timeline", "### 2026-03-04", "#### 10:00 UTC - Alert fired", "###### six", "####### seven",
        "#hashtag", "#", "## ", "  ## indented heading", "    # code, not a heading",
        "- 10:00 Alert fired", "* 10:01 Paged the on-call", "1. 10:02 Declared", "2) 10:03 Escalated", "- ", "-",
        "  - nested item", "  continued text", "    deeper text", "\t- tab item", "+ plus item",
        "```", "```sh", "~~~", "  ```", "<div>", "</div>", "<!-- a comment", "-->", "<!-- hindsight:begin timeline -->",
        "<!-- hindsight:end timeline -->", "<pre>", "</pre>", "<script>", "</script>",
        "> quoted", "> - quoted item", ">", "---", "===", "***", "- - -",
        "| Time | Event |", "|---|---|", "| --- | :-- |", "| 10:00 | *paged* |", "| a | b |", "|x|", "| 1 | `x |",
        "  | indented row |", "a | b", "| c \\| d | e |",
        "Plain text.", "Text with `code", "that` ends here", "**bold", "text** too", "[a link", "](http://x)",
        "A line with trailing spaces  ", "", "", "", "",
    ]

    /// Lines of a log: mostly entries, day headings and blank lines.
    static let logLines: [String] = [
        "### 2026-03-04", "## Timeline", "- 10:00 Alert fired", "- 10:01 Paged the on-call", "  continued text", "",
        "", "1. 10:02 Declared", "| 10:00 | *paged* |", "Plain text.", "**bold", "text** too", "> quoted", "  - nested item",
    ]

    /// A document of random lines: from every kind above, or (`logLike`) mostly from
    /// ``logLines`` with a rare other line, so that long stretches parse as lists.
    static func randomDocument(_ generator: inout Generator, lineCount: Int, logLike: Bool = false) -> String {
        var document = ""
        for _ in 0..<lineCount {
            let pool = logLike && Int.random(in: 0..<12, using: &generator) > 0 ? logLines : lines
            document += (pool.randomElement(using: &generator) ?? "") + "\n"
        }
        if !document.isEmpty, Bool.random(using: &generator) { document.removeLast() }
        return document
    }

    /// Real documents of the repository: samples, fixtures and golden reports.
    static func repositoryDocuments() throws -> [(name: String, text: String)] {
        let root = CommandRunner.root
        var documents: [(String, String)] = []
        for folder in ["samples", "Tests/HindsightTests/Input/Markdown/Fixtures", "Tests/HindsightTests/Golden"] {
            let url = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() where name.hasSuffix(".md") {
                documents.append((folder + "/" + name, try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)))
            }
        }
        return documents
    }

    static func blocks(_ text: String, nestedText: Bool, partBytes: Int, cores: Int) -> (whole: [MarkdownBlock], split: [MarkdownBlock]?) {
        var copy = text
        return copy.withUTF8 { bytes in
            (MarkdownDocument.blocks(parsing: bytes, nestedText: nestedText, partBytes: 0, cores: 1),
             MarkdownDocument.splitBlocks(parsing: bytes, nestedText: nestedText, partBytes: partBytes, cores: cores))
        }
    }

    @Test func partsParseAsTheWholeDocument() {
        var generator = Generator(state: 21)
        var split = 0
        var refused = 0
        for round in 0..<6_000 {
            let document = Self.randomDocument(
                &generator, lineCount: Int.random(in: 2...80, using: &generator), logLike: round % 3 > 0)
            let cores = 2 + round % 4
            let result = Self.blocks(document, nestedText: round % 2 == 0, partBytes: Int.random(in: 8...200, using: &generator), cores: cores)
            if let parts = result.split {
                split += 1
                #expect(parts == result.whole, "\(document.debugDescription)")
            } else {
                refused += 1
            }
        }
        // Most documents are cut (and agree); some are refused, so the checks run.
        #expect(split > 2_000)
        #expect(refused > 500)
    }

    @Test func repositoryDocumentsParseAsWholes() throws {
        var split = 0
        for (name, text) in try Self.repositoryDocuments() {
            for cores in [2, 3, 7] {
                let result = Self.blocks(text, nestedText: false, partBytes: 64, cores: cores)
                if let parts = result.split {
                    split += 1
                    #expect(parts == result.whole, "\(name) in \(cores) parts")
                }
            }
        }
        #expect(split > 20)
    }

    /// A part that ends in an open fence or HTML block, or a document that may define
    /// link references, is not cut.
    @Test func unsafeCutsAreRefused() {
        let fence = String(repeating: "Text.\n", count: 40) + "```\n" + String(repeating: "code\n", count: 40) + "# Not a heading\n" + String(repeating: "code\n", count: 40)
        #expect(Self.blocks(fence, nestedText: true, partBytes: 16, cores: 2).split == nil)
        let html = String(repeating: "Text.\n", count: 40) + "<!--\n" + String(repeating: "comment\n", count: 40) + "# Not a heading\n-->\n" + String(repeating: "x\n", count: 40)
        #expect(Self.blocks(html, nestedText: true, partBytes: 16, cores: 2).split == nil)
        let reference = "[ref]: http://x\n" + String(repeating: "- 10:00 [ref]\n", count: 40) + "# Day\n" + String(repeating: "- 10:00 [ref]\n", count: 40)
        #expect(Self.blocks(reference, nestedText: true, partBytes: 16, cores: 2).split == nil)
        let cut = String(repeating: "- 10:00 item\n", count: 40) + "# Day\n" + String(repeating: "- 10:00 item\n", count: 40)
        let result = Self.blocks(cut, nestedText: true, partBytes: 16, cores: 2)
        #expect(result.split == result.whole)
        #expect(result.whole.count == 3)
    }

    /// A block larger than one of the arena's mappings (a 5 MB code block, grown by
    /// `realloc` line by line) and many mappings in one part.
    @Test func largeBlocksInTheArena() {
        let code = String(repeating: "let value = 42 // a line of a long listing\n", count: 120_000)
        let items = (0..<20_000).map { "- 10:\(String(format: "%02d", $0 % 60)) item \($0) with *emphasis* and `code`\n" }.joined()
        let text = "# A\n\n```\n" + code + "```\n\nAfter the listing.\n\n# B\n\n" + items + "\n# C\n\nText.\n"
        let result = Self.blocks(text, nestedText: true, partBytes: 1 << 20, cores: 2)
        // Compared as a whole, not printed: a failure would print megabytes.
        let agree = result.split == result.whole
        #expect(agree)
        #expect(result.split?.count == 7)
        #expect(result.whole.count > 1 && result.whole[1].text.utf8.count == code.utf8.count)
    }

    /// A short part's arena starts with one chunk sized to the part, from `malloc`; a
    /// tree far larger than that (an emphasis every four bytes makes about a hundred
    /// bytes of nodes per byte) goes on in chunks of the standard size, and the parts
    /// still read as the whole.
    @Test func treesOutgrowingAShortPartsFirstChunk() {
        let emphasis = String(repeating: "*a* ", count: 6_000)
        let text = "# A\n\n" + emphasis + "\n\n# B\n\n" + emphasis + "\n\n# C\n\nText.\n"
        let result = Self.blocks(text, nestedText: true, partBytes: 8 << 10, cores: 2)
        let agree = result.split == result.whole
        #expect(agree)
        #expect(result.split?.count == 6)
        #expect(result.whole.count == 6 && result.whole[1].text == Array(repeating: "a", count: 6_000).joined(separator: " "))
    }

    @Test func tablesKeptOutOfTheParseRenderAsTheWholeParse() throws {
        var generator = Generator(state: 23)
        var documents = [
            "| a | b |\n|---|---|\n| 1 | 2 |\n", "Text\n| a | b |\n|---|---|\n", "| a | b |\n|---|---|\nText after\n",
            "- item\n| a | b |\n|---|---|\n", "- item\n\n| a | b |\n|---|---|\n", "> quote\n| a | b |\n|---|---|\n",
            "```\n| a | b |\n|---|---|\n```\n", "<!--\n| a | b |\n|---|---|\n-->\n", "<div>\n| a | b |\n|---|---|\n",
            "| a | b |\n|---|---|\n---\n", "| a | b |\n|---|---|\n===\n", "[r]: /u\n| a | b |\n|---|---|\n",
            "| a | b |\n|---|---|\n| [r] | x |\n\n[r]: http://example.com\n", "    code\n| a | b |\n|---|---|\n",
            "| a |\n|---|\n\n| b |\n|---|\n| c |\n", "|table|\n|---|\n", "| a | b |\n|---|---|", "\u{FEFF}| a | b |\n|---|---|\n",
        ]
        for round in 0..<4_000 {
            var document = Self.randomDocument(
                &generator, lineCount: Int.random(in: 2...40, using: &generator), logLike: round % 2 == 0)
            if Bool.random(using: &generator) {
                // A table standing alone, mostly: rows that start with `|`, after a blank line.
                var table = PageFastPathTests.randomTable(&generator)
                if Int.random(in: 0..<4, using: &generator) > 0 {
                    table = table.split(separator: "\n").map { $0.hasPrefix("|") ? $0 + "\n" : "| " + $0 + "\n" }.joined()
                }
                document += (Bool.random(using: &generator) ? "\n\n" : "\n") + table
            }
            documents.append(document)
            // A well-formed table between random text, with or without blank lines around it.
            let table = "| Time | Event |\n| --- | :-- |\n| 10:00 | *paged* [x] |\n| 10:05 | a \\| b |\n"
            documents.append(
                Self.randomDocument(&generator, lineCount: Int.random(in: 0...20, using: &generator), logLike: round % 2 == 0)
                    + (round % 3 == 0 ? "" : "\n") + table + (round % 5 == 0 ? "" : "\n")
                    + Self.randomDocument(&generator, lineCount: Int.random(in: 0...20, using: &generator)))
        }
        documents += try Self.repositoryDocuments().map(\.text)
        var kept = 0
        for document in documents {
            let whole = MarkdownRenderer.render(document, keepingTablesOutOfParse: false)
            if let out = MarkdownRenderer.renderKeepingTablesOut(document) {
                kept += 1
                #expect(out.html == whole.html, "\(document.debugDescription)")
                #expect(out.title == whole.title)
            }
            #expect(MarkdownRenderer.render(document).html == whole.html, "\(document.debugDescription)")
        }
        #expect(kept > 1_500)
    }
}
