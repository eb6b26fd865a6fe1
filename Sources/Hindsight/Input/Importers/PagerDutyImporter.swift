import Foundation

/// Reads PagerDuty data: REST `log_entries` lists (one log per incident they mention;
/// also a bare array of log entries),
/// a single incident (`{"incident": …}` or bare), an incident's `notes`, an
/// `incidents` list, and webhook deliveries (v3 `{"event": …}`, one or an array of
/// them, and v2 `{"messages": […]}`).
///
/// PagerDuty has no "mitigated" event. Triggers hint *detected*, acknowledgements
/// *acknowledged*, resolutions *resolved*; escalations, assignments, delegations and
/// notifications become events tagged `escalated` or `paged` naming who was reached.
enum PagerDutyImporter {
    // MARK: Detection

    static func matches(_ root: JSONCursor) -> Bool {
        if isWebhook(root) { return true }
        if let elements = root.elements, let first = elements.first, isWebhook(first) || isLogEntry(first) { return true }
        guard root.isObject else { return false }
        if let entries = root["log_entries"].elements {
            return entries.isEmpty || entries.contains { $0["type"].string?.hasSuffix("log_entry") ?? false }
        }
        if let notes = root["notes"].elements, notes.contains(where: { $0["content"].isPresent }) { return true }
        if isIncident(root["incident"]) || isIncident(root) { return true }
        if let incidents = root["incidents"].elements, let first = incidents.first, isIncident(first) { return true }
        if let messages = root["messages"].elements, let first = messages.first,
            first["event"].string?.hasPrefix("incident.") ?? false
        {
            return true
        }
        return false
    }

    private static func isWebhook(_ cursor: JSONCursor) -> Bool {
        let event = cursor["event"]
        guard let type = event["event_type"].string else { return false }
        return type.hasPrefix("incident.") || event["resource_type"].string == "incident"
    }

    private static func isLogEntry(_ cursor: JSONCursor) -> Bool {
        (cursor["type"].string?.hasSuffix("_log_entry") ?? false) && cursor["created_at"].isPresent
    }

    private static func isIncident(_ cursor: JSONCursor) -> Bool {
        guard cursor.isObject else { return false }
        if cursor["type"].string == "incident" { return true }
        return cursor["incident_number"].isPresent && (cursor["title"].isPresent || cursor["urgency"].isPresent)
    }

    // MARK: Reading

    /// Nil when the value has none of the shapes above.
    static func read(_ root: JSONCursor, name: String, options: ReadingOptions, report: JSONDiagnostics) -> [IncidentLog]? {
        if isWebhook(root) { return readWebhooks([root], name: name, options: options, report: report) }
        if let elements = root.elements {
            if let first = elements.first, isLogEntry(first) {
                // A bare array of log entries, as some scripts save them.
                return logEntryLogs(elements, name: name, options: options, report: report)
            }
            guard elements.contains(where: isWebhook) else { return nil }
            let hooks = elements.filter { element in
                if isWebhook(element) { return true }
                report.warning("expected a PagerDuty webhook ({\"event\": …}), found \(element.kindDescription); skipped", at: element.path)
                return false
            }
            return readWebhooks(hooks, name: name, options: options, report: report)
        }
        guard root.isObject else { return nil }
        if let messages = root["messages"].elements {
            return readV2Messages(messages, name: name, options: options, report: report)
        }
        if let incidents = root["incidents"].elements, !root["log_entries"].isPresent {
            let (selected, problems) = ImportedTimeline.select(
                incidents, query: options.incident, ids: { incidentIDs($0) }, name: { $0["title"].string ?? $0["summary"].string },
                file: name, kind: "PagerDuty incident")
            report.append(problems)
            return selected.map { incidentLog($0, name: name, report: report) }
        }
        let incident = isIncident(root["incident"]) ? root["incident"] : (isIncident(root) ? root : nil)
        let entries = root["log_entries"]
        let notes = root["notes"]
        guard incident != nil || entries.isPresent || notes.isPresent else { return nil }

        if entries.isPresent {
            guard let elements = report.array(entries, "log_entries") else { return [] }
            var logs = logEntryLogs(elements, name: name, options: options, report: report)
            if let incident {
                let base = incidentLog(incident, name: name, report: report, withEvents: false)
                if logs.isEmpty { logs = [base] }
                logs[0].metadata = merged(base.metadata, logs[0].metadata)
            }
            if let noteElements = report.array(notes, "notes"), !logs.isEmpty {
                logs[0].events = ImportedTimeline.chronological(logs[0].events + noteEvents(noteElements, report: report))
            }
            return logs
        }
        var log = incident.map { incidentLog($0, name: name, report: report, withEvents: true) } ?? IncidentLog(sources: [name])
        if let noteElements = report.array(notes, "notes") {
            log.events = ImportedTimeline.chronological(log.events + noteEvents(noteElements, report: report))
        }
        log.timeZoneNote = timeZoneNote
        return [log]
    }

