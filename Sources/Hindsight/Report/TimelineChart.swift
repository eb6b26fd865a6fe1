/// Draws the incident at a glance as an inline, accessible SVG: a time axis in the
/// report zone's local time, the impact window as a shaded band, lifecycle phases as a
/// row of coloured segments, milestones with staggered labels, and lanes for
/// escalations and hand-offs, failed fix attempts, and stakeholder updates with the
/// silences between them.
///
/// The SVG has no script, no external reference and no colour of its own: every
/// shape carries a `hs-…` class that the report's style sheet colours for light, dark
/// and print. The same data always gives the same bytes.
public enum TimelineChart {
    /// The two drawings a report page carries: one for wide screens and print, one
    /// for phones, where the wide one would shrink its text below legibility.
    public enum Layout: String, Sendable, CaseIterable {
        case wide
        case narrow

        /// The `viewBox` width in user units.
        public var width: Double { self == .wide ? 960 : 360 }
    }

    /// The chart as an `<svg>` element, or an empty string when there is nothing to
    /// draw (no milestone, or instants out of range).
    public static func svg(_ data: ChartData, layout: Layout = .wide) -> String {
        svgUTF8(data, layout: layout)?.string ?? ""
    }

    /// ``svg(_:layout:)`` as UTF-8; nil when there is nothing to draw.
    static func svgUTF8(_ data: ChartData, layout: Layout, lanes: [ChartDrawing.Lane]? = nil) -> UTF8Text? {
        guard !data.milestones.isEmpty, data.isPlausible else { return nil }
        return ChartDrawing(data: data, layout: layout, lanes: lanes).render()
    }

    /// Both layouts, for a page that shows one or the other by screen width, each
    /// drawn into a buffer of its own (a chart can be megabytes: they are not joined);
    /// empty when there is nothing to draw.
    static func responsiveSVG(_ data: ChartData) -> [UTF8Text] {
        // The lanes' labels and tooltips are the same in both: made once.
        let lanes = ChartDrawing.lanes(of: data)
        guard let wide = svgUTF8(data, layout: .wide, lanes: lanes), let narrow = svgUTF8(data, layout: .narrow, lanes: lanes)
        else { return [] }
        return [wide, narrow]
    }

    /// One sentence on what the chart shows and in which time, for a caption.
    static func caption(_ data: ChartData) -> String {
        let offset = data.utcOffset == 0 ? "" : " (UTC" + ZoneNames.formatOffset(data.utcOffset / 60) + ")"
        let name = ChartData.truncated(data.zone, limit: ChartData.labelLimit)
        let zone = name.uppercased() == "UTC" ? "UTC" : name + offset
        return "The incident at a glance, in \(zone) time. The sections below give the evidence for every mark."
    }
}

/// The drawing of one chart: lays out rows, then writes the SVG.
struct ChartDrawing {
    let data: ChartData
    let layout: TimelineChart.Layout
    let width: Double
    let scale: TimeScale
    let axis: TimeAxis
    let idPrefix: String
    /// The SVG, written as bytes; room for every mark from the start (each is about 150
    /// bytes; up to 64 MiB, past which it grows as it is written), so a long incident's
    /// chart is not copied to larger buffers of fresh memory as it grows. Room never
    /// written is never touched.
    let output: UTF8Output
    /// The lanes' marks, not yet placed (``lanes(of:)``).
    let baseLanes: [Lane]

    static let labelSize = 13.0
    static let smallSize = 11.5
    static let rowHeight = 18.0
    static let barHeight = 24.0

    init(data: ChartData, layout: TimelineChart.Layout, lanes: [Lane]? = nil) {
        self.data = data
        self.layout = layout
        baseLanes = lanes ?? Self.lanes(of: data)
        width = layout.width
        var instants = data.milestones.map(\.at) + data.escalations.map(\.at) + data.handoffs.map(\.at)
        instants += data.failedAttempts.map(\.at) + data.updates
        instants += data.communicationGaps.flatMap { [$0.start, $0.end] } + data.phases.flatMap { [$0.start, $0.end] }
        instants += [data.impactStart, data.impactEnd, data.slaBreach].compactMap { $0 }
        let low = instants.min() ?? 0
        let high = instants.max() ?? 0
        let margin = layout == .wide ? 20.0 : 14.0
        scale = TimeScale(start: low, end: high, left: margin, right: width - margin)
        let minTickSpacing = layout == .wide ? 100.0 : 76.0
        axis = TimeAxis(scale: scale, utcOffset: data.utcOffset, maxTicks: Int((scale.right - scale.left) / minTickSpacing))
        idPrefix = "hs-chart-\(layout.rawValue)"
        let marks = data.milestones.count + data.escalations.count + data.handoffs.count + data.failedAttempts.count
            + data.updates.count + data.communicationGaps.count + data.phases.count
        output = UTF8Output(capacity: 8192 + min(256 * marks, 64 << 20))
    }

