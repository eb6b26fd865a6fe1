public import Foundation

/// Choices for rendering a report.
public struct RenderOptions: Sendable {
    /// A time to print as the report's generation time; none by default, so the same
    /// input always gives the same bytes.
    public var generatedAt: Date?
    public var templates: ReportTemplates
    /// Called while the HTML page is rendered, once cmark's tree of the report (several
    /// times the report's size) has been freed and before the page's large buffers are
    /// made, so a command can hand the freed memory back to the system (glibc keeps it
    /// otherwise). The library itself leaves the process's heap alone; none by default.
    public var treeFreed: (@Sendable () -> Void)?

    public init(generatedAt: Date? = nil, templates: ReportTemplates = .bundled, treeFreed: (@Sendable () -> Void)? = nil) {
        self.generatedAt = generatedAt
        self.templates = templates
        self.treeFreed = treeFreed
    }
}

/// Renders a reconstruction as a Markdown retrospective, and Markdown as a standalone
/// HTML page through cmark.
public enum ReportRenderer {
    /// The Markdown report: the `report.md` template over the view model, with each
    /// generated block's marker carrying a fingerprint of its text, so later runs can
    /// tell whether a reviewer changed it, and the timeline chart's data in an invisible
    /// comment on the line after the header block.
    public static func markdown(_ reconstruction: consuming Reconstruction, options: RenderOptions = RenderOptions()) -> String {
        markdown(consume reconstruction, options: options, rows: nil).string
    }

    /// The log reconstructed (``IncidentReconstructor/reconstruct(_:options:)``) and its
    /// Markdown report (``markdown(_:options:)``), with the reconstruction's diagnostics.
    /// The same report, sooner: the timeline's rows, which need only the events, are
    /// written on every core while the findings are analysed.
    public static func draft(
        _ log: consuming IncidentLog, reconstruction reconstructionOptions: ReconstructionOptions = ReconstructionOptions(),
        options: RenderOptions = RenderOptions()
    ) -> (markdown: String, diagnostics: [Diagnostic]) {
        let draft = draftUTF8(log, reconstruction: reconstructionOptions, options: options)
        return (draft.markdown.string, draft.diagnostics)
    }

    /// ``draft(_:reconstruction:options:)`` with the report left as its UTF-8 bytes, to be
    /// written to a file or rendered into a page (``htmlParts(markdown:options:)``)
    /// without being decoded into a string.
    public static func draftUTF8(
        _ log: consuming IncidentLog, reconstruction reconstructionOptions: ReconstructionOptions = ReconstructionOptions(),
        options: RenderOptions = RenderOptions()
    ) -> (markdown: UTF8Text, diagnostics: [Diagnostic]) {
        guard options.templates.rendersBuiltInReport else {
            let reconstruction = IncidentReconstructor.reconstruct(log, options: reconstructionOptions)
            let diagnostics = reconstruction.diagnostics
            return (markdown(consume reconstruction, options: options, rows: nil), diagnostics)
        }
        // The rows are written on every core into one buffer with room around them, in
        // which the report is then made: they are not copied.
        let placed = PlacedRows()
        let (reconstruction, _) = IncidentReconstructor.reconstruct(
            log, options: reconstructionOptions, alongsideFindings: rowPieces
        ) { partial, piece in
            placed.write(piece: piece, of: partial, dualClock: ReportViewModel.showsDualClock(partial.reportZone))
        }
        let diagnostics = reconstruction.diagnostics
        // Handed over, so the events are not held while the report is put together.
        return (markdown(consume reconstruction, options: options, rows: placed.rows()), diagnostics)
    }

