import Foundation

/// SVG charts for the trends page: incidents per month stacked by severity, and time to
/// resolve per month as lines. Each chart is drawn twice, wide and narrow, and the
/// stylesheet shows the one that fits; colours come from CSS classes, so the charts
/// follow light and dark mode. No script, no external asset.
enum TrendCharts {
    /// A chart's canvas: its size and the plot area inside the margins.
    struct Frame {
        var width: Double
        var height: Double
        var left: Double
        var right: Double
        var top: Double
        var bottom: Double
        var fontSize: Double
        var narrow: Bool

        var plotWidth: Double { width - left - right }
        var plotHeight: Double { height - top - bottom }
        var baseline: Double { height - bottom }

        static let wide = Frame(width: 880, height: 250, left: 64, right: 16, top: 26, bottom: 34, fontSize: 13, narrow: false)
        static let narrow = Frame(width: 360, height: 230, left: 50, right: 10, top: 24, bottom: 34, fontSize: 12, narrow: true)
    }

    /// The severity band a label falls in, as a CSS class suffix: `1`…`4`, or `other`.
    static func severityClass(_ severity: String?) -> String {
        guard let rank = IncidentReconstructor.severityRank(severity) else { return "other" }
        return "\(min(rank, 4))"
    }

    // MARK: - Incidents per month

    /// Bars of incidents per month, stacked by severity, with the count above each bar.
    static func incidentsPerMonth(_ trends: IncidentTrends) -> String {
        guard !trends.byMonth.isEmpty else { return "" }
        return [Frame.wide, Frame.narrow].map { incidentsPerMonth(trends, frame: $0) }.joined()
    }

    static func incidentsPerMonth(_ trends: IncidentTrends, frame: Frame) -> String {
        let months = trends.byMonth
        let severityByID = Dictionary(trends.incidents.map { ($0.id, severityClass($0.severity)) }, uniquingKeysWith: { first, _ in first })
        let highest = max(1, months.map(\.count).max() ?? 1)
        let step = countStep(highest)
        let top = Int((Double(highest) / Double(step)).rounded(.up)) * step
        var svg = open(frame, kind: "months", title: "Incidents per month, by severity")
        svg += countGrid(frame: frame, top: top, step: step)
        let band = frame.plotWidth / Double(months.count)
        let barWidth = min(band * 0.62, frame.narrow ? 34 : 54)
        let every = labelInterval(count: months.count, band: band, minimum: frame.narrow ? 46 : 58)
        for (index, month) in months.enumerated() {
            let center = frame.left + band * (Double(index) + 0.5)
            var y = frame.baseline
            let order = ["1", "2", "3", "4", "other"]
            let classes = month.incidents.map { severityByID[$0] ?? "other" }
            for severity in order {
                let count = classes.filter { $0 == severity }.count
                guard count > 0 else { continue }
                let height = Double(count) / Double(top) * frame.plotHeight
                y -= height
                svg += "<rect class=\"hs-bar hs-sev-\(severity)\" x=\(q(center - barWidth / 2)) y=\(q(y)) width=\(q(barWidth)) height=\(q(height))><title>\(HTMLText.escape(IncidentTrends.monthLabel(month.key))): \(count) \(severity == "other" ? "other" : "severity \(severity)")</title></rect>"
            }
            if month.count > 0 {
                svg += "<text class=\"hs-value\" x=\(q(center)) y=\(q(y - 6)) text-anchor=\"middle\">\(month.count)</text>"
            }
            if index % every == 0 {
                svg += "<text class=\"hs-tick\" x=\(q(center)) y=\(q(frame.baseline + 20)) text-anchor=\"middle\">\(HTMLText.escape(IncidentTrends.monthLabel(month.key)))</text>"
            }
        }
        svg += "<line class=\"hs-axis-line\" x1=\(q(frame.left)) y1=\(q(frame.baseline)) x2=\(q(frame.width - frame.right)) y2=\(q(frame.baseline))/>"
        return svg + "</svg>"
    }

    // MARK: - Time to resolve per month

    /// The median and mean time to resolve per month, as two lines over the months
    /// that have a value; months without one break the lines.
    static func resolvePerMonth(_ trends: IncidentTrends) -> String {
        guard trends.byMonth.contains(where: { $0.timeToResolve.median != nil }) else { return "" }
        return [Frame.wide, Frame.narrow].map { resolvePerMonth(trends, frame: $0) }.joined()
    }