    // MARK: - Text

    /// Whether the chart spans more than one local day.
    var crossesMidnight: Bool {
        LocalClock.day(Int(scale.start.rounded(.up)), data.utcOffset) != LocalClock.day(Int(scale.end.rounded(.down)), data.utcOffset)
    }

    /// A compact local time for a label: `03:00`, `Thu 07:40` off the first day, `5 Mar
    /// 07:40` on charts longer than six days; seconds when the chart is shorter than ten minutes.
    func when(_ instant: Int) -> String {
        let offset = data.utcOffset
        let clock = LocalClock.clock(instant, offset, seconds: scale.span < 600)
        let firstDay = LocalClock.day(Int(scale.start.rounded(.up)), offset)
        if LocalClock.day(instant, offset) == firstDay { return clock }
        if scale.span < 6 * 86_400 { return LocalClock.weekday(instant, offset) + " " + clock }
        return LocalClock.dayMonth(instant, offset, weekday: false) + " " + clock
    }

    /// The full local time for tooltips and the description: `Wed 4 Mar 03:00`.
    func fullWhen(_ instant: Int) -> String {
        Self.fullWhen(offset: data.utcOffset, instant)
    }

    /// ``fullWhen(_:)`` at a UTC offset.
    static func fullWhen(offset: Int, _ instant: Int) -> String {
        LocalClock.dayMonth(instant, offset, weekday: true) + " " + LocalClock.clock(instant, offset, seconds: LocalClock.secondsIntoDay(instant, offset) % 60 != 0)
    }

    /// ``fullWhen(_:)`` appended as UTF-8, without intermediate strings.
    func appendFullWhen(_ instant: Int, to output: UTF8Output) {
        let offset = data.utcOffset
        let days = LocalClock.day(instant, offset)
        let date = CalendarDate(daysSinceEpoch: days)
        output.appendUTF8(LocalClock.weekdays[((days + 4) % 7 + 7) % 7])
        output.append(0x20)
        SVGText.appendInteger(date.day, to: output)
        output.append(0x20)
        if LocalClock.months.indices.contains(date.month - 1) {
            output.appendUTF8(LocalClock.months[date.month - 1])
        } else {
            SVGText.appendInteger(date.month, to: output)
        }
        output.append(0x20)
        let value = LocalClock.secondsIntoDay(instant, offset)
        func two(_ number: Int) {
            if number < 10 { output.append(UInt8(ascii: "0")) }
            SVGText.appendInteger(number, to: output)
        }
        two(value / 3600)
        output.append(UInt8(ascii: ":"))
        two((value / 60) % 60)
        if value % 60 != 0 {
            output.append(UInt8(ascii: ":"))
            two(value % 60)
        }
    }

    static func shortName(_ kind: String) -> String {
        switch MilestoneKind(rawValue: kind) {
        case .impactStarted: "Impact"
        case .detected: "Detected"
        case .acknowledged: "Acknowledged"
        case .declared: "Declared"
        case .identified: "Cause found"
        case .mitigated: "Mitigated"
        case .resolved: "Resolved"
        case .closed: "Closed"
        case nil: ChartData.label(kind, limit: 20)
        }
    }

    static func fullName(_ kind: String) -> String {
        MilestoneKind(rawValue: kind)?.title ?? ChartData.label(kind, limit: 40)
    }

    static func duration(_ seconds: Int) -> String {
        DurationText.format(seconds)
    }

    func n(_ value: Double) -> String { SVGText.number(value) }

    /// A label from the data, kept short even when the embedded data was edited by hand.
    static func short(_ text: String) -> String {
        ChartData.truncated(text, limit: ChartData.labelLimit)
    }

