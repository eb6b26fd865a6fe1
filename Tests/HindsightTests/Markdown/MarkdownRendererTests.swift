import Testing
@testable import Hindsight

@Suite struct MarkdownRendererTests {
    @Test func rendersPipeTablesAsHTMLTables() {
        let html = MarkdownRenderer.html(from: "| Time | Event |\n|---|:--|\n| 03:00 | *paged* |\n| 03:05 | a \\| b |\n")
        #expect(html.contains("<th scope=\"col\">Time</th>"))
        #expect(html.contains("<td style=\"text-align: left\"><em>paged</em></td>"))
        #expect(html.contains("<td style=\"text-align: left\">a | b</td>"))
        #expect(!html.contains("|---|"))
    }

    @Test func paragraphsWithPipesThatAreNotTablesStayParagraphs() {
        let html = MarkdownRenderer.html(from: "a | b\nc | d\n")
        #expect(html == "<p>a | b\nc | d</p>\n")
    }

    @Test func rawHTMLAndDangerousLinksAreNotPublished() {
        let html = MarkdownRenderer.html(from: "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> [x](javascript:alert(1)) [y](data:text/html,hi)\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("data:text/html"))
    }

    @Test func tableCellsAreSafeToo() {
        let html = MarkdownRenderer.html(from: "| a |\n|---|\n| <script>x</script> [l](javascript:x) |\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("href=\"javascript"))
    }

    @Test func headingsGetUniqueAnchorsAndMarkersVanish() {
        let html = MarkdownRenderer.html(from: "<!-- hindsight:begin x 0000000000000000 -->\n## Timeline\n<!-- hindsight:end x -->\n\n## Timeline\n")
        #expect(html == "<h2 id=\"timeline\">Timeline</h2>\n<h2 id=\"timeline-2\">Timeline</h2>\n")
    }
}

@Suite struct MarkdownDocumentTests {
    @Test func copiesBlocksWithPositions() {
        let document = MarkdownDocument(parsing: "# Title\n\n## Timeline\n\n- 10:00 first\n  more\n- 10:05 *second*\n")
        #expect(document.blocks.count == 3)
        #expect(document.blocks[0].kind == .heading(level: 1))
        #expect(document.blocks[0].text == "Title")
        guard case .list(ordered: false) = document.blocks[2].kind else {
            Issue.record("expected a bullet list")
            return
        }
        let items = document.blocks[2].children
        #expect(items.count == 2)
        #expect(items[0].startLine == 5)
        #expect(items[0].children[0].text == "10:00 first\nmore")
        #expect(document.source(of: items[1].children[0]) == "10:05 *second*")
        #expect(items[1].children[0].startColumn == 3)
    }

    @Test func hostileNestingDoesNotExhaustTheStack() {
        let deep = String(repeating: "> ", count: 5000) + "text\n"
        let document = MarkdownDocument(parsing: deep)
        #expect(document.blocks.count == 1)
        let lists = String(repeating: "- ", count: 3000) + "item\n"
        #expect(MarkdownDocument(parsing: lists).blocks.count == 1)
    }
}
