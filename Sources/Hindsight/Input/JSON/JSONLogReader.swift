import Foundation

/// Reads Hindsight's native JSON incident log (see the format contract): metadata
/// fields in snake_case or camelCase, authored sections, and timeline events.
///
/// Every problem becomes a diagnostic located by file and JSON path (and line and
/// column for syntax errors); wrong types, impossible dates and unknown zones are
/// reported and the rest of the log is still read.
enum JSONLogReader {
    /// Tag words that are not milestone names but still mean something to Hindsight.
    static let eventTags: Set<String> = ["escalated", "paged", "handoff", "update", "action", "failed", "change", "decision"]

    /// Usual order of role names when the JSON gives roles as an object (whose member
    /// order JSON does not keep); other roles follow alphabetically.
    static let roleOrder = ["commander", "incident commander", "communications", "on-call", "oncall", "scribe"]

    static func read(data: Data, name: String, options: ReadingOptions) -> ReadResult {
        let (document, parseDiagnostics) = JSONDocument.parse(data, file: name)
        return read(document: document, parseDiagnostics: parseDiagnostics, name: name, options: options)
    }

    /// Reads a document already parsed (nil when parsing failed, with its diagnostics).
    static func read(document: JSONDocument?, parseDiagnostics: [Diagnostic], name: String, options: ReadingOptions) -> ReadResult {
        guard let document else { return ReadResult(diagnostics: parseDiagnostics) }
        let report = JSONDiagnostics(file: name)
        report.append(parseDiagnostics)
        let log = read(root: document.root, name: name, options: options, report: report)
        return ReadResult(logs: log.map { [$0] } ?? [], diagnostics: report.items)
    }

    /// Reads a decoded native log; nil (with an error) when the value is not one.
    static func read(root: JSONCursor, name: String, options: ReadingOptions, report: JSONDiagnostics) -> IncidentLog? {
        if root.elements != nil {
            // A bare array is read as the events of a log without metadata.
            var log = IncidentLog(sources: [name])
            let zone = zoneChoice(written: nil, path: nil, options: options, report: report)
            log.timeZoneNote = zone.note
            log.events = readEvents(root, zone: zone.zone, date: options.date, report: report)
            return log
        }
        guard let keys = root.keys else {
            report.error("expected a Hindsight JSON incident log (an object with an \"events\" array), found \(root.kindDescription)", at: "$")
            return nil
        }
        let fields = FieldTable(keys: keys, cursor: root)
        guard fields.knownCount > 0 else {
            report.error(
                "expected a Hindsight JSON incident log (an object with \"events\" and fields such as \"title\" and \"severity\"); "
                    + "none of its fields are known: \(fields.unknownKeys.prefix(8).joined(separator: ", "))", at: "$")
            return nil
        }
        for key in fields.unknownKeys {
            report.note("unknown field \"\(key)\" ignored", at: JSONCursor.appending(key: key, to: "$"))
        }

        var log = IncidentLog(sources: [name])
        var metadata = IncidentMetadata()
        metadata.title = report.string(fields["title"], "title")
        metadata.id = report.scalarText(fields["id"], "id")
        metadata.severity = report.scalarText(fields["severity"], "severity")
        metadata.category = report.string(fields["category"], "category")
        metadata.subcategory = report.string(fields["subcategory"], "subcategory")
        metadata.status = report.string(fields["status"], "status")
        metadata.slo = report.scalarText(fields["slo"], "slo")
        metadata.sla = report.scalarText(fields["sla"], "sla")
        metadata.currency = report.string(fields["currency"], "currency")
        metadata.services = readStringList(fields["services"], "services", report: report)
        metadata.costPerHour = readCost(fields["costperhour"], report: report)
        metadata.roles = readRoles(fields["roles"], report: report)

        let dateCursor = fields["date"]
        var date = options.date
        if let written = report.string(dateCursor, "date") {
            metadata.date = written
            if let parsed = CalendarDate(written) {
                date = parsed
            } else {
                report.warning("date \"\(written)\" is not a valid YYYY-MM-DD date", at: dateCursor.path)
            }
        }

        let zoneCursor = fields["timezone"]
        let writtenZone = report.string(zoneCursor, "timezone")
        metadata.timeZone = writtenZone
        let zone = zoneChoice(written: writtenZone, path: zoneCursor.path, options: options, report: report)
        log.timeZoneNote = zone.note

        metadata.milestoneOverrides = readMilestones(fields["milestones"], zone: zone.zone, date: date, report: report)
        log.metadata = metadata
        log.sections = readSections(fields["sections"], report: report)

        let events = fields["events"]
        if events.isPresent {
            log.events = readEvents(events, zone: zone.zone, date: date, report: report)
        } else {
            report.warning("the log has no \"events\" array; the timeline is empty", at: "$")
        }
        return log
    }