    /// The lanes below the phase bar, with their marks' labels and tooltips (placed by
    /// each layout when drawn): escalations and hand-offs, fix attempts that did not
    /// help, stakeholder updates and the silences between them.
    static func lanes(of data: ChartData) -> [Lane] {
        var lanes: [Lane] = []
        if !data.escalations.isEmpty || !data.handoffs.isEmpty {
            var marks: [LaneMark] = data.escalations.map { escalation in
                let target = Self.short(escalation.target)
                return LaneMark(
                    at: escalation.at, symbol: escalation.direction == "hierarchical" ? .escalationHierarchical : .escalation,
                    label: "L\(escalation.level) " + target,
                    tooltip: "\(Self.fullWhen(offset: data.utcOffset, escalation.at)) · escalation, level \(escalation.level) (\(Self.short(escalation.direction))): \(target)")
            }
            marks += data.handoffs.map { handoff in
                let kind = handoff.kind == "shift" ? "Shift" : "Command"
                let to = handoff.to.map { Self.short($0) }
                let label = to.map { "\(kind) → \($0)" } ?? "\(kind) hand-off"
                return LaneMark(
                    at: handoff.at, symbol: handoff.kind == "shift" ? .shiftHandoff : .commandHandoff, label: label,
                    tooltip: "\(Self.fullWhen(offset: data.utcOffset, handoff.at)) · \(kind.lowercased()) hand-off" + (to.map { " to \($0)" } ?? ""))
            }
            lanes.append(Lane(caption: "Escalations and hand-offs", marks: marks))
        }
        if !data.failedAttempts.isEmpty {
            lanes.append(Lane(caption: "Fix attempts that did not help", marks: data.failedAttempts.map { attempt in
                let label = Self.short(attempt.label)
                return LaneMark(at: attempt.at, symbol: .failed, label: label, tooltip: "\(Self.fullWhen(offset: data.utcOffset, attempt.at)) · did not help: \(label)")
            }))
        }
        if !data.updates.isEmpty || !data.communicationGaps.isEmpty {
            var marks = data.communicationGaps.map { gap in
                LaneMark(
                    at: gap.start, end: gap.end, symbol: .gap, label: "No update for " + Self.duration(gap.end - gap.start),
                    tooltip: "\(Self.fullWhen(offset: data.utcOffset, gap.start)) to \(Self.fullWhen(offset: data.utcOffset, gap.end)) · no stakeholder update for \(Self.duration(gap.end - gap.start))")
            }
            // One per update: the tooltip is written when drawn, without a string of its own.
            marks += data.updates.map { LaneMark(at: $0, symbol: .update, label: nil, tooltip: .stakeholderUpdate) }
            lanes.append(Lane(caption: "Stakeholder updates", marks: marks))
        }
        return lanes
    }

    // MARK: - Rendering

