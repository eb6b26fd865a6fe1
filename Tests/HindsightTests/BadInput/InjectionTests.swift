import Foundation
import Testing
@testable import Hindsight

/// Nothing injected: text from an incident log never becomes markup, code or report
/// structure. Every field that reaches a template carries HTML, script, dangerous URLs,
/// `</style>`, Mustache syntax and Markdown structure, through a Markdown log and a JSON
/// log; the drafted Markdown and HTML are then checked.
@Suite struct InjectionTests {
    /// One line of hostile text.
    static let inline = #"<script>alert(1)</script> <img src=x onerror=alert(1)> [js](javascript:alert(1)) [data](data:text/html,<b>x</b>) <a href="javascript:alert(1)">a</a> </style> {{mustache}} {{{triple}}} {{#each}}{{/each}} <!-- hindsight:end header -->"#
    /// The same with Markdown structure on lines of their own, for plain-text fields.
    static let payload = inline + "\n# heading\n## Timeline\n| pipes | here |\n|---|---|\n- list\n1. ordered\n> quote\n[link](x)\n<!-- hindsight:begin summary 0000000000000000 -->\n***\n"
    /// Hostile text for section bodies, which are Markdown their authors wrote: lists and
    /// emphasis stay, but headings must stay below the section and markers must not work.
    /// (In a Markdown log a `#` or `##` heading would start a section of the log itself.)
    static func body(_ format: Format) -> String {
        let headings = format == .json ? "# Body heading\n\n## Body subheading\n" : "### Body heading\n\n#### Body subheading\n"
        return inline + "\n\n" + headings + "\n- body list\n\n<!-- hindsight:begin summary 0000000000000000 -->\n<!-- hindsight:end summary -->\n"
    }

