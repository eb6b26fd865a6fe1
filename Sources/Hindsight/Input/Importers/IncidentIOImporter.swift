import Foundation

/// Reads incident.io API data: an incident (`incidents_v2_show`), incident lists (one
/// log per incident, `--incident` picks by id, reference or name), incident updates,
/// actions and follow-ups, incident webhooks (`public_incident.*`), and the timestamp
/// and status definition lists (which hold no events and only say so).
///
/// Incident timestamps ("Reported at", "Accepted at", "Impact started", "Resolved at"
/// …) become events hinting the matching milestone. Actions taken during the incident
/// become events tagged `action`; follow-ups (work after it) become an "Action items"
/// section in the usual checklist form.
enum IncidentIOImporter {
    static func matches(_ root: JSONCursor) -> Bool {
        guard let keys = root.keys else { return false }
        if isIncident(root["incident"]) { return true }
        if let incidents = root["incidents"].elements, let first = incidents.first { return isIncident(first) }
        for key in ["incident_updates", "incident_timestamps", "follow_ups", "actions", "incident_statuses"] where root[key].elements != nil {
            return true
        }
        if let type = root["event_type"].string, type.hasPrefix("public_incident.") { return true }
        return keys.contains { $0.hasPrefix("public_incident.") }
    }

    private static func isIncident(_ cursor: JSONCursor) -> Bool {
        cursor.isObject
            && (cursor["incident_status"].isPresent || cursor["incident_timestamp_values"].isPresent
                || (cursor["reference"].isPresent && cursor["name"].isPresent))
    }

    static let timeZoneNote = "UTC (incident.io timestamps are UTC)"

    static func read(_ root: JSONCursor, name: String, options: ReadingOptions, report: JSONDiagnostics) -> [IncidentLog]? {
        guard let keys = root.keys else { return nil }
        if let type = root["event_type"].string, type.hasPrefix("public_incident."), root[type].isObject {
            return [incidentLog(root[type]["incident"], name: name, report: report)]
        }
        if let key = keys.sorted().first(where: { $0.hasPrefix("public_incident.") }), isIncident(root[key]["incident"]) {
            return [incidentLog(root[key]["incident"], name: name, report: report)]
        }
        if isIncident(root["incident"]) {
            return [incidentLog(root["incident"], name: name, report: report)]
        }
        if let incidents = root["incidents"].elements {
            let valid = incidents.filter { element in
                if isIncident(element) { return true }
                report.warning("expected an incident.io incident; skipped", at: element.path)
                return false
            }
            let (selected, problems) = ImportedTimeline.select(
                valid, query: options.incident,
                ids: { [$0["id"].scalarText, $0["reference"].scalarText].compactMap { $0 } }, name: { $0["name"].string },
                file: name, kind: "incident.io incident")
            report.append(problems)
            return selected.map { incidentLog($0, name: name, report: report) }
        }
        var log = IncidentLog(sources: [name], timeZoneNote: timeZoneNote)
        var recognised = false
        if let updates = root["incident_updates"].elements {
            recognised = true
            log.events += updates.compactMap { updateEvent($0, report: report) }
        }
        if let actions = root["actions"].elements {
            recognised = true
            log.events += actions.compactMap { actionEvent($0, report: report) }
        }
        if let followUps = root["follow_ups"].elements {
            recognised = true
            if let section = followUpSection(followUps, path: root["follow_ups"].path, report: report) { log.sections.append(section) }
        }
        for key in ["incident_timestamps", "incident_statuses"] where root[key].elements != nil {
            recognised = true
            report.note("\(key) lists definitions of this incident.io account, not an incident; it holds no events", at: root[key].path)
        }
        guard recognised else { return nil }
        log.events = ImportedTimeline.chronological(log.events)
        return [log]
    }

    // MARK: Incident