    /// The SVG (a drawing is rendered once: it writes into its output).
    consuming func render() -> UTF8Text {
        let left = scale.left
        let right = scale.right
        let gap = 10.0
        var y = 8.0

        // Top strip: the impact window's label and the SLA breach.
        let impact: (start: Double, end: Double, label: String)? = data.impactStart.map { start in
            let end = data.impactEnd ?? Int(scale.end)
            let label = data.impactEnd == nil ? "Impact · end not recorded" : "Impact · " + Self.duration(end - start)
            return (scale.x(start), max(scale.x(end), scale.x(start) + 2), label)
        }
        var stripLabels: [(x: Double, y: Double, anchorEnd: Bool, text: String, cls: String)] = []
        var stripRows = LabelRows(gap: 12, maxRows: 2)
        let stripTop = y
        if let impact {
            let textWidth = TextMetrics.width(impact.label, size: Self.smallSize, bold: true)
            let center = (impact.start + impact.end) / 2
            var x = center - textWidth / 2
            if textWidth > impact.end - impact.start - 8 { x = impact.start + 5 }
            x = min(max(x, left), right - textWidth)
            _ = stripRows.place(x: x + 5, width: textWidth, left: left, right: right)
            stripLabels.append((x, 0, false, impact.label, "hs-impact-label"))
        }
        if let breach = data.slaBreach {
            let text = "SLA breached " + when(breach)
            let x = scale.x(breach)
            if let placed = stripRows.place(x: x + 9, width: TextMetrics.width(text, size: Self.smallSize, bold: true), left: left, right: right) {
                stripLabels.append((placed.anchorEnd ? placed.right : placed.left, Double(placed.row), placed.anchorEnd, text, "hs-sla-label"))
            }
        }
        let stripHeight = stripRows.rowCount == 0 ? 0 : Double(stripRows.rowCount) * 16 + 4
        y += stripHeight

        // Milestone labels, on rows above the phase bar.
        let moments = data.milestones.sorted { ($0.at, Self.rank($0.kind)) > ($1.at, Self.rank($1.kind)) }
        var milestoneRows = LabelRows(gap: gap, maxRows: max(1, moments.count), staircase: true)
        var milestonePlacements: [(ChartData.Moment, LabelRows.Placement, String, String)] = []
        for moment in moments {
            let name = Self.shortName(moment.kind)
            let time = (moment.approximate ? "~" : "") + when(moment.at)
            let textWidth = TextMetrics.width(name, size: Self.labelSize, bold: true) + TextMetrics.width(" " + time, size: Self.labelSize)
            if let placed = milestoneRows.place(x: scale.x(moment.at), width: textWidth, left: left, right: right) {
                milestonePlacements.append((moment, placed, name, time))
            }
        }
        let milestoneTop = y
        y += Double(milestoneRows.rowCount) * Self.rowHeight + 8
        let barTop = y
        let barCenter = barTop + Self.barHeight / 2
        y += Self.barHeight + 14

        // Lanes below the bar, made once for both layouts.
        var lanes = baseLanes
        let maxLaneRows = 3
        for index in lanes.indices {
            lanes[index].top = y
            var rows = LabelRows(gap: gap, maxRows: maxLaneRows)
            let labelled = lanes[index].marks.indices.filter { lanes[index].marks[$0].label != nil }
                .sorted { (lanes[index].marks[$0].at, $0) > (lanes[index].marks[$1].at, $1) }
            for markIndex in labelled {
                let mark = lanes[index].marks[markIndex]
                guard mark.label != nil else { continue }
                let x = mark.symbol == .gap ? scale.x(mark.at) + 4 : scale.x(mark.at)
                lanes[index].marks[markIndex].placement = rows.place(x: x, width: mark.labelWidth, left: left, right: right)
            }
            lanes[index].rowCount = rows.rowCount
            y += 18 + 20 + Double(rows.rowCount) * 15 + 10
        }

        let axisY = y + 2
        let hasDates = axis.ticks.contains { $0.date != nil }
        y = axisY + (hasDates ? 40 : 26)

        // Legend.
        let legend = legendItems()
        var legendLayout: [(item: LegendItem, x: Double, y: Double)] = []
        if !legend.isEmpty {
            y += 8
            var x = left
            var rowY = y + 9
            for item in legend {
                let itemWidth = 18 + TextMetrics.width(item.text, size: Self.smallSize)
                if x > left && x + itemWidth > right {
                    x = left
                    rowY += 20
                }
                legendLayout.append((item, x, rowY))
                x += itemWidth + 18
            }
            y = rowY + 12
        }
        let height = (y + 6).rounded(.up)

        // Write.
        let titleID = idPrefix + "-title"
        let descID = idPrefix + "-desc"
        // Room for every lane's marks at once: a growing buffer is copied into fresh memory.
        output.reserveCapacity(8192 + lanes.reduce(0) { $0 + $1.marks.count * 224 })
        output.appendUTF8("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"hs-timeline hs-timeline-\(layout.rawValue)\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"100%\" role=\"img\" aria-labelledby=\"\(titleID)\" aria-describedby=\"\(descID)\" font-size=\"\(n(Self.labelSize))\">\n")
        output.appendUTF8("<title id=\"\(titleID)\">\(SVGText.escape("Timeline of the incident: " + ChartData.truncated(data.title, limit: 120)))</title>\n")
        output.appendUTF8("<desc id=\"\(descID)\">\(SVGText.escape(description()))</desc>\n")
        let hatchID = idPrefix + "-hatch"
        if !data.communicationGaps.isEmpty {
            output.appendUTF8("<defs><pattern id=\"\(hatchID)\" patternUnits=\"userSpaceOnUse\" width=\"6.0\" height=\"6.0\" patternTransform=\"rotate(45)\"><rect class=\"hs-gap-fill\" width=\"6.0\" height=\"6.0\"/><line class=\"hs-gap-hatch\" x1=\"0.0\" y1=\"0.0\" x2=\"0.0\" y2=\"6.0\"/></pattern></defs>\n")
        }

        // Grid and impact band behind everything.
        let gridTop = stripTop
        output.appendUTF8("<g class=\"hs-grid\">")
        for tick in axis.ticks {
            let x = scale.x(tick.instant)
            output.appendUTF8("<line x1=\"\(n(x))\" y1=\"\(n(gridTop))\" x2=\"\(n(x))\" y2=\"\(n(axisY))\"/>")
        }
        output.appendUTF8("</g>\n")
        if let impact {
            output.appendUTF8("<rect class=\"hs-impact\(data.impactEnd == nil ? " hs-impact-open" : "")\" x=\"\(n(impact.start))\" y=\"\(n(gridTop))\" width=\"\(n(impact.end - impact.start))\" height=\"\(n(axisY - gridTop))\"><title>\(SVGText.escape(impactTooltip()))</title></rect>\n")
        }
        if let breach = data.slaBreach {
            let x = scale.x(breach)
            output.appendUTF8("<line class=\"hs-sla\" x1=\"\(n(x))\" y1=\"\(n(gridTop))\" x2=\"\(n(x))\" y2=\"\(n(axisY))\"><title>\(SVGText.escape("SLA breached at \(fullWhen(breach))"))</title></line>\n")
        }
        for label in stripLabels {
            let baseline = stripTop + 12 + label.y * 16
            output.appendUTF8("<text class=\"\(label.cls)\" x=\"\(n(label.x))\" y=\"\(n(baseline))\" font-size=\"\(n(Self.smallSize))\"\(label.anchorEnd ? " text-anchor=\"end\"" : "")>\(SVGText.escape(label.text))</text>\n")
        }

        // Phase bar.
        output.appendUTF8("<rect class=\"hs-track\" x=\"\(n(left))\" y=\"\(n(barTop))\" width=\"\(n(right - left))\" height=\"\(n(Self.barHeight))\" rx=\"3.0\"/>\n")
        for phase in data.phases where phase.end >= phase.start {
            let x1 = scale.x(phase.start)
            let x2 = scale.x(phase.end)
            let key = SVGText.classSuffix(phase.key)
            let title = ChartData.truncated(phase.title, limit: 24)
            let tooltip = "\(title): \(fullWhen(phase.start)) to \(fullWhen(phase.end)), \(Self.duration(phase.end - phase.start))"
            output.appendUTF8("<rect class=\"hs-phase hs-phase-\(key)\" x=\"\(n(x1))\" y=\"\(n(barTop))\" width=\"\(n(max(x2 - x1, 1)))\" height=\"\(n(Self.barHeight))\"><title>\(SVGText.escape(tooltip))</title></rect>\n")
            let full = title + " · " + Self.duration(phase.end - phase.start)
            let text: String? = [full, title].first { TextMetrics.width($0, size: Self.smallSize, bold: true) + 12 <= x2 - x1 }
            if let text {
                output.appendUTF8("<text class=\"hs-phase-text hs-phase-text-\(key)\" x=\"\(n((x1 + x2) / 2))\" y=\"\(n(barCenter + 4))\" font-size=\"\(n(Self.smallSize))\" text-anchor=\"middle\">\(SVGText.escape(text))</text>\n")
            }
        }

        // Milestones: leaders, markers, labels.
        let labelBottom = milestoneTop + Double(milestoneRows.rowCount) * Self.rowHeight
        output.appendUTF8("<g class=\"hs-leader\">")
        for (moment, placed, _, _) in milestonePlacements.reversed() {
            let x = scale.x(moment.at)
            let baseline = labelBottom - Double(placed.row) * Self.rowHeight - 5
            output.appendUTF8("<line x1=\"\(n(x))\" y1=\"\(n(baseline + 4))\" x2=\"\(n(x))\" y2=\"\(n(barCenter - 6))\"/>")
        }
        output.appendUTF8("</g>\n")
        for moment in data.milestones {
            let x = scale.x(moment.at)
            let inferred = moment.confidence == MilestoneConfidence.inferred.rawValue
            let tooltip = "\(Self.fullName(moment.kind)) at \(moment.approximate ? "about " : "")\(fullWhen(moment.at)) (\(moment.confidence))"
            output.appendUTF8("<circle class=\"hs-milestone\(inferred ? " hs-inferred" : "")\" cx=\"\(n(x))\" cy=\"\(n(barCenter))\" r=\"5.5\"><title>\(SVGText.escape(tooltip))</title></circle>\n")
        }
        for (moment, placed, name, time) in milestonePlacements.reversed() {
            let baseline = labelBottom - Double(placed.row) * Self.rowHeight - 5
            let x = placed.anchorEnd ? placed.right : placed.left
            let inferred = moment.confidence == MilestoneConfidence.inferred.rawValue
            output.appendUTF8("<text class=\"hs-milestone-label\(inferred ? " hs-inferred" : "")\" x=\"\(n(x))\" y=\"\(n(baseline))\"\(placed.anchorEnd ? " text-anchor=\"end\"" : "")><tspan class=\"hs-milestone-name\">\(SVGText.escape(name))</tspan> <tspan class=\"hs-milestone-time\">\(SVGText.escape(time))</tspan></text>\n")
        }