    static let timeZoneNote = "UTC (PagerDuty timestamps carry their offsets)"

    // MARK: Log entries

    private static func logEntryLogs(_ elements: [JSONCursor], name: String, options: ReadingOptions, report: JSONDiagnostics) -> [IncidentLog] {
        // Group by the incident each entry belongs to, in order of first appearance.
        var order: [String] = []
        var groups: [String: [JSONCursor]] = [:]
        for element in elements {
            guard report.expectObject(element, "each log entry") else { continue }
            let key = element["incident"]["id"].scalarText ?? ""
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(element)
        }
        var logs: [IncidentLog] = []
        for key in order {
            let entries = groups[key] ?? []
            var log = IncidentLog(sources: [name], timeZoneNote: timeZoneNote)
            var events: [TimelineEvent] = []
            var services: [String] = []
            for entry in entries {
                if let event = logEntryEvent(entry, report: report) { events.append(event) }
                if let service = entry["service"]["summary"].text ?? entry["service"]["name"].text, !services.contains(service) {
                    services.append(service)
                }
            }
            log.events = ImportedTimeline.chronological(events)
            if let reference = entries.first?["incident"], reference.isObject {
                let (number, title) = splitSummary(reference["summary"].text)
                log.metadata.title = title
                log.metadata.id = number ?? reference["id"].scalarText
            }
            log.metadata.services = services
            logs.append(log)
        }
        if logs.count > 1, let query = options.incident {
            let (selected, problems) = ImportedTimeline.select(
                logs, query: query, ids: { [$0.metadata.id ?? ""] }, name: { $0.metadata.title }, file: name, kind: "PagerDuty incident")
            report.append(problems)
            return selected
        }
        return logs
    }