    // MARK: - Fields

    /// The members of an object by normalised name (`cost_per_hour`, `costPerHour` and
    /// `cost-per-hour` are all `costperhour`), with aliases resolved.
    struct FieldTable {
        static let aliases: [String: String] = [
            "timezone": "timezone", "tz": "timezone", "zone": "timezone",
            "events": "events", "timeline": "events",
            "services": "services", "service": "services",
            "costperhour": "costperhour", "hourlycost": "costperhour",
            "title": "title", "id": "id", "severity": "severity", "category": "category",
            "subcategory": "subcategory", "date": "date", "status": "status", "roles": "roles",
            "slo": "slo", "sla": "sla", "currency": "currency", "milestones": "milestones", "sections": "sections",
        ]

        private var byName: [String: JSONCursor] = [:]
        private(set) var unknownKeys: [String] = []
        private(set) var knownCount = 0

        init(keys: [String], cursor: JSONCursor) {
            for key in keys.sorted() {
                let normalised = FieldTable.normalise(key)
                if let name = FieldTable.aliases[normalised], byName[name] == nil {
                    byName[name] = cursor[key]
                    knownCount += 1
                } else {
                    unknownKeys.append(key)
                }
            }
        }

        subscript(name: String) -> JSONCursor { byName[name] ?? JSONCursor(absentAt: "$." + name) }

        static func normalise(_ key: String) -> String {
            String(key.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" && $0 != " " })
        }
    }