    static func incidentLog(_ incident: JSONCursor, name: String, report: JSONDiagnostics) -> IncidentLog {
        var metadata = IncidentMetadata()
        metadata.title = report.string(incident["name"], "name")
        metadata.id = incident["reference"].scalarText ?? incident["id"].scalarText
        metadata.severity = incident["severity"]["name"].text
        metadata.category = incident["incident_type"]["name"].text
        metadata.status = incident["incident_status"]["name"].text
        for assignment in incident["incident_role_assignments"].elements ?? [] {
            guard let person = assignment["assignee"]["name"].text else { continue }
            let role = assignment["role"]
            let roleName = role["role_type"].string == "lead" ? "commander" : (role["name"].text ?? role["shortform"].text ?? "role")
            metadata.roles.append(RoleAssignment(role: roleName, person: person))
        }
        for entry in incident["custom_field_entries"].elements ?? [] {
            guard let fieldName = entry["custom_field"]["name"].text, fieldName.lowercased().contains("service") else { continue }
            for value in entry["values"].elements ?? [] {
                if let service = value["value_catalog_entry"]["name"].text ?? value["value_option"]["value"].text ?? value["value_text"].text,
                    !metadata.services.contains(service)
                {
                    metadata.services.append(service)
                }
            }
        }
        var log = IncidentLog(metadata: metadata, sources: [name], timeZoneNote: timeZoneNote)
        if let summary = incident["summary"].text {
            log.sections.append(AuthoredSection(
                title: "Summary", level: 2, role: .summary, markdown: summary, source: report.location(incident["summary"].path)))
        }

        var events: [TimelineEvent] = []
        var timestampHints: Set<MilestoneKind> = []
        for value in report.array(incident["incident_timestamp_values"], "incident_timestamp_values") ?? [] {
            let timestampName = value["incident_timestamp"]["name"].text ?? value["name"].text ?? "Timestamp"
            let valueCursor = value["value"]["value"].isPresent ? value["value"]["value"] : value["last_occurred_at"]
            guard let time = JSONTimestamps.eventTime(valueCursor, "\(timestampName) value", report: report) else { continue }
            let hint = milestone(forTimestamp: timestampName)
            if let hint { timestampHints.insert(hint) }
            events.append(ImportedTimeline.event(
                time, "\(timestampName) (incident.io timestamp)", origin: "incident.io timestamp \(timestampName)",
                hints: hint.map { [$0] } ?? [], source: report.location(value.path), writtenTime: valueCursor.string))
        }
        if let created = JSONTimestamps.eventTime(incident["created_at"], "created_at", report: report) {
            let who = actorName(incident["creator"])
            var text = ImportText.joined("Incident opened in incident.io", metadata.title)
            if let who { text += " by \(who)" }
            events.append(ImportedTimeline.event(
                created, text, author: who, origin: "incident.io incident created_at",
                hints: timestampHints.contains(.declared) || timestampHints.contains(.detected) ? [] : [.declared],
                source: report.location(incident["created_at"].path), writtenTime: incident["created_at"].string))
        }
        log.events = ImportedTimeline.chronological(events)
        return log
    }

    /// "Reported at" → detected, "Accepted at" → declared, "Impact started" → impact
    /// started, "Fixed at"/"Mitigated at" → mitigated, and so on.
    static func milestone(forTimestamp name: String) -> MilestoneKind? {
        var key = name.lowercased().trimmingCharacters(in: .whitespaces)
        for suffix in [" at", " time", " on"] where key.hasSuffix(suffix) { key = String(key.dropLast(suffix.count)) }
        switch key {
        case "impact started", "impact start", "started", "customer impact started": return .impactStarted
        case "reported", "detected", "first detected", "alerted", "triggered": return .detected
        case "acknowledged", "responded", "first response": return .acknowledged
        case "accepted", "declared", "created": return .declared
        case "identified", "cause identified": return .identified
        case "fixed", "fixing", "mitigated", "monitoring", "stabilised", "stabilized": return .mitigated
        case "resolved": return .resolved
        case "closed": return .closed
        default: return MilestoneKind(tag: key)
        }
    }