    static func logEntryEvent(_ entry: JSONCursor, report: JSONDiagnostics) -> TimelineEvent? {
        let rawType = report.string(entry["type"], "type")
        let type = rawType.map { $0.hasSuffix("_reference") ? String($0.dropLast(10)) : $0 }
        let createdAt = entry["created_at"]
        let time = JSONTimestamps.eventTime(createdAt, "created_at", report: report)
        if !createdAt.isPresent {
            report.warning("log entry has no created_at; its time is unknown", at: entry.path)
        }
        let agent = report.string(entry["agent"]["summary"], "agent summary") ?? entry["agent"]["name"].text
        let summary = report.string(entry["summary"], "summary")
        let source = report.location(entry.path)
        let origin = "PagerDuty \(type ?? "log entry")"
        let assignees = (entry["assignees"].elements ?? []).compactMap { $0["summary"].text ?? $0["name"].text }
        let channel = entry["channel"]
        let byTimeout = channel["type"].string == "timeout"
        let note = entry["note"].text

        var text: String
        var details: [String] = []
        var tags: [String] = []
        var hints: [MilestoneKind] = []
        var author = agent
        switch type {
        case "trigger_log_entry":
            let description = entry["event_details"]["description"].text ?? channel["description"].text
                ?? channel["summary"].text ?? channel["subject"].text
            text = ImportText.joined(agent.map { "Incident triggered by \($0)" } ?? "Incident triggered", description)
            if let channelSummary = channel["summary"].text, channelSummary != description { details.append(channelSummary) }
            hints = [.detected]
        case "acknowledge_log_entry":
            text = agent.map { "Acknowledged by \($0)" } ?? "Acknowledged"
            hints = [.acknowledged]
        case "unacknowledge_log_entry":
            text = byTimeout || agent == nil
                ? "Acknowledgement timed out; the incident is open again"
                : "Acknowledgement withdrawn by \(agent ?? "")"
        case "resolve_log_entry":
            text = ImportText.joined(agent.map { "Resolved by \($0)" } ?? "Resolved", note)
            hints = [.resolved]
        case "escalate_log_entry":
            text = assignees.isEmpty ? "Escalated" : "Escalated to \(list(assignees))"
            if byTimeout || summary?.hasSuffix("by timeout") == true { text += " after the acknowledgement timeout" }
            tags = ["escalated"]
        case "assign_log_entry":
            text = assignees.isEmpty ? "Assignment changed" : "Assigned to \(list(assignees))"
            tags = ["paged"]
        case "delegate_log_entry":
            text = assignees.isEmpty ? (summary ?? "Delegated") : "Delegated to \(list(assignees))"
            tags = ["escalated"]
        case "notify_log_entry":
            let user = entry["user"]["summary"].text ?? entry["user"]["name"].text
            let notification = channel["notification"].isObject ? channel["notification"] : entry["notification"]
            text = user.map { "Notified \($0)" } ?? (summary ?? "Notification sent")
            if let method = notification["type"].text { text += " by \(method.replacingOccurrences(of: "_", with: " "))" }
            if let status = notification["status"].text, status != "success" { text += " (delivery \(status))" }
            tags = ["paged"]
            author = nil
        case "annotate_log_entry":
            let content = channel["summary"].text ?? note ?? summary ?? ""
            text = ImportText.joined(agent.map { "Note from \($0)" } ?? "Note", content)
        case "snooze_log_entry":
            text = agent.map { "Snoozed by \($0)" } ?? "Snoozed"
            if let seconds = channel["duration"].number?.intValue, seconds > 0 { text += " for \(durationText(seconds))" }
        default:
            guard let fallback = summary ?? type else {
                report.warning("log entry has neither type nor summary; skipped", at: entry.path)
                return nil
            }
            text = fallback
        }
        if type == nil, let summary { text = summary }
        return ImportedTimeline.event(
            time, text, details: details, tags: tags, author: author, origin: origin, hints: hints, source: source,
            writtenTime: createdAt.string)
    }

    // MARK: Incidents

    static func incidentIDs(_ incident: JSONCursor) -> [String] {
        [incident["incident_number"].scalarText, incident["number"].scalarText, incident["id"].scalarText].compactMap { $0 }
    }

    static func incidentMetadata(_ incident: JSONCursor, report: JSONDiagnostics) -> IncidentMetadata {
        var metadata = IncidentMetadata()
        let (number, titleFromSummary) = splitSummary(incident["summary"].text)
        metadata.title = report.string(incident["title"], "title") ?? titleFromSummary
        metadata.id = incident["incident_number"].scalarText ?? incident["number"].scalarText ?? number
            ?? incident["id"].scalarText
        let priority = incident["priority"]
        metadata.severity = priority["summary"].text ?? priority["name"].text ?? incident["urgency"].text
        metadata.status = incident["status"].text
        if let service = incident["service"]["summary"].text ?? incident["service"]["name"].text {
            metadata.services = [service]
        }
        return metadata
    }

