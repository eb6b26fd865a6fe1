import Foundation

/// Everything the report templates show, computed up front so templates stay
/// logic-less and tests can inspect it.
///
/// Fields named `…Markdown` or holding `[String]` lines are prepared Markdown
/// (templates insert them with `{{{…}}}`); other strings are plain text that the
/// `MARKDOWN` content type escapes.
struct ReportViewModel: Sendable {
    struct Fact: Sendable { var label: String; var value: String }
    struct MilestoneRow: Sendable { var name: String; var local: String; var utc: String; var evidenceMarkdown: String; var how: String }
    struct MeasureRow: Sendable { var name: String; var value: String; var definition: String }
    struct TimelineRow: Sendable { var local: String; var utc: String; var textMarkdown: String; var source: String }
    struct ResponderRow: Sendable { var name: String; var roles: String; var firstSeen: String }
    struct FactorRow: Sendable { var statement: String; var evidenceMarkdown: String; var hasEvidence: Bool }
    struct ActionRow: Sendable { var textMarkdown: String; var kind: String; var owner: String; var due: String; var tracker: String; var status: String }
    struct Section: Sendable { var title: String; var markdown: String }

    var title: String
    var facts: [Fact]
    var zoneNote: String
    var generatedAt: String
    var hasGeneratedAt: Bool
    var sources: String

    var summary: [Section]
    var generatedSummary: String
    var hasSummary: Bool
    var impact: [Section]
    var impactLines: [String]

    var milestones: [MilestoneRow]
    var hasMilestones: Bool
    var measures: [MeasureRow]
    /// `Detect 4 min · Acknowledge 3 min · …`: time in each lifecycle phase.
    var phaseLine: String
    var hasPhases: Bool
    var serviceLevelLines: [String]
    var hasServiceLevels: Bool

    var timelineZone: String
    /// Whether the report zone differs from UTC, so a UTC column is worth showing.
    var dualClock: Bool

    /// ``dualClock`` for a report in `zone`.
    static func showsDualClock(_ zone: NamedZone) -> Bool {
        !["UTC", "GMT"].contains(zone.name.uppercased())
    }
    var timeline: [TimelineRow]
    var hasTimeline: Bool
    /// The timeline rows as Markdown, for templates whose timeline section
    /// ``TimelineRows`` replaced; empty otherwise.
    var timelineRows = ""
    var hasTimelineRows = false

    var responders: [ResponderRow]
    var hasResponders: Bool
    var escalationLines: [String]
    var hasEscalations: Bool
    var handoffLines: [String]
    var hasHandoffs: Bool
    var communicationLines: [String]

    var factors: [FactorRow]
    var hasFactors: Bool
    var authoredFactors: [Section]
    var failedAttemptLines: [String]
    var hasFailedAttempts: Bool

    var rootCause: [Section]
    var wentWell: [Section]
    var hasWentWell: Bool
    var wentPoorly: [Section]
    var hasWentPoorly: Bool
    var lucky: [Section]
    var hasLucky: Bool
    var lessons: [Section]

    var actions: [ActionRow]
    var hasActions: Bool
    /// The action rows as the built-in table shows them, for the built-in template, whose
    /// rows section ``TimelineRows/rewriteBuiltIn(_:)`` replaced.
    var actionRows: String
    var hasActionRows: Bool
    var actionNotes: [Section]
    var actionWarnings: [String]
    var hasActionWarnings: Bool

    var otherSections: [Section]
    var questions: [String]
    var hasQuestions: Bool
    var definitions: [MeasureRow]
}

