import Foundation

extension ReportRenderer {
    /// The line the built-in template shows in place of the timeline's rows while the
    /// rest of the report is rendered; no marker, not blank, and not a Markdown escape's
    /// output (it has no backslash), so it cannot be mistaken for anything else.
    static let timelinePlaceholder = "\u{E000}hindsight timeline rows\u{E000}"

    /// ``markdown(_:options:)`` for the built-in `report.md`: Mustache renders the report
    /// with a placeholder line for the timeline's rows (a few kilobytes instead of a
    /// line per event), and the rows are written as bytes into the finished report, its
    /// timeline block's fingerprint taken as they are copied. The text is the same as
    /// rendering the rows through the template; nil (render that way) when the
    /// placeholder line does not come out exactly once, as when a section written by
    /// the log's author consists of that very line.
    static func assembledMarkdown(_ reconstruction: Reconstruction, options: RenderOptions) -> String? {
        reportAssembly(reconstruction, options: options)?.assembled().string
    }

    /// What ``assembledMarkdown(_:options:)`` puts together, taken from the
    /// reconstruction, which is not needed for the assembly itself (so a caller that
    /// owns it can let it go first); nil when the placeholder line does not come out
    /// exactly once.
    static func reportAssembly(
        _ reconstruction: Reconstruction, options: RenderOptions, rows written: consuming AssembledRows? = nil
    ) -> ReportAssembly? {
        let rowsWritten = written != nil
        // The report around its placeholder, the chart's data and the rows in pieces
        // (unless written already) are made on every core: none needs another.
        let dualClock = ReportViewModel.showsDualClock(reconstruction.reportZone)
        let ranges = rowsWritten ? [] : rowPieces(of: reconstruction.events)
        let tasks = [AssemblyTask.report, .chart] + ranges.map { AssemblyTask.rows($0) }
        let parts = ParallelWork.map(tasks) { task -> AssemblyPart in
            switch task {
            case .report:
                var model = ReportViewModel(reconstruction, generatedAt: options.generatedAt, includingTimeline: false)
                model.timelineRows = timelinePlaceholder
                model.hasTimelineRows = true
                let text = normalized(options.templates.render(model, template: "report.md"))
                return .report(ReportMarkers.placeholderLine(timelinePlaceholder, in: text).map { (text, $0) })
            case .chart:
                let chart = ChartData(reconstruction)
                return .chart(chart.milestones.isEmpty ? "" : chart.markdownComment())
            case .rows(let range):
                return .rows(TimelineRows.bytes(reconstruction, dualClock: dualClock, events: range))
            }
        }
        var report: (text: String, found: (lines: [Range<String.Index>], index: Int))?
        var comment = ""
        var pieces: [[UInt8]] = []
        for part in parts {
            switch part {
            case .report(let made): report = made
            case .chart(let made): comment = made
            case .rows(let made): pieces.append(made)
            }
        }
        guard let report else { return nil }
        return ReportAssembly(
            text: report.text, lines: report.found.lines, placeholderIndex: report.found.index,
            rows: (consume written) ?? .pieces(pieces), chartComment: comment)
    }

    /// Into how many pieces the timeline's rows are cut, so the cores share them with the
    /// report's text and the chart's data whatever those take; and the fewest rows a
    /// piece holds.
    static let rowPieces = 4
    static let rowsPerPiece = 2048

    /// The pieces the rows of `events` are written in.
    static func rowPieces(of events: [ReconstructedEvent]) -> [Range<Int>] {
        ParallelWork.pieces(of: events.indices, minimum: rowsPerPiece, count: rowPieces)
    }

    /// One piece of work of ``reportAssembly(_:options:)``, and what it makes.
    private enum AssemblyTask: Sendable {
        case report, chart
        case rows(Range<Int>)
    }

    private enum AssemblyPart: Sendable {
        case report((text: String, found: (lines: [Range<String.Index>], index: Int))?)
        case chart(String)
        case rows([UInt8])
    }

    /// The built-in report rendered around its placeholder line, with the timeline's
    /// rows and the chart comment that go in.
    struct ReportAssembly {
        var text: String
        var lines: [Range<String.Index>]
        var placeholderIndex: Int
        var rows: AssembledRows
        var chartComment: String

        /// The finished report (``ReportMarkers/assembled(_:lines:placeholderIndex:rows:chartComment:)``).
        consuming func assembled() -> UTF8Text {
            ReportMarkers.assembled(
                text, lines: lines, placeholderIndex: placeholderIndex, rows: &rows, chartComment: chartComment)
        }
    }
}

/// A reconstruction no longer needed and the assembly of its report, each taken by one
/// of two threads (``ReportRenderer/markdown(_:options:rows:)``).
final class AssemblyHandover: @unchecked Sendable {
    /// Each read and cleared by one thread only.
    private var reconstruction: Reconstruction?
    private var assembly: ReportRenderer.ReportAssembly?

    init(_ reconstruction: consuming Reconstruction, _ assembly: consuming ReportRenderer.ReportAssembly) {
        self.reconstruction = reconstruction
        self.assembly = assembly
    }

    /// Lets go of the reconstruction.
    func releaseReconstruction() {
        reconstruction = nil
    }

    /// The finished report; nil when it was taken already.
    func assemble() -> UTF8Text? {
        assembly.take()?.assembled()
    }
}

extension ReportRenderer {
    /// What the built-in page template shows in place of the body's two parts and the
    /// chart while the rest of the page is rendered.
    static let pageHeadPlaceholder = "\u{E000}hindsight page head\u{E000}"
    static let pageChartPlaceholder = "\u{E000}hindsight page chart\u{E000}"
    static let pageRestPlaceholder = "\u{E000}hindsight page rest\u{E000}"

    /// The built-in `page.html` rendered around placeholders, as the pieces of text
    /// around them and the body's two parts and the chart's two drawings in their
    /// places. Mustache would copy a body of tens of megabytes (and a chart of several)
    /// into its output as it grows, holding three or four copies at once; the pieces
    /// hold each once. Joined, they are the text of rendering the page through the
    /// template; nil (render that way) when a placeholder does not come out exactly
    /// once, in order, as when the report's title is that very text.
    static func assembledPage(_ page: HTMLPage, head: UTF8Text, chart: [UTF8Text], rest: UTF8Text, templates: ReportTemplates) -> [UTF8Text]? {
        var frame = page
        frame.bodyHead = pageHeadPlaceholder[...]
        frame.bodyRest = pageRestPlaceholder[...]
        var fills = [(pageHeadPlaceholder, [head])]
        if page.hasChart {
            frame.chart = pageChartPlaceholder
            fills.append((pageChartPlaceholder, chart))
        }
        fills.append((pageRestPlaceholder, [rest]))
        let rendered = UTF8Text(templates.render(frame, template: "page.html"))
        var parts: [UTF8Text] = []
        var from = 0
        for (placeholder, fill) in fills {
            let bytes = Array(placeholder.utf8)
            guard let at = rendered.firstOffset(of: bytes, from: from),
                rendered.firstOffset(of: bytes, from: at + 1) == nil
            else { return nil }
            parts += [rendered.slice(from..<at)] + fill
            from = at + bytes.count
        }
        parts.append(rendered.slice(from..<rendered.count))
        return parts
    }
}