    static func incidentLog(_ incident: JSONCursor, name: String, report: JSONDiagnostics, withEvents: Bool = true) -> IncidentLog {
        var log = IncidentLog(metadata: incidentMetadata(incident, report: report), sources: [name], timeZoneNote: timeZoneNote)
        guard withEvents else { return log }
        var events: [TimelineEvent] = []
        let title = log.metadata.title
        if let time = JSONTimestamps.eventTime(incident["created_at"], "created_at", report: report) {
            events.append(ImportedTimeline.event(
                time, ImportText.joined("Incident triggered", title), origin: "PagerDuty incident created_at", hints: [.detected],
                source: report.location(incident["created_at"].path), writtenTime: incident["created_at"].string))
        }
        for assignment in report.array(incident["assignments"], "assignments") ?? [] {
            guard let time = JSONTimestamps.eventTime(assignment["at"], "assignment time", report: report) else { continue }
            let who = assignment["assignee"]["summary"].text ?? "a responder"
            events.append(ImportedTimeline.event(
                time, "Assigned to \(who)", tags: ["paged"], origin: "PagerDuty assignment",
                source: report.location(assignment.path), writtenTime: assignment["at"].string))
        }
        for acknowledgement in report.array(incident["acknowledgements"], "acknowledgements") ?? [] {
            guard let time = JSONTimestamps.eventTime(acknowledgement["at"], "acknowledgement time", report: report) else { continue }
            let who = acknowledgement["acknowledger"]["summary"].text
            events.append(ImportedTimeline.event(
                time, who.map { "Acknowledged by \($0)" } ?? "Acknowledged", author: who, origin: "PagerDuty acknowledgement",
                hints: [.acknowledged], source: report.location(acknowledgement.path), writtenTime: acknowledgement["at"].string))
        }
        for request in report.array(incident["responder_requests"], "responder_requests") ?? [] {
            guard let time = JSONTimestamps.eventTime(request["requested_at"], "requested_at", report: report) else { continue }
            let requester = request["requester"]["summary"].text
            var targets: [String] = []
            for target in request["responder_request_targets"].elements ?? [] {
                let inner = target["responder_request_target"]
                for responder in inner["incidents_responders"].elements ?? [] {
                    if let person = responder["user"]["summary"].text, !targets.contains(person) { targets.append(person) }
                }
                if let summary = inner["summary"].text, !targets.contains(summary) { targets.append(summary) }
            }
            var text = targets.isEmpty ? "Additional responders requested" : "Requested \(list(targets)) as responders"
            if let requester { text += " (asked by \(requester))" }
            events.append(ImportedTimeline.event(
                time, text, details: [request["message"].text].compactMap { $0 }, tags: ["escalated"], author: requester,
                origin: "PagerDuty responder request", source: report.location(request.path), writtenTime: request["requested_at"].string))
        }
        if let time = JSONTimestamps.eventTime(incident["resolved_at"], "resolved_at", report: report) {
            let who = incident["status"].string == "resolved" ? incident["last_status_change_by"]["summary"].text : nil
            events.append(ImportedTimeline.event(
                time, who.map { "Resolved by \($0)" } ?? "Resolved", author: who, origin: "PagerDuty incident resolved_at",
                hints: [.resolved], source: report.location(incident["resolved_at"].path), writtenTime: incident["resolved_at"].string))
        }
        log.events = ImportedTimeline.chronological(events)
        return log
    }

    private static func noteEvents(_ notes: [JSONCursor], report: JSONDiagnostics) -> [TimelineEvent] {
        var events: [TimelineEvent] = []
        for note in notes {
            guard report.expectObject(note, "each note") else { continue }
            let time = JSONTimestamps.eventTime(note["created_at"], "created_at", report: report)
            guard let content = report.string(note["content"], "note content") else {
                report.warning("note has no content; skipped", at: note.path)
                continue
            }
            let who = note["user"]["summary"].text
            events.append(ImportedTimeline.event(
                time, ImportText.joined(who.map { "Note from \($0)" } ?? "Note", content), author: who,
                origin: "PagerDuty note", source: report.location(note.path), writtenTime: note["created_at"].string))
        }
        return ImportedTimeline.chronological(events)
    }

    // MARK: Webhooks

