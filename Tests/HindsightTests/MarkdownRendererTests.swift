import Testing
@testable import Hindsight

@Suite struct MarkdownRendererTests {
    @Test func rendersPipeTablesAsHTMLTables() {
        let html = MarkdownRenderer.html(from: "| Time | Event |\n|---|:--|\n| 03:00 | *paged* |\n")
        #expect(html.contains("<th scope=\"col\">Time</th>"))
        #expect(html.contains("<td style=\"text-align: left\"><em>paged</em></td>"))
    }
}