        // Lanes.
        for lane in lanes {
            let rowCenter = lane.top + 18 + 10
            output.appendUTF8("<g class=\"hs-lane\">\n")
            output.appendUTF8("<text class=\"hs-lane-caption\" x=\"\(n(left))\" y=\"\(n(lane.top + 12))\" font-size=\"\(n(Self.smallSize))\">\(SVGText.escape(lane.caption))</text>\n")
            output.appendUTF8("<line class=\"hs-lane-rule\" x1=\"\(n(left))\" y1=\"\(n(rowCenter))\" x2=\"\(n(right))\" y2=\"\(n(rowCenter))\"/>\n")
            // Gaps first so that update dots sit on top of them.
            let ordered = lane.marks.filter { $0.symbol == .gap } + lane.marks.filter { $0.symbol != .gap }
            for mark in ordered {
                output.appendLiteral("<g class=\"hs-mark\"><title>")
                switch mark.tooltip {
                case .text(let text): output.appendUTF8(SVGText.escape(text))
                case .stakeholderUpdate:
                    // Digits, ASCII names and `·`: nothing to escape.
                    appendFullWhen(mark.at, to: output)
                    output.appendLiteral(" · stakeholder update")
                }
                output.appendLiteral("</title>")
                appendSymbol(mark, centerY: rowCenter, hatchID: hatchID, to: output)
                output.appendLiteral("</g>\n")
            }
            for mark in lane.marks {
                guard let label = mark.label, let placed = mark.placement else { continue }
                let markX = mark.symbol == .gap ? scale.x(mark.at) + 4 : scale.x(mark.at)
                let baseline = rowCenter + 10 + 13 + Double(placed.row) * 15
                if placed.row > 0 {
                    output.appendUTF8("<line class=\"hs-leader\" x1=\"\(n(markX))\" y1=\"\(n(rowCenter + 8))\" x2=\"\(n(markX))\" y2=\"\(n(baseline - 11))\"/>\n")
                }
                let x = placed.anchorEnd ? placed.right : placed.left
                output.appendUTF8("<text class=\"hs-lane-label\" x=\"\(n(x))\" y=\"\(n(baseline))\" font-size=\"\(n(Self.smallSize))\"\(placed.anchorEnd ? " text-anchor=\"end\"" : "")>\(SVGText.escape(label))</text>\n")
            }
            output.appendUTF8("</g>\n")
        }

