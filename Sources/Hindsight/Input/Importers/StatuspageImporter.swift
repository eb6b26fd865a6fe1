import Foundation

/// Reads Atlassian Statuspage incidents: the public `incidents.json` list (one
/// incident log per incident, `--incident` picks by id or name), a single incident,
/// and incident webhook deliveries (`{"page": …, "incident": …}`).
///
/// Updates (listed newest first) become events in time order. The first update of
/// each status stands for a milestone: `investigating` → declared (the public
/// acknowledgement that something is wrong), `identified` → identified, `monitoring`
/// → mitigated, `resolved` → resolved; `postmortem` and later repeats carry none.
/// An update's `display_at` (the time the page shows, which authors may backdate) is
/// used when present; when it differs from `created_at` both are kept.
enum StatuspageImporter {
    static func matches(_ root: JSONCursor) -> Bool {
        guard root.isObject else { return false }
        if let incidents = root["incidents"].elements {
            if incidents.isEmpty { return root["page"].isObject }
            return incidents.contains { isIncident($0) }
        }
        return isIncident(root["incident"]) || isIncident(root)
    }

    /// An incident has updates and a name, impact or shortlink (incident.io's update
    /// lists have `incident_updates` too, but none of those).
    private static func isIncident(_ cursor: JSONCursor) -> Bool {
        cursor.isObject && cursor["incident_updates"].elements != nil
            && (cursor["name"].isPresent || cursor["impact"].isPresent || cursor["shortlink"].isPresent || cursor["page_id"].isPresent)
    }

    static func read(_ root: JSONCursor, name: String, options: ReadingOptions, report: JSONDiagnostics) -> [IncidentLog]? {
        guard root.isObject else { return nil }
        let page = root["page"]
        let pageZoneName = page["time_zone"].text
        let pageZone = pageZoneName.flatMap { ZoneNames.resolve($0) }
        if let pageZoneName, pageZone == nil {
            report.warning("unknown page time zone \"\(pageZoneName.prefix(64))\"; times keep their written offsets", at: page["time_zone"].path)
        }
        var incidents: [JSONCursor]
        if root["incidents"].isPresent {
            guard let elements = report.array(root["incidents"], "incidents") else { return [] }
            incidents = elements.filter { element in
                if isIncident(element) { return true }
                report.warning("expected a Statuspage incident with \"incident_updates\"; skipped", at: element.path)
                return false
            }
        } else if isIncident(root["incident"]) {
            incidents = [root["incident"]]
        } else if isIncident(root) {
            incidents = [root]
        } else {
            return nil
        }
        let (selected, problems) = ImportedTimeline.select(
            incidents, query: options.incident, ids: { [$0["id"].scalarText].compactMap { $0 } }, name: { $0["name"].string },
            file: name, kind: "Statuspage incident")
        report.append(problems)
        incidents = selected
        return incidents.map { incidentLog($0, name: name, pageZone: pageZone, pageZoneName: pageZoneName, report: report) }
    }

    static let statusHints: [String: MilestoneKind] = [
        "investigating": .declared, "identified": .identified, "monitoring": .mitigated, "resolved": .resolved,
    ]

