import Foundation
import Testing
@testable import Hindsight

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct TimelineChartTests {
    // MARK: - Fixtures

    /// The managed data-centre incident: SEV1 in Europe/Berlin (UTC+1 in March), with a
    /// command hand-off, an escalation, failed fixes, regular updates, a shift hand-off
    /// and closure the next morning.
    static func managedIncident() -> Reconstruction {
        var b = LogBuilder(title: "Storefront degraded after three data centres dropped out", severity: "SEV1")
        b.log.metadata.id = "INC-2026-032"
        b.log.metadata.timeZone = "Europe/Berlin"
        b.log.timeZoneNote = "Europe/Berlin (front matter)"
        b.log.metadata.services = ["storefront", "checkout", "payments-api"]
        b.log.metadata.sla = "resolve within 4h"
        b.log.metadata.roles = [
            RoleAssignment(role: "commander", person: "Ariana Costa"),
            RoleAssignment(role: "on-call", person: "David Okafor"),
            RoleAssignment(role: "subject-matter expert", person: "Marie Dubois"),
        ]
        b.add("2026-03-04T01:56:00Z", "Error rate in dc-fra1 starts climbing", tags: ["impact"])
        b.add("2026-03-04T02:00:00Z", "Page to David Okafor: dc-fra1 health checks failing", tags: ["detected"])
        b.add("2026-03-04T02:03:00Z", "David acknowledges and starts on the load balancer logs", tags: ["ack"])
        b.add("2026-03-04T02:21:00Z", "Second alert: dc-ams1 health checks failing")
        b.add("2026-03-04T02:24:00Z", "David asks Ariana Costa to take command. Ariana Costa takes incident command.", tags: ["handoff"])
        b.add("2026-03-04T02:27:00Z", "Ariana declares a SEV2 incident and opens the live document", tags: ["declared"])
        b.add("2026-03-04T02:36:00Z", "Ariana e-mails the incident details to the list", tags: ["update"])
        b.add("2026-03-04T02:50:00Z", "David turns off the stock badge feature flag; connection counts keep rising", tags: ["failed"])
        b.add("2026-03-04T03:06:00Z", "Update to the list: flag off, no effect yet", tags: ["update"])
        b.add("2026-03-04T03:15:00Z", "Ariana updates the list: raised to SEV1", tags: ["update"])
        b.add("2026-03-04T03:17:00Z", "Ariana pages Marie Dubois, the on-call developer for the data-centre platform", tags: ["escalated"])
        b.add("2026-03-04T03:45:00Z", "Update to the list: error rate 8–11%", tags: ["update"])
        b.add("2026-03-04T03:52:00Z", "Restart of both fra1 load balancers; the table fills again", tags: ["failed"])
        b.add("2026-03-04T04:20:00Z", "Two standby load balancers added to the fra2 pool; tables fill within 20 minutes", tags: ["failed"])
        b.add("2026-03-04T04:50:00Z", "Marie finds the idle timeout set to 900 s", tags: ["identified"])
        b.add("2026-03-04T05:15:00Z", "Update to the list: cause found", tags: ["update"])
        b.add("2026-03-04T05:52:00Z", "Table usage on fra2 down to 40%, error rate under 0.5%", tags: ["mitigated", "update"])
        b.add("2026-03-04T07:15:00Z", "Update to the list: service restored, updates now hourly", tags: ["update"])
        b.add("2026-03-04T08:00:00Z", "David hands the on-call pager to Kofi Mensah and goes off shift", tags: ["handoff"])
        b.add("2026-03-04T17:00:00Z", "Ariana hands command over to Tomás Ribeiro. Tomás Ribeiro takes incident command.", tags: ["handoff"])
        b.add("2026-03-04T20:00:00Z", "Tomás marks the incident resolved and sends the final update", tags: ["resolved", "update"])
        b.add("2026-03-05T06:40:00Z", "Service desk confirms no new reports and closes the incident", tags: ["closed"])
        return IncidentReconstructor.reconstruct(b.log)
    }

    /// A short incident, all inside 40 minutes, with an inferred milestone.
    static func shortIncident() -> Reconstruction {
        var b = LogBuilder(title: "Search results empty for one region", severity: "SEV3")
        b.add("2026-06-10T14:02:00Z", "Alert: search error rate above 5%", tags: ["detected"])
        b.add("2026-06-10T14:04:00Z", "Acknowledged by Jane", tags: ["ack"])
        b.add("2026-06-10T14:19:00Z", "Found the bad index alias", tags: ["identified"])
        b.add("2026-06-10T14:26:00Z", "Rolled back the index alias, errors back to normal")
        b.add("2026-06-10T14:42:00Z", "Closed after a quiet quarter of an hour", tags: ["resolved"])
        return IncidentReconstructor.reconstruct(b.log)
    }

    static func data(milestones: [(MilestoneKind, Int)], offset: Int = 0) -> ChartData {
        let moments = milestones.map { ChartData.Moment(kind: $0.0.rawValue, at: $0.1, confidence: "stated") }
        return ChartData(title: "Test", zone: "UTC", utcOffset: offset, milestones: moments, phases: ChartData.phases(between: moments))
    }

    static let base = 1_772_589_600  // 2026-03-04T02:00:00Z

    // MARK: - Data and the Markdown comment

    @Test func chartDataCarriesTheReconstruction() throws {
        let data = ChartData(Self.managedIncident())
        #expect(data.zone == "Europe/Berlin")
        #expect(data.utcOffset == 3600)
        #expect(data.milestones.map(\.kind) == ["impactStarted", "detected", "acknowledged", "declared", "identified", "mitigated", "resolved", "closed"])
        #expect(data.impactStart == Self.base - 240)
        #expect(data.impactEnd == Self.base + 3 * 3600 + 52 * 60)
        #expect(data.phases.map(\.key) == ["detect", "acknowledge", "triage", "diagnose", "mitigate", "recover", "close"])
        #expect(data.handoffs.map(\.kind) == ["command", "shift", "command"])
        #expect(data.escalations.count == 1)
        #expect(data.failedAttempts.count == 3)
        #expect(data.failedAttempts.allSatisfy { $0.label.count <= ChartData.labelLimit })
        #expect(!data.updates.isEmpty)
        #expect(data.slaBreach == Self.base + 4 * 3600)
    }

    @Test func roundTripsThroughTheMarkdownReport() throws {
        let reconstruction = Self.managedIncident()
        let data = ChartData(reconstruction)
        let markdown = ReportRenderer.markdown(reconstruction)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(lines.firstIndex(of: "<!-- hindsight:end header -->"))
        #expect(lines[header + 1].hasPrefix("<!-- hindsight:chart {"))
        #expect(ChartData.parse(fromMarkdown: markdown) == data)
        // A redrafted report with other chart data does not count as a reviewer's edit.
        let redrafted = markdown.replacingOccurrences(of: String(lines[header + 1]), with: Self.data(milestones: [(.detected, Self.base)]).markdownComment())
        #expect(redrafted != markdown)
        #expect(ReportEdits.find(in: markdown, comparedTo: redrafted).isEmpty)
    }

    @Test func labelsCannotBreakTheComment() throws {
        let hostile = "x --> <script>alert(1)</script> -- <!-- & \u{2028} \"quoted\" \\ end"
        let data = ChartData(
            title: hostile, zone: "Etc/GMT-3", utcOffset: -10_800,
            milestones: [ChartData.Moment(kind: "detected", at: -5, confidence: "stated")],
            handoffs: [ChartData.HandoffMark(at: 100, kind: "command", to: hostile)],
            failedAttempts: [ChartData.FailedAttempt(at: 50, label: "--->")])
        let comment = data.markdownComment()
        let inner = comment.dropFirst("<!-- hindsight:chart ".count).dropLast(" -->".count)
        #expect(comment.hasPrefix("<!-- hindsight:chart {"))
        #expect(comment.hasSuffix("} -->"))
        for forbidden in ["--", "<", ">", "&", "\n", "\u{2028}"] {
            #expect(!inner.contains(forbidden), "comment body contains \(forbidden.debugDescription)")
        }
        let report = "# Title\n\n" + comment + "\n\n## Summary\n"
        #expect(ChartData.parse(fromMarkdown: report) == data)
        // cmark sees one HTML block, which the HTML renderer drops.
        let html = ReportRenderer.html(markdown: report)
        #expect(!html.contains("hindsight:chart"))
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;"))
    }

    @Test func parseIsTolerant() {
        let good = Self.data(milestones: [(.detected, Self.base)]).markdownComment()
        #expect(ChartData.parse(fromMarkdown: good) != nil)
        #expect(ChartData.parse(fromMarkdown: "  " + good + "  \r\n") != nil)
        let odd = [
            "", "# Report\n", "<!-- hindsight:chart -->", "<!-- hindsight:chart {} -->", "<!-- hindsight:chart {\"version\": 1 -->",
            "<!-- hindsight:chart [1, 2, 3] -->", "<!-- hindsight:chart null -->",
            good.replacingOccurrences(of: "\"version\":1", with: "\"version\":99"),
            good.replacingOccurrences(of: "\"utcOffset\":0", with: "\"utcOffset\":9999999999"),
            good.replacingOccurrences(of: "\"at\":\(Self.base)", with: "\"at\":9223372036854775807"),
            good.replacingOccurrences(of: "\"at\":\(Self.base)", with: "\"at\":1e400"),
            String(good.dropLast(3)),
        ]
        for text in odd {
            #expect(ChartData.parse(fromMarkdown: text) == nil, "parsed \(text)")
        }
    }

    @Test func labelsArePlainAndShort() {
        #expect(ChartData.label("Restart **both** `fra1` [load balancers](https://x.example/a_(b)) now") == "Restart both fra1 load balancers now")
        #expect(ChartData.label("keep snake_case and [SEV1] as written") == "keep snake_case and [SEV1] as written")
        let long = ChartData.label("Two standby load balancers added to the fra2 pool; the tables fill within twenty minutes")
        #expect(long.count <= ChartData.labelLimit)
        #expect(long.hasSuffix("…"))
        #expect(ChartData.label("") == "")
        #expect(ChartData.label("David turns off the stock badge feature flag; connection counts keep rising") == "David turns off the stock badge feature…")
    }

    // MARK: - The SVG

    @Test func svgIsWellFormedAccessibleAndSelfContained() throws {
        for layout in TimelineChart.Layout.allCases {
            let svg = TimelineChart.svg(ChartData(Self.managedIncident()), layout: layout)
            try Self.expectWellFormed(svg)
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(svg.contains("role=\"img\""))
            #expect(svg.contains("aria-labelledby=\"hs-chart-\(layout.rawValue)-title\""))
            #expect(svg.contains("<title id=\"hs-chart-\(layout.rawValue)-title\">Timeline of the incident: Storefront degraded"))
            #expect(svg.contains("<desc id=\"hs-chart-\(layout.rawValue)-desc\">From Wed 4 Mar 02:56 to Thu 5 Mar 07:40 (Europe/Berlin, UTC+01:00)."))
            #expect(svg.contains("width=\"100%\""))
            #expect(svg.contains("viewBox=\"0 0 \(SVGText.number(layout.width)) "))
            for forbidden in ["<script", "href=", "http://www.w3.org/1999/xlink", "style=", "fill=\"#", "onload"] {
                #expect(!svg.contains(forbidden), "SVG contains \(forbidden)")
            }
            for part in ["hs-impact", "hs-phase-diagnose", "hs-milestone", "hs-escalation", "hs-handoff", "hs-failed", "hs-gap", "hs-sla"] {
                #expect(svg.contains(part), "SVG lacks \(part)")
            }
        }
    }

    @Test func hostileLabelsAreEscaped() throws {
        let reconstruction = ReportRendererTests.hostileReconstruction()
        var data = ChartData(reconstruction)
        data.handoffs = [ChartData.HandoffMark(at: data.milestones[0].at, kind: "command", to: "<b>x</b> & \"y\" \u{1} \u{FFFE}")]
        data.phases.append(ChartData.Phase(key: "\"><script>", title: "<script>", start: data.milestones[0].at, end: data.milestones[0].at + 60))
        let svg = TimelineChart.svg(data)
        try Self.expectWellFormed(svg)
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;"))
        #expect(svg.contains("hs-phase-script"))
        // Hand-edited data with an enormous label is still drawn short.
        data.failedAttempts = [ChartData.FailedAttempt(at: data.milestones[0].at, label: String(repeating: "long words ", count: 5000))]
        let long = TimelineChart.svg(data)
        try Self.expectWellFormed(long)
        #expect(long.count < 20_000)
    }

    @Test func drawsToScale() throws {
        // Detected at the start, resolved at the end, a failed fix exactly in the middle.
        var data = Self.data(milestones: [(.detected, Self.base), (.resolved, Self.base + 7200)])
        data.failedAttempts = [ChartData.FailedAttempt(at: Self.base + 3600, label: "middle")]
        let svg = TimelineChart.svg(data)
        let circles = Self.attributes(of: "circle", in: svg).filter { $0["class"] == "hs-milestone" }.compactMap { $0["cx"].flatMap(Double.init) }
        #expect(circles.count == 2)
        let (left, right) = (circles.min() ?? 0, circles.max() ?? 0)
        #expect(left == 20 && right == 940)
        // The ✕ is drawn from (x − 5, y − 5): its centre is at the middle of the axis.
        let cross = try #require(Self.attributes(of: "path", in: svg).first { $0["class"] == "hs-failed" }?["d"])
        let startX = try #require(Double(cross.dropFirst().prefix { $0 != " " }))
        #expect(abs(startX + 5 - (left + right) / 2) < 0.051)
    }

    @Test(arguments: [
        (40 * 60, 300, TimelineChart.Layout.wide),
        (5 * 3600, 3600, .wide),
        (3 * 86_400, 43_200, .wide),
        (40 * 60, 600, .narrow),
        (5 * 3600, 7200, .narrow),
        (3 * 86_400, 86_400, .narrow),
        (20, 5, .wide),
        (21 * 86_400, 604_800, .wide),
        (400 * 86_400, 3_888_000, .wide),
    ])
    func tickSpacingSuitsTheSpan(span: Int, step: Int, layout: TimelineChart.Layout) throws {
        let data = Self.data(milestones: [(.detected, Self.base), (.resolved, Self.base + span)])
        let drawing = ChartDrawing(data: data, layout: layout)
        #expect(drawing.axis.step == step)
        #expect(drawing.axis.ticks.count >= 2)
        try Self.expectWellFormed(TimelineChart.svg(data, layout: layout))
    }

    @Test func ticksAreLocalTimeWithDatesAcrossMidnight() {
        // 21:30 to 02:30 in UTC+1 (20:30Z to 01:30Z): hourly ticks, dates where the day changes.
        let start = Self.base - 5 * 3600 - 1800
        let data = Self.data(milestones: [(.detected, start), (.resolved, start + 5 * 3600)], offset: 3600)
        let axis = ChartDrawing(data: data, layout: .wide).axis
        #expect(axis.step == 3600)
        #expect(axis.ticks.map(\.time) == ["22:00", "23:00", "00:00", "01:00", "02:00"])
        #expect(axis.ticks.map(\.date) == ["Tue 3 Mar", nil, "Wed 4 Mar", nil, nil])
        // Within one day: no dates.
        let short = Self.data(milestones: [(.detected, Self.base), (.resolved, Self.base + 2400)])
        #expect(ChartDrawing(data: short, layout: .wide).axis.ticks.allSatisfy { $0.date == nil })
    }

    @Test func milestoneLabelsDoNotOverlap() {
        for layout in TimelineChart.Layout.allCases {
            let svg = TimelineChart.svg(ChartData(Self.managedIncident()), layout: layout)
            let labels = Self.attributes(of: "text", in: svg).filter { $0["class"]?.hasPrefix("hs-milestone-label") == true }
            #expect(labels.count == 8)
            // Labels on one baseline are at least a label apart (the widest is ~150 units).
            var byRow: [String: [Double]] = [:]
            for label in labels { byRow[label["y"] ?? "", default: []].append(Double(label["x"] ?? "") ?? 0) }
            #expect(byRow.count >= 3, "close milestones are staggered")
        }
    }

    @Test func degenerateInputsDoNotTrap() throws {
        #expect(TimelineChart.svg(ChartData(title: "Empty", zone: "UTC", utcOffset: 0, milestones: [])) == "")
        // One instant: span zero.
        let single = Self.data(milestones: [(.detected, Self.base), (.resolved, Self.base)])
        try Self.expectWellFormed(TimelineChart.svg(single))
        // Instants out of range give no chart.
        #expect(TimelineChart.svg(Self.data(milestones: [(.detected, Int.max)])) == "")
        #expect(TimelineChart.svg(Self.data(milestones: [(.detected, Int.min), (.resolved, Int.max)])) == "")
        // Phases backwards, gaps backwards, impact without an end.
        var odd = Self.data(milestones: [(.detected, Self.base), (.resolved, Self.base + 60)])
        odd.phases = [ChartData.Phase(key: "", title: "", start: Self.base + 60, end: Self.base)]
        odd.communicationGaps = [ChartData.Span(start: Self.base + 60, end: Self.base)]
        odd.impactStart = Self.base - 30
        try Self.expectWellFormed(TimelineChart.svg(odd))
        // Hundreds of escalations and updates, weeks long.
        var busy = Self.data(milestones: [(.detected, Self.base), (.acknowledged, Self.base + 1), (.resolved, Self.base + 20 * 86_400)])
        busy.escalations = (0..<500).map { ChartData.EscalationMark(at: Self.base + $0 * 3000, level: 2 + $0 % 2, direction: $0 % 3 == 0 ? "hierarchical" : "functional", target: "Team \($0)") }
        busy.updates = (0..<500).map { Self.base + $0 * 3001 }
        for layout in TimelineChart.Layout.allCases {
            try Self.expectWellFormed(TimelineChart.svg(busy, layout: layout))
        }
        // A reconstruction without milestones: no comment in the report, no chart on the page.
        var b = LogBuilder()
        b.add(nil, "Something happened")
        let none = IncidentReconstructor.reconstruct(b.log)
        let markdown = ReportRenderer.markdown(none)
        #expect(!markdown.contains("hindsight:chart"))
        #expect(!ReportRenderer.html(markdown: markdown).contains("<figure"))
    }

    @Test func outputIsDeterministic() {
        let first = ReportRenderer.html(markdown: ReportRenderer.markdown(Self.managedIncident()))
        let second = ReportRenderer.html(markdown: ReportRenderer.markdown(Self.managedIncident()))
        #expect(first == second)
        #expect(TimelineChart.svg(ChartData(Self.shortIncident())) == TimelineChart.svg(ChartData(Self.shortIncident())))
        #expect(SVGText.number(-0.04) == "0.0")
        #expect(SVGText.number(12.25) == "12.3")
        #expect(SVGText.number(-3) == "-3.0")
        #expect(SVGText.number(.nan) == "0.0")
    }

    @Test func pageShowsTheChartAfterTheHeader() throws {
        let html = ReportRenderer.html(markdown: ReportRenderer.markdown(Self.managedIncident()))
        let figure = try #require(html.range(of: "<figure class=\"hs-chart\">"))
        let facts = try #require(html.range(of: "</ul>"))
        let summary = try #require(html.range(of: "<h2 id=\"summary\""))
        #expect(facts.lowerBound < figure.lowerBound && figure.lowerBound < summary.lowerBound)
        #expect(html.contains("hs-timeline-wide") && html.contains("hs-timeline-narrow"))
        #expect(html.contains("<figcaption>The incident at a glance, in Europe/Berlin (UTC+01:00) time."))
        #expect(html.components(separatedBy: "<figure").count == 2)
        #expect(!html.contains("hindsight:chart") && !html.contains("raw HTML omitted"))
        // A report without chart data renders as before, without a figure.
        #expect(!ReportRenderer.html(markdown: "# Title\n\nBody\n\n## Summary\n").contains("<figure"))
    }

    /// Writes report pages for a look in a browser when `HINDSIGHT_CHART_PREVIEW` names a folder.
    @Test func writePreviewPages() throws {
        guard let folder = ProcessInfo.processInfo.environment["HINDSIGHT_CHART_PREVIEW"] else { return }
        let pages: [(String, Reconstruction)] = [
            ("managed", Self.managedIncident()), ("short", Self.shortIncident()), ("hostile", ReportRendererTests.hostileReconstruction()),
        ]
        var documents = pages.map { ($0.0, ReportRenderer.markdown($0.1)) }
        var busy = Self.data(milestones: [(.detected, Self.base), (.acknowledged, Self.base + 1), (.resolved, Self.base + 20 * 86_400)])
        busy.escalations = (0..<300).map { ChartData.EscalationMark(at: Self.base + $0 * 5000, level: 2 + $0 % 2, direction: $0 % 3 == 0 ? "hierarchical" : "functional", target: "Team \($0)") }
        busy.updates = (0..<300).map { Self.base + $0 * 5001 }
        var seconds = Self.data(milestones: [(.impactStarted, Self.base), (.detected, Self.base + 4), (.mitigated, Self.base + 12), (.resolved, Self.base + 20)])
        seconds.impactStart = Self.base
        seconds.impactEnd = Self.base + 12
        for (name, data) in [("busy", busy), ("seconds", seconds), ("single", Self.data(milestones: [(.detected, Self.base)]))] {
            documents.append((name, "# Chart: \(name)\n\n" + data.markdownComment() + "\n\n## Summary\n"))
        }
        for (name, markdown) in documents {
            let html = ReportRenderer.html(markdown: markdown)
            try html.write(toFile: (folder as NSString).appendingPathComponent("\(name).html"), atomically: true, encoding: .utf8)
            try markdown.write(toFile: (folder as NSString).appendingPathComponent("\(name).md"), atomically: true, encoding: .utf8)
        }
    }

    // MARK: - Helpers

    /// Parses the SVG with Foundation's XML parser; fails the test on any error.
    static func expectWellFormed(_ svg: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        guard !svg.isEmpty else { return }
        let parser = XMLParser(data: Data(svg.utf8))
        let ok = parser.parse()
        #expect(ok, "SVG is not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")", sourceLocation: sourceLocation)
    }

    /// The attributes of every element named `name`, by a small scan (the SVG is ours).
    static func attributes(of name: String, in svg: String) -> [[String: String]] {
        var result: [[String: String]] = []
        var rest = Substring(svg)
        while let open = rest.range(of: "<\(name) ") {
            guard let close = rest[open.upperBound...].firstIndex(of: ">") else { break }
            let body = rest[open.upperBound..<close]
            var attributes: [String: String] = [:]
            var scan = body
            while let equals = scan.range(of: "=\"") {
                let key = scan[..<equals.lowerBound].split(separator: " ").last.map(String.init) ?? ""
                guard let end = scan[equals.upperBound...].firstIndex(of: "\"") else { break }
                attributes[key] = String(scan[equals.upperBound..<end])
                scan = scan[scan.index(after: end)...]
            }
            result.append(attributes)
            rest = rest[close...]
        }
        return result
    }
}
