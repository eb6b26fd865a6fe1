import Foundation
import Testing
@testable import Hindsight

@Suite struct ReportRendererTests {
    static func hostileReconstruction() -> Reconstruction {
        var b = LogBuilder(title: "# Heading? <script>alert(1)</script> {{title}}", severity: "SEV1 | **bold**")
        b.log.metadata.services = ["api\n## injected", "<img src=x onerror=alert(1)>"]
        b.log.metadata.roles = [RoleAssignment(role: "commander", person: "[Mallory](javascript:alert(1))")]
        b.add("2026-03-04T03:00:00Z", "Alert fired <script>alert(2)</script> | cell {{#x}}", tags: ["detected"])
        b.add("2026-03-04T03:10:00Z", "See [runbook](javascript:alert(3)) and `<b>code</b>`")
        b.add("2026-03-04T03:20:00Z", "Resolved\n# not a heading", tags: ["resolved"])
        return IncidentReconstructor.reconstruct(b.log)
    }

    @Test func inputTextNeverBecomesMarkupOrCode() {
        let markdown = ReportRenderer.markdown(Self.hostileReconstruction())
        let html = ReportRenderer.html(markdown: markdown)
        // Hostile text may appear, escaped, as text; never as an element, attribute or link.
        for forbidden in ["<script", "<img", "href=\"javascript", "<b>code"] {
            #expect(!html.contains(forbidden), "HTML contains \(forbidden)")
        }
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("{{title}}"))
        #expect(html.contains("{{#x}}"))
        #expect(html.contains("<code>&lt;b&gt;code&lt;/b&gt;</code>"))
        // The title stays one heading; injected line breaks do not start new blocks.
        #expect(html.components(separatedBy: "<h1").count == 2)
        #expect(!html.contains("<h2 id=\"injected\""))
        #expect(!html.contains("<h1 id=\"not-a-heading\""))
        #expect(markdown.contains("# \\# Heading? \\<script\\>alert(1)\\</script\\> {{title}}"))
    }

    @Test func reportHasEverySection() {
        let markdown = ReportRenderer.markdown(Self.hostileReconstruction())
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(headings == [
            "## Summary", "## Impact", "## Key moments", "## Timeline", "## Responders and roles",
            "## Contributing factors", "## What went well", "## What went poorly", "## Where we got lucky",
            "## Action items", "## Questions for the review meeting", "## How the measures are defined",
        ])
    }

    @Test func generatedBlocksCarryFingerprintsThatDetectEdits() {
        let markdown = ReportRenderer.markdown(Self.hostileReconstruction())
        #expect(ReportEdits.find(in: markdown, comparedTo: markdown).isEmpty)
        let edited = markdown.replacingOccurrences(of: "| Time to acknowledge | unknown |", with: "| Time to acknowledge | 2 min |")
        #expect(edited != markdown)
        let edits = ReportEdits.find(in: edited, comparedTo: markdown)
        #expect(edits.count == 1)
        #expect(edits.first?.description == "the generated block “key-moments” was edited")
        let added = markdown.replacingOccurrences(of: "## What went well\n", with: "## What went well\n\nThe alert was clear.\n")
        #expect(ReportEdits.find(in: added, comparedTo: markdown).map(\.description) == ["text written outside the generated blocks: “The alert was clear.”"])
    }

    @Test func htmlIsAStandalonePage() {
        let html = ReportRenderer.html(markdown: "# Title & more\n\nBody\n")
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<title>Title &amp; more</title>"))
        #expect(html.contains("prefers-color-scheme: dark"))
        #expect(html.contains("@media print"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src=\"http"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func defaultTemplatesParse() throws {
        _ = try ReportTemplates(overrides: [:], folder: "templates")
    }

    @Test func templateErrorsNameFileAndLine() {
        do {
            _ = try ReportTemplates(overrides: ["page.html.mustache": "<html>\n{{#body}}\n"], folder: "custom")
            Issue.record("expected a template error")
        } catch {
            #expect(error.diagnostic.location?.file == "custom/page.html.mustache")
            #expect(error.diagnostic.location?.line != nil)
        }
    }

    @Test func durationsReadNaturally() {
        #expect(DurationText.format(45) == "45 s")
        #expect(DurationText.format(47 * 60) == "47 min")
        #expect(DurationText.format(3900) == "1 h 05 min")
        #expect(DurationText.format(90061) == "1 d 1 h 01 min")
    }
}

@Suite struct LineEndingTests {
    @Test func windowsLineEndingsReadLikeUnixOnes() throws {
        let url = GoldenReportTests.root.appendingPathComponent("samples/datacentre-managed.md")
        let unix = try String(contentsOf: url, encoding: .utf8)
        let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
        let a = IncidentSources.read([InputDocument(name: "x.md", text: unix)])
        let b = IncidentSources.read([InputDocument(name: "x.md", text: windows)])
        #expect(a.logs.first?.events.count == 38)
        #expect(a.logs == b.logs)
        let report = ReportRenderer.markdown(IncidentReconstructor.reconstruct(try #require(a.logs.first)))
        #expect(ReportRenderer.html(markdown: report.replacingOccurrences(of: "\n", with: "\r\n")) == ReportRenderer.html(markdown: report))
    }

    @Test func normalisesEveryKindOfLineEnding() {
        #expect(LineEndings.normalized("a\r\nb\rc\nd") == "a\nb\nc\nd")
        #expect(LineEndings.normalized("plain\n") == "plain\n")
    }

    /// Blank-line collapsing from the bytes gives what collapsing the string's lines gives.
    @Test func blankLinesCollapseAsTheLinesOfTheStringDo() {
        func byLines(_ text: String) -> String {
            var lines: [Substring] = []
            var blank = 0
            for range in TextScanning.lineRanges(text) {
                let line = text[range]
                if line.utf8.allSatisfy({ $0 == 32 || $0 == 9 }) {
                    blank += 1
                    if blank > 1 || lines.isEmpty { continue }
                    lines.append("")
                } else {
                    blank = 0
                    lines.append(line)
                }
            }
            while lines.last?.isEmpty == true { lines.removeLast() }
            return lines.joined(separator: "\n") + "\n"
        }
        var random = RobustnessTests.SeededGenerator(state: 11)
        let pieces = ["\n", "\n", "\n", " ", "\t", "\r", "\r\n", "a", "## Title", "é", "—", "  x  "]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...14, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(Array(ReportRenderer.normalized(text).utf8) == Array(byLines(text).utf8), "\(Array(text.utf8))")
        }
        #expect(ReportRenderer.normalized("\n\n# A\n\n\n \nb\n\n") == "# A\n\nb\n")
    }
}