    /// ``markdown(_:options:)``, with the timeline's rows already written when given.
    static func markdown(
        _ reconstruction: consuming Reconstruction, options: RenderOptions, rows: consuming AssembledRows?
    ) -> UTF8Text {
        if options.templates.rendersBuiltInReport, !reconstruction.events.isEmpty,
            let assembly = reportAssembly(reconstruction, options: options, rows: consume rows)
        {
            // The events, when the caller handed them over, are let go while the report
            // is put together (on two cores: neither needs the other).
            let handover = AssemblyHandover(consume reconstruction, assembly)
            let (_, report) = ParallelWork.both({ handover.releaseReconstruction() }, { handover.assemble() })
            return report ?? UTF8Text("")
        }
        var model = ReportViewModel(copy reconstruction, generatedAt: options.generatedAt)
        if options.templates.writesTimelineRows, !model.timeline.isEmpty {
            model.timelineRows = TimelineRows.text(model.timeline, dualClock: model.dualClock)
            model.hasTimelineRows = true
        }
        let raw = options.templates.render(model, template: "report.md")
        let report = ReportMarkers.fingerprinted(normalized(raw))
        let chart = ChartData(reconstruction)
        guard !chart.milestones.isEmpty else { return UTF8Text(report) }
        return UTF8Text(withChartComment(chart.markdownComment(), in: report))
    }

    /// Puts the chart comment on its own line after the header block's end marker, or
    /// at the end of a report whose template has no header block.
    static func withChartComment(_ comment: String, in report: String) -> String {
        guard !comment.isEmpty else { return report }
        let end = ReportMarkers.Marker(isBegin: false, name: "header", fingerprint: nil)
        for line in TextScanning.lineRanges(report) where ReportMarkers.parse(report[line]) == end {
            // The comment goes on a line of its own right after the end marker.
            var result = String(report[..<line.upperBound])
            result.reserveCapacity(report.utf8.count + comment.utf8.count + 1)
            result += "\n"
            result += comment
            if line.upperBound != report.endIndex {
                result += report[line.upperBound...]
            }
            return result
        }
        return report + "\n" + comment + "\n"
    }

    /// A standalone HTML page for a Markdown report (generated or edited by hand):
    /// cmark renders the Markdown with raw HTML disabled, the `page.html` template wraps it.
    ///
    /// When the report carries chart data (a `hindsight:chart` comment), the page shows
    /// the timeline chart between the header (title, facts) and the first section.
    public static func html(markdown: String, options: RenderOptions = RenderOptions()) -> String {
        html(markdown: markdown, options: options, navigation: nil)
    }

    /// The page of ``html(markdown:options:)`` for a report in UTF-8 (as
    /// ``draftUTF8(_:reconstruction:options:)`` gives it), as the pieces it is made of, in
    /// order: the template's text around the body, and the body's two parts. A long
    /// report's page is written from them without being copied into one string.
    public static func htmlParts(markdown: UTF8Text, options: RenderOptions = RenderOptions()) -> [UTF8Text] {
        markdown.withBytes { htmlParts(markdown: $0, options: options, navigation: nil) }
    }

    /// The page, with a navigation bar to the rest of a published site when given.
    static func html(markdown: String, options: RenderOptions, navigation: SiteNavigation?) -> String {
        var markdown = markdown
        return UTF8Text.joined(markdown.withUTF8 { htmlParts(markdown: $0, options: options, navigation: navigation) })
    }

    static func htmlParts(markdown: UnsafeBufferPointer<UInt8>, options: RenderOptions, navigation: SiteNavigation?) -> [UTF8Text] {
        if let normalized = LineEndings.normalized(markdown) {
            return normalized.withUnsafeBufferPointer { htmlParts(markdown: $0, options: options, navigation: navigation) }
        }
        // The chart is drawn while cmark renders the body: neither needs the other.
        let ((body, heading), chart) = ParallelWork.both(
            { MarkdownRenderer.render(markdown, treeFreed: options.treeFreed) },
            { ChartData.parse(fromMarkdown: markdown).map { (svg: TimelineChart.responsiveSVG($0), caption: TimelineChart.caption($0)) } })
        var page = HTMLPage(title: heading ?? "Incident retrospective", body: "")
        if let navigation {
            page.hasNavigation = true
            page.siteName = navigation.siteName
            page.markdownHref = navigation.markdownHref
            page.publicNote = navigation.publicNote ?? ""
            page.hasPublicNote = navigation.publicNote != nil
        }
        let svg = chart?.svg ?? []
        page.hasChart = !svg.isEmpty
        page.chartCaption = page.hasChart ? chart?.caption ?? "" : ""
        let split = bodyParts(body)
        if options.templates.rendersBuiltInPage,
            let assembled = assembledPage(page, head: split.head, chart: svg, rest: split.rest, templates: options.templates)
        {
            return assembled
        }
        // A template of the user's own is given the body and the chart as text.
        page.chart = UTF8Text.joined(svg)
        page.body = body.string
        let text = bodyParts(page.body)
        page.bodyHead = text.head
        page.bodyRest = text.rest
        return [UTF8Text(options.templates.render(page, template: "page.html"))]
    }