    static func incidentLog(
        _ incident: JSONCursor, name: String, pageZone: NamedZone?, pageZoneName: String?, report: JSONDiagnostics
    ) -> IncidentLog {
        var metadata = IncidentMetadata()
        metadata.title = report.string(incident["name"], "name")
        metadata.id = incident["id"].scalarText
        metadata.severity = incident["impact"].text
        metadata.status = incident["status"].text
        metadata.timeZone = pageZone == nil ? nil : pageZoneName
        for component in incident["components"].elements ?? [] {
            if let service = component["name"].text, !metadata.services.contains(service) { metadata.services.append(service) }
        }
        let note = pageZone.map { "\($0.name) (Statuspage page time zone)" } ?? "UTC (Statuspage timestamps carry their offsets)"
        var log = IncidentLog(metadata: metadata, sources: [name], timeZoneNote: note)

        var events: [TimelineEvent] = []
        var backdated = 0
        for update in report.array(incident["incident_updates"], "incident_updates") ?? [] {
            guard report.expectObject(update, "each incident update") else { continue }
            let displayCursor = update["display_at"]
            let createdCursor = update["created_at"]
            let display = JSONTimestamps.eventTime(displayCursor, "display_at", report: report)
            let created = JSONTimestamps.eventTime(createdCursor, "created_at", report: report)
            guard var time = display ?? created else {
                report.warning("update has no display_at or created_at; its time is unknown", at: update.path)
                events.append(updateEvent(update, time: nil, writtenTime: nil, extra: [], report: report))
                continue
            }
            time.zone = zoneLabel(time, pageZone: pageZone)
            var extra: [String] = []
            if let display, let created, abs(display.instant.timeIntervalSince(created.instant)) > 60 {
                backdated += 1
                extra.append("Posted at \(createdCursor.string ?? Instants.iso8601(created.instant)); the status page shows it at \(displayCursor.string ?? Instants.iso8601(display.instant)).")
            }
            let written = display != nil ? displayCursor.string : createdCursor.string
            events.append(updateEvent(update, time: time, writtenTime: written, extra: extra, report: report))
        }
        if backdated > 0 {
            report.note(
                "\(backdated) update\(backdated == 1 ? " was" : "s were") of \"\(metadata.title ?? metadata.id ?? "this incident")\" posted later than the time the page shows; the shown time (display_at) is used",
                at: incident["incident_updates"].path)
        }
        events = ImportedTimeline.chronological(events)
        if log.metadata.services.isEmpty {
            // Without a components list, the components the updates name are the services.
            for update in incident["incident_updates"].elements ?? [] {
                for component in affectedComponents(update) where !log.metadata.services.contains(component.name) {
                    log.metadata.services.append(component.name)
                }
            }
        }

        // Only the first update of each status stands for its milestone.
        var seen: Set<MilestoneKind> = []
        for index in events.indices {
            events[index].milestoneHints = events[index].milestoneHints.filter { seen.insert($0).inserted }
        }
        if let started = JSONTimestamps.eventTime(incident["started_at"], "started_at", report: report),
            let first = events.first?.time?.instant, started.instant < first.addingTimeInterval(-60)
        {
            var time = started
            time.zone = zoneLabel(started, pageZone: pageZone)
            events.insert(ImportedTimeline.event(
                time, "Impact started, as stated on the status page", origin: "Statuspage started_at", hints: [.impactStarted],
                source: report.location(incident["started_at"].path), writtenTime: incident["started_at"].string), at: 0)
        }
        log.events = events
        return log
    }

    private static func updateEvent(_ update: JSONCursor, time: EventTime?, writtenTime: String?, extra: [String], report: JSONDiagnostics) -> TimelineEvent {
        let status = update["status"].text?.lowercased() ?? "update"
        let body = report.string(update["body"], "body")
        let lead: String
        switch status {
        case "postmortem": lead = "Postmortem published"
        case "investigating", "identified", "monitoring", "resolved", "scheduled", "in_progress", "verifying", "completed":
            lead = status.prefix(1).uppercased() + status.dropFirst().replacingOccurrences(of: "_", with: " ")
        default: lead = "Status update (\(status))"
        }
        var details = extra
        let components = affectedComponents(update)
        if !components.isEmpty {
            let parts = components.map { component in
                component.old == component.new ? "\(component.name) (\(component.new))" : "\(component.name) (\(component.old) → \(component.new))"
            }
            details.append("Components: " + parts.joined(separator: "; "))
        }
        let hints = statusHints[status].map { [$0] } ?? []
        return ImportedTimeline.event(
            time, ImportText.joined(lead, body), details: details, tags: status == "postmortem" ? [] : ["update"],
            origin: "Statuspage \(status)", hints: hints, source: report.location(update.path), writtenTime: writtenTime)
    }

    /// The components an update changed or confirmed, with their statuses in words.
    /// Statuspage writes "No components were affected by this update." as a component
    /// without statuses; such entries are left out.
    static func affectedComponents(_ update: JSONCursor) -> [(name: String, old: String, new: String)] {
        var result: [(name: String, old: String, new: String)] = []
        for component in update["affected_components"].elements ?? [] {
            let old = component["old_status"].text?.replacingOccurrences(of: "_", with: " ")
            let new = component["new_status"].text?.replacingOccurrences(of: "_", with: " ")
            guard let name = component["name"].text, old != nil || new != nil else { continue }
            result.append((name, old ?? "unknown", new ?? "unknown"))
        }
        return result
    }

    /// The page's zone name when the written offset agrees with it at that instant.
    private static func zoneLabel(_ time: EventTime, pageZone: NamedZone?) -> String {
        guard let pageZone else { return time.zone }
        let offset = pageZone.zone.secondsFromGMT(for: time.instant) / 60
        return ZoneNames.formatOffset(offset) == time.zone ? pageZone.name : time.zone
    }
}