    private static func readWebhooks(_ hooks: [JSONCursor], name: String, options: ReadingOptions, report: JSONDiagnostics) -> [IncidentLog] {
        var order: [String] = []
        var logs: [String: IncidentLog] = [:]
        for hook in hooks {
            let event = hook["event"]
            let data = event["data"]
            let incident = data["type"].string == "incident" ? data : data["incident"]
            let key = incident["id"].scalarText ?? ""
            if logs[key] == nil { order.append(key) }
            var log = logs[key] ?? IncidentLog(sources: [name], timeZoneNote: timeZoneNote)
            if data["type"].string == "incident" {
                log.metadata = merged(log.metadata, incidentMetadata(data, report: report))
            } else if log.metadata.title == nil {
                let (number, title) = splitSummary(incident["summary"].text)
                log.metadata.title = title
                log.metadata.id = log.metadata.id ?? number
            }
            if let timelineEvent = webhookEvent(event, report: report) { log.events.append(timelineEvent) }
            logs[key] = log
        }
        var result = order.compactMap { logs[$0] }
        for index in result.indices { result[index].events = ImportedTimeline.chronological(result[index].events) }
        if result.count > 1, let query = options.incident {
            let (selected, problems) = ImportedTimeline.select(
                result, query: query, ids: { [$0.metadata.id ?? ""] }, name: { $0.metadata.title }, file: name, kind: "PagerDuty incident")
            report.append(problems)
            return selected
        }
        return result
    }

    /// The fields of a webhook event's `data` that its text is made from.
    struct WebhookData {
        var title: String?
        var assignees: [String] = []
        var policy: String?
        var content: String?
        var priority: String?
        var user: String?
        var message: String?
        var state: String?

        init(title: String?, assignees: [String], policy: String?) {
            self.title = title
            self.assignees = assignees
            self.policy = policy
        }

        init(_ data: JSONCursor) {
            title = data["title"].text
            assignees = (data["assignees"].elements ?? []).compactMap { $0["summary"].text }
            policy = data["escalation_policy"]["summary"].text
            content = data["content"].text
            priority = data["priority"]["summary"].text
            user = data["user"]["summary"].text
            message = data["message"].text
            state = data["state"].text
        }
    }

    static func webhookEvent(_ event: JSONCursor, report: JSONDiagnostics) -> TimelineEvent? {
        guard let type = report.string(event["event_type"], "event_type") else { return nil }
        return webhookEvent(
            type: type, occurred: event["occurred_at"], agent: event["agent"]["summary"].text, data: WebhookData(event["data"]),
            at: event, report: report)
    }

    /// The event of type `type`; `occurred` is its time and `event` where it is reported.
    static func webhookEvent(
        type: String, occurred: JSONCursor, agent: String?, data: WebhookData, at event: JSONCursor, report: JSONDiagnostics
    ) -> TimelineEvent? {
        let time = JSONTimestamps.eventTime(occurred, "occurred_at", report: report)
        if !occurred.isPresent { report.warning("webhook has no occurred_at; its time is unknown", at: event.path) }
        let title = data.title
        let assignees = data.assignees
        let policy = data.policy
        var text: String
        var tags: [String] = []
        var hints: [MilestoneKind] = []
        var details: [String] = []
        switch type {
        case "incident.triggered":
            text = ImportText.joined("Incident triggered", title)
            if let agent { text += " (by \(agent))" }
            hints = [.detected]
        case "incident.acknowledged":
            text = agent.map { "Acknowledged by \($0)" } ?? "Acknowledged"
            hints = [.acknowledged]
        case "incident.unacknowledged":
            text = "Acknowledgement withdrawn; the incident is open again"
        case "incident.resolved":
            text = agent.map { "Resolved by \($0)" } ?? "Resolved"
            hints = [.resolved]
        case "incident.reopened":
            text = agent.map { "Incident reopened by \($0)" } ?? "Incident reopened"
        case "incident.escalated":
            text = assignees.isEmpty ? "Escalated" : "Escalated to \(list(assignees))"
            if let policy { text += " (escalation policy \(policy))" }
            tags = ["escalated"]
        case "incident.reassigned":
            text = assignees.isEmpty ? "Reassigned" : "Reassigned to \(list(assignees))"
            tags = ["escalated"]
        case "incident.delegated":
            text = "Delegated to \(policy ?? (assignees.isEmpty ? "another escalation policy" : list(assignees)))"
            tags = ["escalated"]
        case "incident.annotated":
            text = ImportText.joined(agent.map { "Note from \($0)" } ?? "Note", data.content)
        case "incident.priority_updated":
            text = "Priority changed to \(data.priority ?? "none")"
        case "incident.responder.added":
            let responder = data.user ?? data.policy ?? "a responder"
            text = "Added \(responder) as a responder"
            if let message = data.message { details.append(message) }
            tags = ["escalated"]
        case "incident.responder.replied":
            let responder = data.user ?? agent ?? "A responder"
            text = "\(responder) replied to the responder request: \(data.state ?? "answered")"
        case "incident.status_update_published":
            text = ImportText.joined("Status update published", data.message)
            tags = ["update"]
        default:
            text = "PagerDuty event \(type)"
        }
        return ImportedTimeline.event(
            time, text, details: details, tags: tags, author: agent, origin: "PagerDuty \(type)", hints: hints,
            source: report.location(event.path), writtenTime: occurred.string)
    }