        // Axis.
        output.appendUTF8("<g class=\"hs-axis\">\n<line x1=\"\(n(left))\" y1=\"\(n(axisY))\" x2=\"\(n(right))\" y2=\"\(n(axisY))\"/>\n")
        for tick in axis.ticks {
            let x = scale.x(tick.instant)
            output.appendUTF8("<line x1=\"\(n(x))\" y1=\"\(n(axisY))\" x2=\"\(n(x))\" y2=\"\(n(axisY + 5))\"/>")
            let timeWidth = TextMetrics.width(tick.time, size: 12)
            let timeX = min(max(x, left + timeWidth / 2), right - timeWidth / 2)
            output.appendUTF8("<text class=\"hs-tick\" x=\"\(n(timeX))\" y=\"\(n(axisY + 19))\" font-size=\"12.0\" text-anchor=\"middle\">\(SVGText.escape(tick.time))</text>")
            if let date = tick.date {
                let dateWidth = TextMetrics.width(date, size: Self.smallSize, bold: true)
                let dateX = min(max(x, left + dateWidth / 2), right - dateWidth / 2)
                output.appendUTF8("<text class=\"hs-tick-date\" x=\"\(n(dateX))\" y=\"\(n(axisY + 34))\" font-size=\"\(n(Self.smallSize))\" text-anchor=\"middle\">\(SVGText.escape(date))</text>")
            }
            output.appendUTF8("\n")
        }
        output.appendUTF8("</g>\n")