extension ReportViewModel {
    /// Builds the view model from a reconstruction; without the timeline's rows when
    /// `includingTimeline` is false (the renderer writes them itself, see ``TimelineRows``).
    init(_ r: Reconstruction, generatedAt: Date? = nil, includingTimeline: Bool = true) {
        let zone = r.reportZone
        let m = r.metadata
        title = m.title ?? m.id.map { "Incident \($0)" } ?? "Incident retrospective"

        var facts: [Fact] = [Fact(label: "Status", value: "Draft for review")]
        if let id = m.id { facts.append(Fact(label: "Incident", value: id)) }
        if let severity = m.severity { facts.append(Fact(label: "Severity", value: severity)) }
        if let category = m.category {
            facts.append(Fact(label: "Category", value: m.subcategory.map { "\(category) / \($0)" } ?? category))
        }
        if !m.services.isEmpty { facts.append(Fact(label: "Services", value: m.services.joined(separator: ", "))) }
        // The incident's own window: from impact (or detection) to closure (or resolution),
        // falling back to the first and last timed entries.
        var references = SourceReferences()
        let timed = r.events.compactMap { $0.event.time?.instant }
        let opened = (r.milestone(.impactStarted) ?? r.milestone(.detected))?.time.instant ?? timed.min()
        let ended = (r.milestone(.closed) ?? r.milestone(.resolved))?.time.instant ?? timed.max()
        if let opened, let ended {
            facts.append(Fact(label: "Period", value: "\(ReportClock.local(opened, in: zone)) to \(ReportClock.local(ended, in: zone)) (\(zone.name))"))
        }
        if let status = m.status { facts.append(Fact(label: "Incident status", value: status)) }
        for role in m.roles { facts.append(Fact(label: Self.capitalized(role.role), value: role.person)) }
        self.facts = facts
        let dualClock = Self.showsDualClock(zone)
        self.dualClock = dualClock
        zoneNote = dualClock ? "Times are shown in \(r.timeZoneNote), with UTC alongside." : "Times are in \(r.timeZoneNote)."
        self.generatedAt = generatedAt.map(Instants.iso8601) ?? ""
        hasGeneratedAt = generatedAt != nil
        sources = r.sources.joined(separator: ", ")

        func sections(_ role: AuthoredSection.Role) -> [Section] {
            r.sections.filter { $0.role == role }.map {
                Section(title: $0.title, markdown: MarkdownText.authored($0.markdown.trimmingCharacters(in: .newlines)))
            }
        }
        summary = sections(.summary)
        hasSummary = !summary.isEmpty
        generatedSummary = Self.summary(r)
        impact = sections(.impact)
        impactLines = Self.impactLines(r)

        func row(for milestone: Milestone) -> MilestoneRow {
            let evidence = milestone.evidence.map { index -> String in
                let event = r.events[index].event
                return MarkdownText.inline(Self.shortText(event.text, limit: 90)) + " (" + MarkdownText.escape(references.reference(event.source)) + ")"
            } ?? "front matter"
            let how: String
            switch milestone.confidence {
            case .stated: how = "stated (\(milestone.reason))"
            case .source: how = "from the tool (\(milestone.reason))"
            case .marker: how = "marker (\(milestone.reason))"
            case .inferred: how = "inferred (\(milestone.reason))"
            }
            let approximate = milestone.time.approximate ? "~" : ""
            return MilestoneRow(
                name: milestone.kind.title, local: approximate + ReportClock.local(milestone.time.instant, in: zone),
                utc: ReportClock.utc(milestone.time.instant, besideLocalIn: zone), evidenceMarkdown: evidence, how: how)
        }
        milestones = r.milestones.map(row)
        hasMilestones = !milestones.isEmpty
        measures = r.measures.map { measure in
            MeasureRow(name: measure.title, value: measure.seconds.map(DurationText.format) ?? "unknown", definition: measure.definition)
        }
        definitions = measures
        phaseLine = r.phases.map { "\($0.title) \(DurationText.format($0.seconds))" }.joined(separator: " · ")
        hasPhases = !r.phases.isEmpty
        serviceLevelLines = Self.serviceLevelLines(r)
        hasServiceLevels = !serviceLevelLines.isEmpty

        timelineZone = zone.name
        var lastDate: CalendarDate?
        timeline = !includingTimeline ? [] : r.events.map { item in
            let event = item.event
            var local = event.writtenTime.map { "\($0) (unknown)" } ?? "time unknown"
            var utc = ""
            if let time = event.time {
                let date = ReportClock.date(time.instant, in: zone)
                let clock = time.precision == .day ? "" : ReportClock.time(time.instant, in: zone)
                local = (date != lastDate || time.precision == .day) ? "\(date) \(clock)" : clock
                local = String(local.trimmedWhitespace())
                lastDate = date
                if time.approximate { local = "~" + local }
                if let end = time.end { local += "–" + ReportClock.time(end, in: zone) }
                utc = time.precision == .day ? "" : ReportClock.utc(time.instant, besideLocalIn: zone)
            }
            var text = MarkdownText.inline(event.text)
            if let milestone = item.milestone { text = "**\(milestone.title):** " + text }
            if let author = event.author, !TextScanning.contains(event.text, author) { text += " — " + MarkdownText.escape(author) }
            if !event.details.isEmpty {
                text += " · " + event.details.map(MarkdownText.inline).joined(separator: " · ")
            }
            return TimelineRow(local: local, utc: utc, textMarkdown: text, source: references.reference(event.source))
        }
        hasTimeline = !r.events.isEmpty

        responders = r.responders.map { person in
            ResponderRow(
                name: person.name, roles: person.roles.isEmpty ? "responder" : person.roles.joined(separator: ", "),
                firstSeen: person.firstSeen.map { ReportClock.local($0, in: zone) } ?? "")
        }
        hasResponders = !responders.isEmpty
        escalationLines = r.escalations.map { escalation in
            let event = r.events[escalation.evidence].event
            let when = event.time.map { ReportClock.local($0.instant, in: zone) } ?? "time unknown"
            var line = "\(MarkdownText.escape(when)) — level \(escalation.level), \(escalation.direction.rawValue): \(MarkdownText.inline(Self.shortText(event.text, limit: 100)))"
            if let since = escalation.sinceDetection { line += " (\(DurationText.format(since)) after detection)" }
            if escalation.afterBreach { line += " — after the SLA was breached" }
            return line
        }
        hasEscalations = !escalationLines.isEmpty
        handoffLines = r.handoffs.map { handoff in
            let event = r.events[handoff.evidence].event
            let when = event.time.map { ReportClock.local($0.instant, in: zone) } ?? "time unknown"
            let kind = handoff.kind == .command ? "Command" : "Shift"
            let to = handoff.to.map { " to \(MarkdownText.escape($0))" } ?? ""
            return "\(MarkdownText.escape(when)) — \(kind) hand-off\(to): \(MarkdownText.inline(Self.shortText(event.text, limit: 100)))"
        }
        hasHandoffs = !handoffLines.isEmpty
        var communication = ["\(r.communicationUpdates) stakeholder update\(r.communicationUpdates == 1 ? "" : "s") recorded; expected at least every \(DurationText.format(r.communicationCadenceSeconds)) for this severity."]
        for gap in r.communicationGaps {
            communication.append("No update for \(DurationText.format(gap.seconds)), from \(ReportClock.local(gap.start, in: zone)) to \(ReportClock.local(gap.end, in: zone)).")
        }
        communicationLines = communication.map(MarkdownText.escape)

        factors = r.factors.filter { $0.category != .authored }.map { factor in
            let evidence = factor.evidence.prefix(3).map { index -> String in
                let event = r.events[index].event
                let when = event.time.map { ReportClock.local($0.instant, in: zone) } ?? "untimed entry"
                return MarkdownText.escape("\(when) (\(references.reference(event.source)))")
            }
            return FactorRow(statement: factor.statement, evidenceMarkdown: evidence.joined(separator: "; "), hasEvidence: !evidence.isEmpty)
        }
        hasFactors = !factors.isEmpty
        authoredFactors = sections(.contributingFactors)
        failedAttemptLines = r.failedRemediations.map { index in
            let event = r.events[index].event
            let when = event.time.map { ReportClock.local($0.instant, in: zone) } ?? "time unknown"
            return "\(MarkdownText.escape(when)) — \(MarkdownText.inline(event.text)) (\(MarkdownText.escape(references.reference(event.source))))"
        }
        hasFailedAttempts = !failedAttemptLines.isEmpty

        rootCause = sections(.rootCause)
        wentWell = sections(.whatWentWell)
        hasWentWell = !wentWell.isEmpty
        wentPoorly = sections(.whatWentPoorly)
        hasWentPoorly = !wentPoorly.isEmpty
        lucky = sections(.whereWeGotLucky)
        hasLucky = !lucky.isEmpty
        lessons = sections(.lessons)

        actions = r.actionItems.map { item in
            ActionRow(
                textMarkdown: MarkdownText.inline(item.text), kind: item.kind.rawValue,
                owner: item.owner ?? (item.suggested ? "to assign" : "missing"),
                due: item.due?.description ?? (item.suggested ? "to set" : "missing"),
                tracker: item.tracker ?? "", status: item.suggested ? "suggested" : (item.done ? "done" : "open"))
        }
        hasActions = !actions.isEmpty
        actionRows = Self.tableRows(actions)
        hasActionRows = !actions.isEmpty
        actionNotes = r.sections.filter { $0.role == .actionItems }.compactMap { section in
            let prose = Self.nonListMarkdown(section.markdown)
            return prose.isEmpty ? nil : Section(title: section.title, markdown: MarkdownText.authored(prose))
        }
        let written = r.actionItems.filter { !$0.suggested }
        var warnings: [String] = []
        let noOwner = written.filter { $0.owner == nil }.count
        let noDue = written.filter { $0.due == nil && !$0.done }.count
        if noOwner > 0 { warnings.append("\(noOwner) action item\(noOwner == 1 ? " has" : "s have") no owner.") }
        if noDue > 0 { warnings.append("\(noDue) open action item\(noDue == 1 ? " has" : "s have") no due date.") }
        actionWarnings = warnings
        hasActionWarnings = !warnings.isEmpty

        otherSections = r.sections.filter { $0.role == .other && !$0.title.isEmpty || ($0.title.isEmpty && !$0.markdown.isEmpty && $0.role == .other) }
            .map { Section(title: $0.title.isEmpty ? "Notes" : $0.title, markdown: MarkdownText.authored($0.markdown.trimmingCharacters(in: .newlines))) }
        questions = r.questions.map(MarkdownText.escape)
        hasQuestions = !questions.isEmpty
    }

