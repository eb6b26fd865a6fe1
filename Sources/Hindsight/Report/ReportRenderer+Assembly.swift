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
        var model = ReportViewModel(reconstruction, generatedAt: options.generatedAt, includingTimeline: false)
        model.timelineRows = timelinePlaceholder
        model.hasTimelineRows = true
        let raw = options.templates.render(model, template: "report.md")
        let rows = TimelineRows.bytes(reconstruction, dualClock: model.dualClock)
        let chart = ChartData(reconstruction)
        let comment = chart.milestones.isEmpty ? "" : chart.markdownComment()
        return ReportMarkers.assembled(normalized(raw), placeholder: timelinePlaceholder, rows: rows, chartComment: comment)
    }
}