    /// v2 webhook deliveries: `{"messages": [{"event": "incident.trigger", "created_on": …, "incident": …}]}`.
    private static func readV2Messages(_ messages: [JSONCursor], name: String, options: ReadingOptions, report: JSONDiagnostics) -> [IncidentLog] {
        let names = [
            "incident.trigger": "incident.triggered", "incident.acknowledge": "incident.acknowledged",
            "incident.unacknowledge": "incident.unacknowledged", "incident.resolve": "incident.resolved",
            "incident.assign": "incident.reassigned", "incident.escalate": "incident.escalated",
            "incident.delegate": "incident.delegated", "incident.annotate": "incident.annotated",
        ]
        var log = IncidentLog(sources: [name], timeZoneNote: timeZoneNote)
        for message in messages {
            guard let event = report.string(message["event"], "event") else { continue }
            let incident = message["incident"]
            if log.metadata.title == nil, incident.isObject { log.metadata = incidentMetadata(incident, report: report) }
            // A v2 message read as the v3 event it corresponds to: its time is reported
            // as the message's `occurred_at`, as v3 names it.
            let data = WebhookData(
                title: incident["title"].text,
                assignees: (incident["assignments"].elements ?? []).compactMap { $0["assignee"]["summary"].text },
                policy: incident["escalation_policy"]["summary"].text)
            if var timelineEvent = webhookEvent(
                type: names[event] ?? event, occurred: message.member("occurred_at", holding: message["created_on"]),
                agent: message["log_entries"][0]["agent"]["summary"].text, data: data, at: message, report: report)
            {
                timelineEvent.origin = "PagerDuty \(event)"
                log.events.append(timelineEvent)
            }
        }
        log.events = ImportedTimeline.chronological(log.events)
        return [log]
    }

    // MARK: Text

    /// `[#1234] The server is on fire.` → (`1234`, `The server is on fire.`).
    static func splitSummary(_ summary: String?) -> (number: String?, title: String?) {
        guard let summary else { return (nil, nil) }
        guard summary.hasPrefix("[#"), let close = summary.firstIndex(of: "]") else { return (nil, summary) }
        let number = String(summary[summary.index(summary.startIndex, offsetBy: 2)..<close])
        let title = summary[summary.index(after: close)...].trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty, number.allSatisfy(\.isNumber) else { return (nil, summary) }
        return (number, title.isEmpty ? nil : title)
    }

    /// `A`, `A and B`, `A, B and C`.
    static func list(_ names: [String]) -> String {
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        default: return names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        }
    }

    static func durationText(_ seconds: Int) -> String {
        if seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds % 60 == 0 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }

    /// Fields of `primary` win; `secondary` fills the gaps.
    static func merged(_ primary: IncidentMetadata, _ secondary: IncidentMetadata) -> IncidentMetadata {
        var result = primary
        result.title = result.title ?? secondary.title
        result.id = result.id ?? secondary.id
        result.severity = result.severity ?? secondary.severity
        result.status = result.status ?? secondary.status
        if result.services.isEmpty { result.services = secondary.services }
        return result
    }
}