    /// The body split before its first level-two heading (the first section after the
    /// header); all of it is the head when there is none.
    static func bodyParts(_ body: String) -> (head: Substring, rest: Substring) {
        // Slices, not copies: a long report's body is tens of megabytes.
        let utf8 = body.utf8
        guard let offset = TextScanning.firstOffset(of: headingTwo, in: body, from: 0) else { return (body[...], "") }
        let heading = utf8.index(utf8.startIndex, offsetBy: offset)
        return (body[..<heading], body[heading...])
    }

    /// ``bodyParts(_:)-(String)`` of a body in UTF-8.
    static func bodyParts(_ body: UTF8Text) -> (head: UTF8Text, rest: UTF8Text) {
        guard let offset = body.firstOffset(of: headingTwo) else { return (body, body.slice(body.count..<body.count)) }
        return (body.slice(0..<offset), body.slice(offset..<body.count))
    }

    private static let headingTwo = Array("<h2".utf8)

    /// The report's title: the text of its first level-one heading.
    static func title(of markdown: String) -> String {
        let document = MarkdownDocument(parsing: markdown)
        for block in document.blocks {
            if case .heading(let level) = block.kind, level == 1 {
                return block.text.replacingOccurrences(of: "\n", with: " ")
            }
        }
        return "Incident retrospective"
    }

    /// Collapses runs of blank lines left by empty template sections and ends the
    /// text with exactly one newline.
    static func normalized(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            // Lines as ``TextScanning/lineRanges(_:)`` splits them (at line feeds not after a
            // carriage return), kept by their byte ranges; an empty range is a blank line kept.
            var lines: [Range<Int>] = []
            var blank = 0
            var start = 0
            var index = 0
            func add(_ line: Range<Int>) {
                if bytes[line].allSatisfy({ $0 == 32 || $0 == 9 }) {
                    blank += 1
                    if blank > 1 || lines.isEmpty { return }
                    lines.append(0..<0)
                } else {
                    blank = 0
                    lines.append(line)
                }
            }
            while index < bytes.count {
                if bytes[index] == 10, index == 0 || bytes[index - 1] != 13 {
                    add(start..<index)
                    start = index + 1
                }
                index += 1
            }
            add(start..<bytes.count)
            while lines.last?.isEmpty == true { lines.removeLast() }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 1)
            for line in lines {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[line]))
                output.append(10)
            }
            if lines.isEmpty { output.append(10) }
            // Cut only at ASCII bytes, so still valid UTF-8.
            return ReportMarkers.string(decodingValid: output)
        }
    }
}

/// What the page template shows. `body` is the whole rendered report; `bodyHead` and
/// `bodyRest` are the same split before the first section, so the chart can go between.
struct HTMLPage: Sendable {
    var title: String
    var body: String
    /// Slices of `body` (Mustache shows a `Substring` as it shows a `String`).
    var bodyHead: Substring = ""
    var bodyRest: Substring = ""
    /// The timeline chart's SVG elements (wide and narrow), empty when there is none.
    var chart = ""
    var hasChart = false
    var chartCaption = ""
    /// The site navigation bar, on pages published with `hindsight publish`.
    var hasNavigation = false
    var siteName = ""
    var markdownHref = ""
    var publicNote = ""
    var hasPublicNote = false

    init(title: String, body: String) {
        self.title = title
        self.body = body
        bodyHead = body[...]
    }
}

/// Links from a published retrospective to the rest of its site (all relative).
struct SiteNavigation: Sendable {
    var siteName: String
    /// The page's Markdown beside it (`inc-2026-032.md`).
    var markdownHref: String
    /// Said on public pages: what was left out and redacted.
    var publicNote: String?
}