    /// ``reference(_:)`` with the file names worked out once per file: a timeline's
    /// events mostly share one.
    struct SourceReferences {
        private var names: [String: String] = [:]

        mutating func reference(_ source: SourceLocation) -> String {
            var text: String
            if let known = names[source.file] {
                text = known
            } else {
                text = (source.file as NSString).lastPathComponent
                names[source.file] = text
            }
            if let line = source.line { text += ":\(line)" } else if let path = source.path { text += " \(path)" }
            return text
        }
    }

    static func reference(_ source: SourceLocation) -> String {
        reference(source, fileName: (source.file as NSString).lastPathComponent)
    }

    /// ``reference(_:)`` with the last component of the source's file already taken.
    static func reference(_ source: SourceLocation, fileName: String) -> String {
        var text = fileName
        if let line = source.line { text += ":\(line)" } else if let path = source.path { text += " \(path)" }
        return text
    }

    /// ``FindingsAnalyzer/shortText(_:limit:)``, from the bytes when the text is ASCII
    /// (where a character is a byte, but for `"\r\n"`, which only separates lines).
    static func shortText(_ text: String, limit: Int) -> String {
        var text = text
        let short = text.withUTF8 { bytes -> String? in
            var single: [UInt8] = []
            single.reserveCapacity(bytes.count)
            var pending = false  // a line break since the last kept byte
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte >= 0x0A && byte <= 0x0D {
                    pending = true
                    continue
                }
                if pending && !single.isEmpty { single.append(0x20) }
                pending = false
                single.append(byte)
            }
            guard single.count > limit else { return String(decoding: single, as: UTF8.self) }
            let cut = single[..<limit]
            let end = cut.lastIndex(of: 0x20) ?? cut.endIndex
            return String(decoding: cut[..<end], as: UTF8.self) + "…"
        }
        return short ?? FindingsAnalyzer.shortText(text, limit: limit)
    }

    /// `| text | kind | owner | due | tracker | status |` per action, as the built-in
    /// template writes them (every field but the text escaped), joined by line feeds.
    static func tableRows(_ actions: [ActionRow]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(actions.count * 96)
        for (index, action) in actions.enumerated() {
            if index > 0 { output.append(10) }
            output.append(contentsOf: "| ".utf8)
            output.append(contentsOf: action.textMarkdown.utf8)
            for field in [action.kind, action.owner, action.due, action.tracker, action.status] {
                output.append(contentsOf: " | ".utf8)
                MarkdownText.appendEscaped(field, to: &output)
            }
            output.append(contentsOf: " |".utf8)
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func capitalized(_ role: String) -> String {
        guard let first = role.first else { return role }
        return first.uppercased() + role.dropFirst()
    }

    /// A generated two-sentence summary from the milestones, for logs without one.
    static func summary(_ r: Reconstruction) -> String {
        let zone = r.reportZone
        var parts: [String] = []
        var subject = r.metadata.severity.map { "A \($0) incident" } ?? "An incident"
        if !r.metadata.services.isEmpty { subject += " affected \(r.metadata.services.joined(separator: ", "))" } else { subject += " occurred" }
        if let start = (r.milestone(.impactStarted) ?? r.milestone(.detected)) {
            subject += " on \(ReportClock.date(start.time.instant, in: zone))"
        }
        parts.append(subject + ".")
        var clauses: [String] = []
        for kind in [MilestoneKind.detected, .mitigated, .resolved] {
            if let milestone = r.milestone(kind) {
                clauses.append("\(kind.title.lowercased()) at \(ReportClock.local(milestone.time.instant, in: zone))")
            }
        }
        if !clauses.isEmpty { parts.append("It was " + clauses.joined(separator: ", ") + ".") }
        if let impact = r.measure("impactDuration")?.seconds { parts.append("Impact lasted \(DurationText.format(impact)).") }
        return MarkdownText.escape(parts.joined(separator: " "))
    }

    static func impactLines(_ r: Reconstruction) -> [String] {
        var lines: [String] = []
        if let impact = r.measure("impactDuration") {
            lines.append(impact.seconds.map { "Impact duration: \(DurationText.format($0)) (\(impact.definition.lowercased().dropLast()))." }
                ?? "Impact duration: unknown; the log does not say when the impact \(r.milestone(.impactStarted) == nil ? "started" : "ended").")
        }
        if !r.metadata.services.isEmpty { lines.append("Services affected: \(r.metadata.services.joined(separator: ", ")).") }
        return lines.map(MarkdownText.escape) + serviceLevelLines(r)
    }

    static func serviceLevelLines(_ r: Reconstruction) -> [String] {
        let levels = r.serviceLevels
        var lines: [String] = []
        if let slo = levels.slo {
            if let budget = levels.errorBudgetSeconds {
                var line = "SLO \(slo): error budget \(DurationText.format(budget)) per window"
                if let consumed = levels.errorBudgetConsumed {
                    line += "; this incident consumed \(Self.percent(consumed)) of it"
                } else {
                    line += "; consumption unknown (impact duration unknown)"
                }
                lines.append(line + ".")
            }
        }
        if let sla = levels.sla, let target = levels.slaTargetSeconds {
            if let breached = levels.slaBreached {
                lines.append(breached
                    ? "SLA “\(sla)”: breached by \(DurationText.format(levels.slaExceededBySeconds ?? 0)) (target \(DurationText.format(target)) from detection to resolution)."
                    : "SLA “\(sla)”: met (target \(DurationText.format(target)) from detection to resolution).")
            } else {
                lines.append("SLA “\(sla)”: cannot be checked without detection and resolution times.")
            }
        }
        if let cost = levels.estimatedCost {
            let currency = levels.currency.map { " \($0)" } ?? ""
            lines.append("Estimated cost of the impact: \(Self.grouped(cost))\(currency), from the configured cost per hour of downtime.")
        }
        return lines.map(MarkdownText.escape)
    }

    static func percent(_ fraction: Double) -> String {
        let value = (fraction * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }

    /// `123456` → `123,456` without locale dependence.
    static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 && character != "-" { result.append(",") }
            result.append(character)
        }
        return String(result.reversed())
    }

    /// The parts of a section that are not top-level list items.
    static func nonListMarkdown(_ markdown: String) -> String {
        let document = MarkdownDocument(parsing: markdown)
        return document.blocks.filter { if case .list = $0.kind { return false } else { return true } }
            .map { document.source(fromLine: $0.startLine, toLine: $0.endLine) }
            .joined(separator: "\n\n")
    }
}