    static func readStringList(_ cursor: JSONCursor, _ what: String, report: JSONDiagnostics) -> [String] {
        guard cursor.isPresent else { return [] }
        if let text = cursor.text {
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        guard let elements = report.array(cursor, what) else { return [] }
        return elements.compactMap { report.scalarText($0, "each of \(what)") }
    }

    static func readCost(_ cursor: JSONCursor, report: JSONDiagnostics) -> Double? {
        guard cursor.isPresent else { return nil }
        var value: Double?
        if let number = cursor.number {
            value = number.doubleValue
        } else if let text = cursor.text {
            value = Double(text.filter { $0 != "," && $0 != "_" && $0 != " " })
            if value == nil {
                report.warning("cost_per_hour \"\(text.prefix(40))\" is not a number", at: cursor.path)
                return nil
            }
        } else {
            report.warning("cost_per_hour should be a number, found \(cursor.kindDescription)", at: cursor.path)
            return nil
        }
        guard let value, value.isFinite, value >= 0, value < 1e13 else {
            report.warning("cost_per_hour is out of range (expected 0 … 10^13)", at: cursor.path)
            return nil
        }
        return value
    }

    static func readRoles(_ cursor: JSONCursor, report: JSONDiagnostics) -> [RoleAssignment] {
        guard cursor.isPresent else { return [] }
        var roles: [RoleAssignment] = []
        if let names = cursor.keys {
            let keys = names.sorted { a, b in
                let rankA = roleOrder.firstIndex(of: a.lowercased()) ?? roleOrder.count
                let rankB = roleOrder.firstIndex(of: b.lowercased()) ?? roleOrder.count
                return rankA != rankB ? rankA < rankB : a < b
            }
            for key in keys {
                let value = cursor[key]
                if let elements = value.elements {
                    for element in elements {
                        if let person = report.scalarText(element, "role \"\(key)\"") { roles.append(RoleAssignment(role: key, person: person)) }
                    }
                } else if let person = report.scalarText(value, "role \"\(key)\"") {
                    roles.append(RoleAssignment(role: key, person: person))
                }
            }
        } else if let elements = report.array(cursor, "roles") {
            for element in elements where report.expectObject(element, "each role") {
                let role = report.string(element["role"], "role")
                let person = report.string(element["person", "name", "assignee"], "person")
                if let role, let person {
                    roles.append(RoleAssignment(role: role, person: person))
                } else {
                    report.warning("a role needs both \"role\" and \"person\"", at: element.path)
                }
            }
        }
        return roles
    }

    // MARK: - Zone

    /// The zone for times written without one, and the note that says which and why.
    static func zoneChoice(written: String?, path: String?, options: ReadingOptions, report: JSONDiagnostics)
        -> (zone: NamedZone, note: String)
    {
        if let written {
            if let zone = ZoneNames.resolve(written) { return (zone, "\(zone.name) (timezone field)") }
            let fallback = options.timeZone.map { "\($0.name) (--timezone)" } ?? "UTC"
            report.warning("unknown time zone \"\(written.prefix(64))\"; times without a zone are read in \(fallback)", at: path)
        }
        if let zone = options.timeZone { return (zone, "\(zone.name) (--timezone)") }
        return (.utc, "UTC (default)")
    }

    // MARK: - Times

    /// Reads an event or milestone time: ISO-8601 with or without a zone, or a bare
    /// `HH:MM[:SS]` when the log (or `--date`) gives the date.
    static func readTime(_ cursor: JSONCursor, _ what: String, zone: NamedZone, date: CalendarDate?, report: JSONDiagnostics)
        -> EventTime?
    {
        guard cursor.isPresent else { return nil }
        guard let text = cursor.string else {
            report.warning("\(what) should be an ISO-8601 string such as \"2026-03-04T02:00:00Z\", found \(cursor.kindDescription); the time is treated as unknown", at: cursor.path)
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        if let time = JSONTimestamps.parse(trimmed, defaultZone: zone) { return time }
        if isClockTime(trimmed) {
            if let date, let time = JSONTimestamps.parse("\(date)T\(trimmed)", defaultZone: zone) { return time }
            if date == nil {
                report.warning("\(what) \"\(trimmed)\" has no date; add \"date\" to the log or use --date", at: cursor.path)
                return nil
            }
        }
        report.warning("\(what) \"\(trimmed.prefix(60))\" is not a valid ISO-8601 time (impossible date or time, or a malformed zone); the time is treated as unknown", at: cursor.path)
        return nil
    }

    private static func isClockTime(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 5, utf8[2] == UInt8(ascii: ":") else { return false }
        return utf8[0] >= 48 && utf8[0] <= 57 && utf8[1] >= 48 && utf8[1] <= 57
    }

    static func readMilestones(_ cursor: JSONCursor, zone: NamedZone, date: CalendarDate?, report: JSONDiagnostics)
        -> [MilestoneOverride]
    {
        guard report.expectObject(cursor, "milestones"), let keys = cursor.keys else { return [] }
        var overrides: [MilestoneOverride] = []
        for key in keys.sorted() {
            let value = cursor[key]
            guard let kind = MilestoneKind(tag: key) else {
                let known = MilestoneKind.allCases.map(\.rawValue).joined(separator: ", ")
                report.warning("unknown milestone \"\(key)\" ignored; known milestones: \(known)", at: value.path)
                continue
            }
            guard value.isPresent else { continue }
            if let time = readTime(value, "milestone \(key)", zone: zone, date: date, report: report) {
                overrides.append(MilestoneOverride(kind: kind, time: time, source: report.location(value.path)))
            }
        }
        return overrides.sorted { $0.kind < $1.kind }
    }

    // MARK: - Sections

    static func readSections(_ cursor: JSONCursor, report: JSONDiagnostics) -> [AuthoredSection] {
        guard let elements = report.array(cursor, "sections") else { return [] }
        var sections: [AuthoredSection] = []
        for element in elements {
            guard report.expectObject(element, "each section") else { continue }
            guard let title = report.string(element["title"], "section title") else {
                report.warning("a section needs a \"title\"; section skipped", at: element.path)
                continue
            }
            let markdown = report.string(element["markdown", "body", "text"], "section markdown") ?? ""
            var level = 2
            if element["level"].isPresent {
                if let number = element["level"].number, number.doubleValue >= 1, number.doubleValue <= 6 {
                    level = number.intValue
                } else {
                    report.warning("section level should be a number from 1 to 6", at: element["level"].path)
                }
            }
            var role: AuthoredSection.Role?
            if let written = report.string(element["role"], "section role") {
                role = AuthoredSection.Role(rawValue: written)
                if role == nil {
                    report.warning("unknown section role \"\(written.prefix(40))\"; inferred from the title instead", at: element["role"].path)
                }
            }
            sections.append(AuthoredSection(title: title, level: level, role: role, markdown: markdown, source: report.location(element.path)))
        }
        return sections
    }

    // MARK: - Events

    static func readEvents(_ cursor: JSONCursor, zone: NamedZone, date: CalendarDate?, report: JSONDiagnostics) -> [TimelineEvent] {
        guard let elements = report.array(cursor, "events") else { return [] }
        var events: [TimelineEvent] = []
        events.reserveCapacity(elements.count)
        for element in elements {
            if let event = readEvent(element, zone: zone, date: date, report: report) { events.append(event) }
        }
        return events
    }

    static let eventFields: Set<String> = [
        "time", "timestamp", "at", "text", "message", "tags", "tag", "author", "details", "approximate",
        "end", "endtime", "origin", "writtentime",
    ]

    static func readEvent(_ element: JSONCursor, zone: NamedZone, date: CalendarDate?, report: JSONDiagnostics) -> TimelineEvent? {
        if let text = element.string {
            // A bare string is an event whose time is unknown.
            let summary = ImportText.inline(text)
            return TimelineEvent(time: nil, text: summary.text, details: summary.details, source: report.location(element.path))
        }
        guard report.expectObject(element, "each event"), let keys = element.keys else { return nil }
        var byName: [String: JSONCursor] = [:]
        for key in keys.sorted() {
            let name = FieldTable.normalise(key)
            if eventFields.contains(name) {
                if byName[name] == nil { byName[name] = element[key] }
            } else {
                report.note("unknown event field \"\(key)\" ignored", at: JSONCursor.appending(key: key, to: element.path))
            }
        }
        func field(_ names: String...) -> JSONCursor {
            for name in names { if let cursor = byName[name] { return cursor } }
            return element[names[0]]
        }

        let timeCursor = field("time", "timestamp", "at")
        var time = readTime(timeCursor, "time", zone: zone, date: date, report: report)
        if let approximate = report.bool(field("approximate"), "approximate"), approximate { time?.approximate = true }
        let endCursor = field("end", "endtime")
        if let end = readTime(endCursor, "end", zone: zone, date: date, report: report) {
            if let start = time?.instant, end.instant < start {
                report.warning("end is before the event's time; ignored", at: endCursor.path)
            } else {
                time?.end = end.instant
            }
        }

        let textCursor = field("text", "message")
        var body = ""
        if textCursor.isPresent, let string = textCursor.string {
            body = string
        } else if textCursor.isPresent {
            report.warning("text should be a string, found \(textCursor.kindDescription)", at: textCursor.path)
        } else {
            report.warning("the event has no \"text\"", at: element.path)
        }
        let summary = ImportText.inline(body, limit: nil)

        var details = summary.details
        let detailsCursor = field("details")
        if detailsCursor.isPresent {
            if let text = detailsCursor.string {
                details.append(text)
            } else if let items = report.array(detailsCursor, "details") {
                for item in items {
                    if let text = report.string(item, "each detail") { details.append(text) }
                }
            }
        }

        var tags: [String] = []
        var hints: [MilestoneKind] = []
        let tagsCursor = field("tags", "tag")
        var tagItems: [JSONCursor] = []
        if tagsCursor.string != nil {
            tagItems = [tagsCursor]
        } else if let items = report.array(tagsCursor, "tags") {
            tagItems = items
        }
        for item in tagItems {
            guard let written = report.string(item, "a tag") else { continue }
            let tag = written.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
            if let kind = MilestoneKind(tag: tag) {
                if !hints.contains(kind) { hints.append(kind) }
            } else if !eventTags.contains(tag) {
                let known = (MilestoneKind.allCases.map(\.rawValue) + eventTags.sorted()).joined(separator: ", ")
                report.warning("unknown tag \"\(written.prefix(40))\" ignored; known tags: \(known)", at: item.path)
                continue
            }
            if !tags.contains(tag) { tags.append(tag) }
        }

        let writtenTime = timeCursor.string ?? report.string(field("writtentime"), "writtenTime")
        return TimelineEvent(
            time: time,
            writtenTime: writtenTime,
            text: summary.text,
            details: details,
            tags: tags,
            author: report.scalarText(field("author"), "author"),
            origin: report.string(field("origin"), "origin"),
            milestoneHints: hints,
            source: report.location(element.path)
        )
    }
}