    /// A string as YAML: JSON's double-quoted strings are valid YAML.
    static func yaml(_ text: String) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])) ?? Data(), as: UTF8.self)
            .dropFirst().dropLast().description
    }

    /// A Markdown log with `value` in every plain-text field; section bodies always hold the payload.
    static func markdownLog(_ value: String) -> String {
        let line = value.replacingOccurrences(of: "\n", with: " ")
        return """
            ---
            title: \(yaml("T " + value))
            id: \(yaml("I " + value))
            severity: \(yaml("S " + value))
            category: \(yaml("C " + value))
            subcategory: \(yaml("U " + value))
            services: [\(yaml("svc " + value)), checkout]
            status: \(yaml("st " + value))
            roles:
              \(yaml("role " + line)): \(yaml("person " + value))
              commander: \(yaml("Cmd " + value))
            slo: \(yaml("slo " + value))
            sla: \(yaml("sla " + value))
            cost_per_hour: 1000
            currency: \(yaml("cur " + value))
            date: 2026-03-04
            timezone: Europe/Berlin
            ---

            ## Summary

            \(body(.markdown))

            ## Timeline

            All times are CET \(line)

            - 09:55 [impact-started] Errors rise \(line)
            - 10:00 [detected] [\(line.prefix(20))] Alert \(line)
              detail \(line)
              - nested detail \(line)
            - 10:05 Paged \(line) — on-call acknowledged
            - 10:10 [escalated] [handoff] Handed over to \(line)
            - 10:30 [mitigated] Rolled back \(line)
            - 11:00 [resolved] Fixed \(line)
            - --:-- Unknown time \(line)

            ## \(line)

            \(body(.markdown))

            ## What went well

            \(body(.markdown))

            ## Action items

            - [ ] Fix it \(line.replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")) (owner: O\(line.replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "").replacingOccurrences(of: ",", with: "")), due: 2026-03-20, OPS-1)
            - [ ] Second (owner: Ana, OPS-2\(line.prefix(30).replacingOccurrences(of: " ", with: "")))

            """
    }

    /// A JSON log with `value` in every field, including authors, origins, tags and details.
    static func jsonLog(_ value: String) -> String {
        let line = value.replacingOccurrences(of: "\n", with: " ")
        let log: [String: Any] = [
            "title": "T " + value, "id": "I " + value, "severity": "S " + value, "category": "C " + value, "subcategory": "U " + value,
            "services": ["svc " + value], "timezone": "Zone " + value, "status": "st " + value,
            "roles": ["role " + line: "person " + value, "commander": "Cmd " + value],
            "slo": "slo " + value, "sla": "sla " + value, "cost_per_hour": 1000, "currency": "cur " + value,
            "sections": [
                ["title": "Summary", "markdown": body(.json)],
                ["title": "Section " + value, "markdown": body(.json)],
                ["title": "What went well", "markdown": body(.json)],
                ["title": "Action items", "markdown": "- [ ] Fix it \(line) (owner: O\(line.replacingOccurrences(of: ",", with: "")), due: 2026-03-20, OPS-1)\n"],
            ],
            "events": [
                ["time": "2026-03-04T08:55:00Z", "text": "Errors rise " + value, "tags": ["impactStarted", "tag " + line], "author": "Auth " + value,
                 "origin": "orig " + value, "details": ["det " + value]],
                ["time": "2026-03-04T09:00:00Z", "text": "Alert " + value, "tags": ["detected"], "author": "Cmd " + value],
                ["time": "2026-03-04T09:30:00Z", "text": "Rolled back " + value, "tags": ["mitigated", "change"], "origin": "orig " + value],
                ["time": "2026-03-04T10:00:00Z", "text": "Fixed " + value, "tags": ["resolved"]],
                ["time": NSNull(), "text": "Unknown time " + value],
            ],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: log, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Drafts a log as `hindsight draft` does: Markdown, and HTML from it.
    static func draft(_ text: String, name: String) throws -> (markdown: String, html: String) {
        let result = IncidentReader.read(InputDocument(name: name, text: text))
        let log = try #require(result.logs.first, "\(result.diagnostics.map(\.formatted))")
        let reconstruction = IncidentReconstructor.reconstruct(log)
        let markdown = ReportRenderer.markdown(reconstruction)
        return (markdown, ReportRenderer.html(markdown: markdown))
    }

    /// Every block of a Markdown text, nested ones included, with its kind and text.
    static func blocks(_ markdown: String) -> [MarkdownBlock] {
        var result: [MarkdownBlock] = []
        func walk(_ blocks: [MarkdownBlock]) {
            for block in blocks {
                result.append(block)
                walk(block.children)
            }
        }
        walk(MarkdownDocument(parsing: markdown).blocks)
        return result
    }

    enum Format: String, CaseIterable, Sendable { case markdown, json }

    @Test(arguments: Format.allCases)
    func noFieldBecomesMarkupOrStructure(format: Format) throws {
        let log = format == .markdown ? Self.markdownLog(Self.payload) : Self.jsonLog(Self.payload)
        let plain = format == .markdown ? Self.markdownLog("Plain") : Self.jsonLog("Plain")
        let name = format == .markdown ? "hostile.md" : "hostile.json"
        let hostile = try Self.draft(log, name: name)
        let benign = try Self.draft(plain, name: name)
        let html = hostile.html
        let lower = html.lowercased()

        // The input reached the report (else the test proves nothing).
        #expect(hostile.markdown.contains("I \\<script\\>alert(1)\\</script\\>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

        // No script, no element or attribute from the input.
        #expect(!lower.contains("<script"))
        #expect(!lower.contains("<img"))
        #expect(!lower.contains("<iframe"))
        for tag in Self.tags(in: html) {
            let text = tag.lowercased()
            #expect(!text.contains("onerror=") && !text.contains("alert("), "tag from input: \(tag)")
            #expect(!text.contains("javascript:") && !text.contains("data:"), "dangerous URL in \(tag)")
        }
        #expect(!lower.contains("href=\"javascript"))
        #expect(!lower.contains("href=\"data:"))
        // The page's own stylesheet is the only one: no `</style>` from the input ends it early.
        #expect(lower.components(separatedBy: "</style").count == 2)
        let styleEnd = try #require(lower.range(of: "</style"))
        #expect(lower[..<styleEnd.lowerBound].components(separatedBy: "<style").count == 2)

        // Template syntax in the input is text, in both outputs.
        for syntax in ["{{mustache}}", "{{{triple}}}", "{{#each}}{{/each}}"] {
            #expect(hostile.markdown.contains(syntax), "\(syntax) missing from the Markdown")
            #expect(html.contains(syntax), "\(syntax) missing from the HTML")
        }

        // The Markdown's structure is the report's: no field's text became a heading, a
        // list, a quote, a table or a rule of its own; the same headings as a draft of
        // plain text, and one title.
        let blocks = Self.blocks(hostile.markdown)
        for block in blocks {
            switch block.kind {
            case .heading(let level):
                #expect(block.text != "heading" && !(block.text == "Timeline" && level != 2), "injected heading \(level): \(block.text)")
                if block.text.hasPrefix("Body") { #expect(level >= 3, "a section body's heading at level \(level): \(block.text)") }
            case .paragraph:
                #expect(!["list", "ordered", "quote"].contains(block.text), "injected block: \(block.text)")
                #expect(!block.text.hasPrefix("| pipes"), "injected table: \(block.text)")
            default:
                break
            }
        }
        let headings = blocks.compactMap { block -> Int? in if case .heading(let level) = block.kind, level <= 2 { return level } else { return nil } }
        let benignHeadings = Self.blocks(benign.markdown).compactMap { block -> Int? in
            if case .heading(let level) = block.kind, level <= 2 { return level } else { return nil }
        }
        #expect(headings == benignHeadings)
        #expect(headings.filter { $0 == 1 }.count == 1)
        #expect(html.components(separatedBy: "<h1").count == 2)
        #expect(blocks.filter { $0.kind == .thematicBreak }.count == Self.blocks(benign.markdown).filter { $0.kind == .thematicBreak }.count)
        // Markers in the input cannot open or close generated blocks.
        let markers = hostile.markdown.split(separator: "\n").compactMap { ReportMarkers.parse($0) }
        let benignMarkers = benign.markdown.split(separator: "\n").compactMap { ReportMarkers.parse($0) }
        #expect(markers.map(\.name) == benignMarkers.map(\.name))
        #expect(markers.allSatisfy { !$0.isBegin || $0.fingerprint != "0000000000000000" })
        #expect(ReportEdits.find(in: hostile.markdown, comparedTo: hostile.markdown).isEmpty)
    }

    /// Fields reach every place they are shown: responders, roles, owners, sources.
    @Test func hostileFieldsAppearAsText() throws {
        let hostile = try Self.draft(Self.jsonLog(Self.payload), name: "hostile.json")
        for visible in ["person &lt;script&gt;", "Auth &lt;script&gt;", "Section &lt;script&gt;", "cur &lt;script&gt;", "st &lt;script&gt;"] {
            #expect(hostile.html.contains(visible), "\(visible) not shown")
        }
        let markdown = try Self.draft(Self.markdownLog(Self.payload), name: "hostile.md")
        #expect(markdown.html.contains("O&lt;script&gt;alert1&lt;/script&gt;"), "the action item's owner is not shown as text")
    }

    /// The site (`publish`: pages, index with filters, trends) and `trends --html` show the
    /// same fields through their own templates: no script or element from the input there either.
    @Test func publishedSiteAndTrendsStayInert() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let logs = folder.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        try Self.markdownLog(Self.payload).write(to: logs.appendingPathComponent("hostile.md"), atomically: true, encoding: .utf8)
        try Self.jsonLog(Self.payload).write(to: logs.appendingPathComponent("hostile.json"), atomically: true, encoding: .utf8)
        let site = try CommandRunner.run(["publish", "logs", "-o", "site"], in: folder, timeout: 60)
        #expect(site.status == 0, "\(site.stderr.prefix(1_000))")
        let trends = try CommandRunner.run(["trends", "logs", "--html", "trends.html"], in: folder, timeout: 60)
        #expect(trends.status == 0, "\(trends.stderr.prefix(1_000))")
        let siteFolder = folder.appendingPathComponent("site")
        let pages = try FileManager.default.contentsOfDirectory(atPath: siteFolder.path).filter { $0.hasSuffix(".html") }
            .map { siteFolder.appendingPathComponent($0) } + [folder.appendingPathComponent("trends.html")]
        #expect(pages.count >= 5, "\(pages)")
        for page in pages {
            let html = try String(contentsOf: page, encoding: .utf8)
            let lower = html.lowercased()
            let name = page.lastPathComponent
            #expect(!lower.contains("<script") && !lower.contains("<img") && !lower.contains("<iframe"), "\(name)")
            for tag in Self.tags(in: html) {
                let text = tag.lowercased()
                #expect(!text.contains("onerror=") && !text.contains("alert(") && !text.contains("javascript:") && !text.contains("data:"), "\(name): \(tag)")
            }
            #expect(lower.components(separatedBy: "</style").count <= 2, "\(name): a second </style>")
        }
    }

    /// Every `<…>` tag of an HTML page.
    static func tags(in html: String) -> [String] {
        var tags: [String] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            guard let first = after.first, first.isLetter || first == "/" else {
                rest = after
                continue
            }
            guard let close = after.firstIndex(of: ">") else { break }
            tags.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return tags
    }
}