        // Legend.
        if !legendLayout.isEmpty {
            output.appendUTF8("<g class=\"hs-legend\">\n")
            for (item, x, rowY) in legendLayout {
                output.appendUTF8(legendSymbol(item.symbol, x: x + 7, y: rowY - 4, hatchID: hatchID))
                output.appendUTF8("<text class=\"hs-legend-text\" x=\"\(n(x + 18))\" y=\"\(n(rowY))\" font-size=\"\(n(Self.smallSize))\">\(SVGText.escape(item.text))</text>\n")
            }
            output.appendUTF8("</g>\n")
        }
        output.appendUTF8("</svg>\n")
        return UTF8Text(output)
    }

    static func rank(_ kind: String) -> Int {
        MilestoneKind(rawValue: kind)?.rank ?? MilestoneKind.allCases.count
    }

    // MARK: - Lanes and symbols

    enum Symbol: Hashable {
        case escalation, escalationHierarchical, commandHandoff, shiftHandoff, failed, update, gap
        case milestone, inferredMilestone, impact, sla
    }

    /// What a mark's tooltip says.
    enum Tooltip {
        case text(String)
        /// `Wed 4 Mar 03:00 · stakeholder update`, at the mark's time.
        case stakeholderUpdate
    }

    struct LaneMark {
        var at: Int
        var end: Int?
        var symbol: Symbol
        var label: String?
        /// The label's width in the lanes' type, the same in every layout.
        var labelWidth = 0.0
        var tooltip: Tooltip
        var placement: LabelRows.Placement?

        init(at: Int, end: Int? = nil, symbol: Symbol, label: String?, tooltip: String) {
            self.init(at: at, end: end, symbol: symbol, label: label, tooltip: .text(tooltip))
        }

        init(at: Int, end: Int? = nil, symbol: Symbol, label: String?, tooltip: Tooltip) {
            self.at = at
            self.end = end
            self.symbol = symbol
            self.label = label
            if let label { labelWidth = TextMetrics.width(label, size: ChartDrawing.smallSize) }
            self.tooltip = tooltip
        }
    }

    struct Lane {
        var caption: String
        var marks: [LaneMark]
        var top = 0.0
        var rowCount = 0
    }

    func symbol(_ mark: LaneMark, centerY y: Double, hatchID: String) -> String {
        let output = UTF8Output(capacity: 128)
        appendSymbol(mark, centerY: y, hatchID: hatchID, to: output)
        return output.string()
    }

    /// ``symbol(_:centerY:hatchID:)`` appended as UTF-8.
    func appendSymbol(_ mark: LaneMark, centerY y: Double, hatchID: String, to output: UTF8Output) {
        let x = scale.x(mark.at)
        switch mark.symbol {
        case .gap:
            let end = scale.x(mark.end ?? mark.at)
            output.appendLiteral("<rect class=\"hs-gap\" x=\"")
            SVGText.appendNumber(x, to: output)
            output.appendLiteral("\" y=\"")
            SVGText.appendNumber(y - 7, to: output)
            output.appendLiteral("\" width=\"")
            SVGText.appendNumber(max(end - x, 2), to: output)
            output.appendLiteral("\" height=\"14.0\" fill=\"url(#")
            output.appendUTF8(hatchID)
            output.appendLiteral(")\"/>")
        default:
            appendShape(mark.symbol, x: x, y: y, hatchID: hatchID, to: output)
        }
    }

    func shape(_ symbol: Symbol, x: Double, y: Double, hatchID: String) -> String {
        let output = UTF8Output(capacity: 128)
        appendShape(symbol, x: x, y: y, hatchID: hatchID, to: output)
        return output.string()
    }

    /// ``shape(_:x:y:hatchID:)`` appended as UTF-8: numbers and literals, no strings
    /// in between (a lane can hold a shape per event).
    func appendShape(_ symbol: Symbol, x: Double, y: Double, hatchID: String, to output: UTF8Output) {
        /// `M` or `L` and a point.
        func point(_ command: StaticString, _ px: Double, _ py: Double) {
            output.appendLiteral(command)
            SVGText.appendNumber(px, to: output)
            output.append(0x20)
            SVGText.appendNumber(py, to: output)
        }
        func attribute(_ name: StaticString, _ value: Double) {
            output.appendLiteral(name)
            SVGText.appendNumber(value, to: output)
            output.append(UInt8(ascii: "\""))
        }
        switch symbol {
        case .escalation, .escalationHierarchical:
            output.appendLiteral(symbol == .escalationHierarchical ? "<path class=\"hs-escalation hs-hierarchical\" d=\"" : "<path class=\"hs-escalation\" d=\"")
            point("M", x, y - 7)
            point("L", x + 7, y + 5.5)
            point("L", x - 7, y + 5.5)
            output.appendLiteral("Z\"/>")
        case .commandHandoff, .shiftHandoff:
            output.appendLiteral(symbol == .shiftHandoff ? "<path class=\"hs-handoff hs-shift\" d=\"" : "<path class=\"hs-handoff\" d=\"")
            point("M", x, y - 7)
            point("L", x + 7, y)
            point("L", x, y + 7)
            point("L", x - 7, y)
            output.appendLiteral("Z\"/>")
        case .failed:
            output.appendLiteral("<path class=\"hs-failed\" d=\"")
            point("M", x - 5, y - 5)
            point("L", x + 5, y + 5)
            point("M", x + 5, y - 5)
            point("L", x - 5, y + 5)
            output.appendLiteral("\"/>")
        case .update:
            output.appendLiteral("<circle class=\"hs-update\"")
            attribute(" cx=\"", x)
            attribute(" cy=\"", y)
            output.appendLiteral(" r=\"3.5\"/>")
        case .gap:
            output.appendLiteral("<rect class=\"hs-gap\"")
            attribute(" x=\"", x - 7)
            attribute(" y=\"", y - 6)
            output.appendLiteral(" width=\"14.0\" height=\"12.0\" fill=\"url(#")
            output.appendUTF8(hatchID)
            output.appendLiteral(")\"/>")
        case .milestone, .inferredMilestone:
            output.appendLiteral(symbol == .inferredMilestone ? "<circle class=\"hs-milestone hs-inferred\"" : "<circle class=\"hs-milestone\"")
            attribute(" cx=\"", x)
            attribute(" cy=\"", y)
            output.appendLiteral(" r=\"5.5\"/>")
        case .impact:
            output.appendLiteral("<rect class=\"hs-impact hs-impact-key\"")
            attribute(" x=\"", x - 7)
            attribute(" y=\"", y - 6)
            output.appendLiteral(" width=\"14.0\" height=\"12.0\"/>")
        case .sla:
            output.appendLiteral("<line class=\"hs-sla\"")
            attribute(" x1=\"", x)
            attribute(" y1=\"", y - 7)
            attribute(" x2=\"", x)
            attribute(" y2=\"", y + 7)
            output.appendLiteral("/>")
        }
    }

    struct LegendItem {
        var symbol: Symbol
        var text: String
    }

    func legendItems() -> [LegendItem] {
        var items: [LegendItem] = []
        if data.impactStart != nil { items.append(LegendItem(symbol: .impact, text: "Impact")) }
        if data.milestones.contains(where: { $0.confidence == MilestoneConfidence.inferred.rawValue }) {
            items.append(LegendItem(symbol: .milestone, text: "Milestone"))
            items.append(LegendItem(symbol: .inferredMilestone, text: "Inferred from wording: confirm"))
        }
        if data.escalations.contains(where: { $0.direction != "hierarchical" }) {
            items.append(LegendItem(symbol: .escalation, text: "Escalation (L2, L3: level)"))
        }
        if data.escalations.contains(where: { $0.direction == "hierarchical" }) {
            items.append(LegendItem(symbol: .escalationHierarchical, text: "Escalation to management"))
        }
        if data.handoffs.contains(where: { $0.kind != "shift" }) { items.append(LegendItem(symbol: .commandHandoff, text: "Command hand-off")) }
        if data.handoffs.contains(where: { $0.kind == "shift" }) { items.append(LegendItem(symbol: .shiftHandoff, text: "Shift hand-off")) }
        if !data.failedAttempts.isEmpty { items.append(LegendItem(symbol: .failed, text: "Fix that did not help")) }
        if !data.updates.isEmpty { items.append(LegendItem(symbol: .update, text: "Stakeholder update")) }
        if !data.communicationGaps.isEmpty { items.append(LegendItem(symbol: .gap, text: "Longer than the update cadence")) }
        if data.slaBreach != nil { items.append(LegendItem(symbol: .sla, text: "SLA breached")) }
        return items
    }

    func legendSymbol(_ symbol: Symbol, x: Double, y: Double, hatchID: String) -> String {
        shape(symbol, x: x, y: y, hatchID: hatchID) + "\n"
    }

    // MARK: - Description

    func impactTooltip() -> String {
        guard let start = data.impactStart else { return "" }
        if let end = data.impactEnd {
            return "Impact from \(fullWhen(start)) to \(fullWhen(end)), \(Self.duration(end - start))"
        }
        return "Impact from \(fullWhen(start)); the log does not say when it ended"
    }

    /// A plain-language summary of everything drawn, for screen readers.
    func description() -> String {
        var parts: [String] = []
        let start = Int(scale.start.rounded(.up))
        let end = Int(scale.end.rounded(.down))
        let offset = data.utcOffset == 0 ? "" : ", UTC" + ZoneNames.formatOffset(data.utcOffset / 60)
        parts.append("From \(fullWhen(start)) to \(fullWhen(end)) (\(Self.short(data.zone))\(offset)).")
        if data.impactStart != nil { parts.append(impactTooltip() + ".") }
        let milestones = data.milestones.sorted { ($0.at, Self.rank($0.kind)) < ($1.at, Self.rank($1.kind)) }
            .map { "\(Self.fullName($0.kind)) \($0.approximate ? "about " : "")\(when($0.at))\($0.confidence == MilestoneConfidence.inferred.rawValue ? " (inferred)" : "")" }
        parts.append("Milestones: " + milestones.joined(separator: "; ") + ".")
        if !data.phases.isEmpty {
            parts.append("Phases: " + data.phases.map { "\(ChartData.truncated($0.title, limit: 24)) \(Self.duration($0.end - $0.start))" }.joined(separator: ", ") + ".")
        }
        func count(_ number: Int, _ singular: String, _ plural: String) -> String {
            "\(number) \(number == 1 ? singular : plural)"
        }
        var counts: [String] = []
        if !data.escalations.isEmpty { counts.append(count(data.escalations.count, "escalation", "escalations")) }
        if !data.handoffs.isEmpty { counts.append(count(data.handoffs.count, "hand-off", "hand-offs")) }
        if !data.failedAttempts.isEmpty { counts.append(count(data.failedAttempts.count, "fix attempt that did not help", "fix attempts that did not help")) }
        if !data.updates.isEmpty { counts.append(count(data.updates.count, "stakeholder update", "stakeholder updates")) }
        if !data.communicationGaps.isEmpty {
            counts.append(count(data.communicationGaps.count, "stretch", "stretches") + " without an update for longer than the cadence")
        }
        if !counts.isEmpty { parts.append(counts.joined(separator: ", ").prefix(1).uppercased() + counts.joined(separator: ", ").dropFirst() + ".") }
        if let breach = data.slaBreach { parts.append("SLA breached at \(when(breach)).") }
        return parts.joined(separator: " ")
    }
}