    static func resolvePerMonth(_ trends: IncidentTrends, frame: Frame) -> String {
        let months = trends.byMonth
        let values = months.flatMap { [$0.timeToResolve.median, $0.timeToResolve.mean].compactMap { $0 } }
        let highest = max(60, values.max() ?? 60)
        let step = durationStep(highest)
        let top = Int((Double(highest) / Double(step)).rounded(.up)) * step
        var svg = open(frame, kind: "resolve", title: "Time to resolve per month: median and mean")
        var y = 0
        while y <= top {
            let position = frame.baseline - Double(y) / Double(top) * frame.plotHeight
            svg += "<line class=\"hs-gridline\" x1=\(q(frame.left)) y1=\(q(position)) x2=\(q(frame.width - frame.right)) y2=\(q(position))/>"
            svg += "<text class=\"hs-tick\" x=\(q(frame.left - 8)) y=\(q(position + 4)) text-anchor=\"end\">\(y == 0 ? "0" : axisDuration(y))</text>"
            y += step
        }
        let band = frame.plotWidth / Double(months.count)
        let every = labelInterval(count: months.count, band: band, minimum: frame.narrow ? 46 : 58)
        func point(_ index: Int, _ seconds: Int) -> (Double, Double) {
            (frame.left + band * (Double(index) + 0.5), frame.baseline - Double(seconds) / Double(top) * frame.plotHeight)
        }
        for (series, keyPath) in [("mean", \DurationStatistics.mean), ("median", \DurationStatistics.median)] {
            var segment: [(Double, Double)] = []
            var paths: [String] = []
            for (index, month) in months.enumerated() {
                if let seconds = month.timeToResolve[keyPath: keyPath] {
                    segment.append(point(index, seconds))
                } else {
                    if segment.count > 1 { paths.append(polyline(segment)) }
                    segment = []
                }
            }
            if segment.count > 1 { paths.append(polyline(segment)) }
            for path in paths {
                svg += "<polyline class=\"hs-line hs-line-\(series)\" points=\"\(path)\"/>"
            }
            for (index, month) in months.enumerated() {
                guard let seconds = month.timeToResolve[keyPath: keyPath] else { continue }
                let (x, y) = point(index, seconds)
                svg += "<circle class=\"hs-dot hs-dot-\(series)\" cx=\(q(x)) cy=\(q(y)) r=\"\(series == "median" ? 4.5 : 3.5)\"><title>\(HTMLText.escape(IncidentTrends.monthLabel(month.key))): \(series) \(DurationText.format(seconds))</title></circle>"
                if series == "median" && (months.count <= (frame.narrow ? 4 : 10)) {
                    svg += "<text class=\"hs-value\" x=\(q(x)) y=\(q(y - 10)) text-anchor=\"middle\">\(HTMLText.escape(DurationText.format(seconds)))</text>"
                }
            }
        }
        for (index, month) in months.enumerated() where index % every == 0 {
            let x = frame.left + band * (Double(index) + 0.5)
            svg += "<text class=\"hs-tick\" x=\(q(x)) y=\(q(frame.baseline + 20)) text-anchor=\"middle\">\(HTMLText.escape(IncidentTrends.monthLabel(month.key)))</text>"
        }
        svg += "<line class=\"hs-axis-line\" x1=\(q(frame.left)) y1=\(q(frame.baseline)) x2=\(q(frame.width - frame.right)) y2=\(q(frame.baseline))/>"
        return svg + "</svg>"
    }

    // MARK: - Inline bars

    /// A small horizontal bar for a table cell: `value` of `maximum`, as a share of the width.
    static func bar(_ value: Double, of maximum: Double, tone: String = "count") -> String {
        let share = maximum > 0 ? max(0, min(1, value / maximum)) : 0
        let width = share == 0 ? 0 : max(1.5, share * 100)
        return "<svg class=\"hs-inline-bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">"
            + "<rect class=\"hs-inline-track\" width=\"100\" height=\"10\"/>"
            + "<rect class=\"hs-inline-fill hs-inline-\(tone)\" width=\(q(width)) height=\"10\"/></svg>"
    }

    // MARK: - Pieces

    static func open(_ frame: Frame, kind: String, title: String) -> String {
        let variant = frame.narrow ? "narrow" : "wide"
        return "<svg class=\"hs-trend hs-trend-\(variant)\" viewBox=\"0 0 \(number(frame.width)) \(number(frame.height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"\(number(frame.fontSize))\" data-chart=\"\(kind)\"><title>\(HTMLText.escape(title))</title>"
    }

    static func countGrid(frame: Frame, top: Int, step: Int) -> String {
        var svg = ""
        var value = 0
        while value <= top {
            let y = frame.baseline - Double(value) / Double(top) * frame.plotHeight
            svg += "<line class=\"hs-gridline\" x1=\(q(frame.left)) y1=\(q(y)) x2=\(q(frame.width - frame.right)) y2=\(q(y))/>"
            svg += "<text class=\"hs-tick\" x=\(q(frame.left - 8)) y=\(q(y + 4)) text-anchor=\"end\">\(value)</text>"
            value += step
        }
        return svg
    }

    /// A whole-number step giving at most five gridlines above zero.
    static func countStep(_ highest: Int) -> Int {
        for step in [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000] where highest <= step * 5 { return step }
        return max(1, highest / 5)
    }

    /// A round duration step (minutes, hours, days) giving at most four gridlines above zero.
    static func durationStep(_ highest: Int) -> Int {
        let steps = [60, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800]
        for step in steps where highest <= step * 4 { return step }
        return Int((Double(highest) / 4 / 86_400).rounded(.up)) * 86_400
    }

    /// `45 min`, `6 h`, `2 d`: short labels for round durations.
    static func axisDuration(_ seconds: Int) -> String {
        if seconds % 86_400 == 0 { return "\(seconds / 86_400) d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds >= 3600 { return "\(seconds / 3600) h \(seconds % 3600 / 60) min" }
        return "\(seconds / 60) min"
    }

    /// Label every n-th month so labels keep at least `minimum` units apart.
    static func labelInterval(count: Int, band: Double, minimum: Double) -> Int {
        guard band > 0 else { return 1 }
        return max(1, Int((minimum / band).rounded(.up)))
    }

    static func polyline(_ points: [(Double, Double)]) -> String {
        points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
    }

    /// A quoted attribute value with at most one decimal.
    static func q(_ value: Double) -> String { "\"\(number(value))\"" }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }
}