    /// The person (or workflow, API key, alert) behind an action.
    static func actorName(_ actor: JSONCursor) -> String? {
        actor["user"]["name"].text ?? actor["workflow"]["name"].text ?? actor["api_key"]["name"].text ?? actor["alert"]["title"].text
    }

    // MARK: Updates, actions, follow-ups

    static func updateEvent(_ update: JSONCursor, report: JSONDiagnostics) -> TimelineEvent? {
        guard report.expectObject(update, "each incident update") else { return nil }
        let time = JSONTimestamps.eventTime(update["created_at"], "created_at", report: report)
        let status = update["new_incident_status"]
        let statusName = status["name"].text
        let who = actorName(update["updater"])
        let lead = statusName.map { "Status update (\($0))" } ?? "Status update"
        var details: [String] = []
        if let severity = update["new_severity"]["name"].text { details.append("Severity set to \(severity).") }
        var hints: [MilestoneKind] = []
        switch status["category"].string {
        case "closed": hints = [.closed]
        case "learning": hints = [.resolved]
        default: break
        }
        if hints.isEmpty, let statusName, let kind = milestone(forTimestamp: statusName), kind != .declared { hints = [kind] }
        return ImportedTimeline.event(
            time, ImportText.joined(lead, update["message"].text), details: details, tags: ["update"], author: who,
            origin: "incident.io incident update", hints: hints, source: report.location(update.path),
            writtenTime: update["created_at"].string)
    }

    static func actionEvent(_ action: JSONCursor, report: JSONDiagnostics) -> TimelineEvent? {
        guard report.expectObject(action, "each action") else { return nil }
        guard let description = report.string(action["description"], "description") else {
            report.warning("action has no description; skipped", at: action.path)
            return nil
        }
        let time = JSONTimestamps.eventTime(action["created_at"], "created_at", report: report)
        let assignee = action["assignee"]["name"].text
        var text = "Action: \(description)"
        if let assignee { text += " (assigned to \(assignee))" }
        var details: [String] = []
        if let status = action["status"].text { details.append("Status: \(status).") }
        if action["status"].string == "completed", let completed = action["completed_at"].text { details.append("Completed at \(completed).") }
        return ImportedTimeline.event(
            time, text, details: details, tags: ["action"], author: actorName(action["creator"]), origin: "incident.io action",
            source: report.location(action.path), writtenTime: action["created_at"].string)
    }

    /// Follow-ups as a checklist: `- [ ] Title (owner: Name, priority: Urgent, INC-123)`.
    static func followUpSection(_ followUps: [JSONCursor], path: String, report: JSONDiagnostics) -> AuthoredSection? {
        var lines: [String] = []
        for followUp in followUps {
            guard report.expectObject(followUp, "each follow-up") else { continue }
            guard let title = followUp["title"].text ?? followUp["description"].text else {
                report.warning("follow-up has no title; skipped", at: followUp.path)
                continue
            }
            let done = ["completed", "not_doing", "deleted"].contains(followUp["status"].string ?? "")
            var notes: [String] = []
            if let owner = followUp["assignee"]["name"].text { notes.append("owner: \(owner)") }
            if let priority = followUp["priority"]["name"].text { notes.append("priority: \(priority)") }
            if let issue = followUp["external_issue_reference"]["issue_name"].text { notes.append(issue) }
            if let status = followUp["status"].text, status != "outstanding", status != "completed" { notes.append("status: \(status)") }
            var line = "- [\(done ? "x" : " ")] \(ImportText.oneLine(title))"
            if !notes.isEmpty { line += " (\(notes.joined(separator: ", ")))" }
            lines.append(line)
            if let description = followUp["description"].text, description != title {
                lines.append("  " + ImportText.oneLine(description))
            }
        }
        guard !lines.isEmpty else { return nil }
        return AuthoredSection(
            title: "Action items", level: 2, role: .actionItems, markdown: lines.joined(separator: "\n"), source: report.location(path))
    }
}
