import Foundation

/// Reads Opsgenie data: REST responses for an alert, its logs, notes and recipients
/// (alone as `{"data": …}`, or several keyed by request such as
/// `"GET /v2/alerts/{id}/logs"`, or bundled as `{"alert": …, "logs": […]}`), and
/// webhook deliveries (`{"action": "Acknowledge", "alert": {…}}`).
///
/// Alert logs are free text ("Alert acknowledged via web"); their meaning is read from
/// the wording. Webhook times are epoch numbers whose unit (milliseconds for
/// `createdAt`, nanoseconds for `updatedAt`) is told by magnitude.
enum OpsgenieImporter {
    // MARK: Detection

    static func matches(_ root: JSONCursor) -> Bool {
        guard let keys = root.keys else { return false }
        if isWebhook(root) { return true }
        if keys.contains(where: { $0.hasPrefix("GET /v2/alerts") || $0.hasPrefix("GET /v1/incidents") }) { return true }
        if root["alert"].isObject, root["logs"].isPresent || root["notes"].isPresent { return true }
        let data = root["data"]
        if root["requestId"].isPresent || root["took"].isPresent {
            // Every Opsgenie API response carries both, even an empty one.
            if root["requestId"].isPresent && root["took"].isPresent && data.isPresent { return true }
            if isAlert(data) { return true }
            if let first = data.elements?.first { return isAlert(first) || isLog(first) || isNote(first) || isRecipient(first) }
        }
        return false
    }

    private static func isWebhook(_ root: JSONCursor) -> Bool {
        root["action"].string != nil && root["alert"].isObject
            && (root["alert"]["alertId"].isPresent || root["integrationId"].isPresent || root["integrationName"].isPresent)
    }

    private static func isAlert(_ cursor: JSONCursor) -> Bool {
        cursor.isObject && cursor["tinyId"].isPresent && cursor["message"].isPresent
    }

    private static func isLog(_ cursor: JSONCursor) -> Bool {
        cursor["log"].string != nil && cursor["createdAt"].isPresent
    }

    private static func isNote(_ cursor: JSONCursor) -> Bool {
        cursor["note"].string != nil && cursor["createdAt"].isPresent
    }

    private static func isRecipient(_ cursor: JSONCursor) -> Bool {
        cursor["user"]["username"].isPresent && cursor["state"].isPresent
    }

    // MARK: Reading

    static let timeZoneNote = "UTC (Opsgenie timestamps are UTC)"

    static func read(_ root: JSONCursor, name: String, options: ReadingOptions, report: JSONDiagnostics) -> [IncidentLog]? {
        guard let keys = root.keys else { return nil }
        if isWebhook(root) { return [webhookLog(root, name: name, report: report)] }

        // Gather the parts, whichever container they come in.
        var alerts: [JSONCursor] = []
        var logs: [JSONCursor] = []
        var notes: [JSONCursor] = []
        var recipients: [JSONCursor] = []
        func collect(_ data: JSONCursor) {
            if isAlert(data) {
                alerts.append(data)
                return
            }
            guard let elements = data.elements else { return }
            for element in elements {
                if isAlert(element) {
                    alerts.append(element)
                } else if isLog(element) {
                    logs.append(element)
                } else if isNote(element) {
                    notes.append(element)
                } else if isRecipient(element) {
                    recipients.append(element)
                } else {
                    report.warning("unrecognised Opsgenie record (expected an alert, log, note or recipient); skipped", at: element.path)
                }
            }
        }
        let requestKeys = keys.filter { $0.hasPrefix("GET ") }.sorted()
        if !requestKeys.isEmpty {
            for key in requestKeys { collect(root[key]["data"]) }
        } else if root["alert"].isObject {
            alerts.append(root["alert"])
            for (key, test, what) in [("logs", isLog, "alert log"), ("notes", isNote, "note"), ("recipients", isRecipient, "recipient")] {
                for element in report.array(root[key], key) ?? [] {
                    guard test(element) else {
                        report.warning("expected an Opsgenie \(what) with \"createdAt\"; skipped", at: element.path)
                        continue
                    }
                    switch key {
                    case "logs": logs.append(element)
                    case "notes": notes.append(element)
                    default: recipients.append(element)
                    }
                }
            }
        } else if root["data"].isPresent {
            collect(root["data"])
        } else {
            return nil
        }

        if alerts.isEmpty && logs.isEmpty && notes.isEmpty && recipients.isEmpty {
            // Nothing recognisable: an empty response is an empty log, anything else unknown.
            guard root["data"].elements?.isEmpty == true else { return nil }
            report.warning("the response holds no Opsgenie records", at: root["data"].path)
        }
        var log = IncidentLog(sources: [name], timeZoneNote: timeZoneNote)
        if alerts.count > 1 {
            let (selected, problems) = ImportedTimeline.select(
                alerts, query: options.incident, ids: { [$0["tinyId"].scalarText, $0["id"].scalarText, $0["alias"].scalarText].compactMap { $0 } },
                name: { $0["message"].string }, file: name, kind: "Opsgenie alert")
            report.append(problems)
            if problems.containsErrors { return [] }
            if selected.count > 1 {
                report.note("the file holds \(selected.count) alerts; the first (\(selected[0]["tinyId"].scalarText ?? "?")) describes the incident — choose another with --incident", at: selected[0].path)
            }
            alerts = selected
        }
        var events: [TimelineEvent] = []
        let logEvents = ImportedTimeline.chronological(logs.compactMap { logEvent($0, report: report) })
        if let alert = alerts.first {
            log.metadata = alertMetadata(alert)
            events += alertEvents(alert, logEvents: logEvents, report: report)
        }
        events += logEvents
        for note in notes {
            let time = JSONTimestamps.eventTime(note["createdAt"], "createdAt", report: report)
            let owner = note["owner"].text
            events.append(ImportedTimeline.event(
                time, ImportText.joined(owner.map { "Note from \($0)" } ?? "Note", note["note"].text), author: owner,
                origin: "Opsgenie note", source: report.location(note.path), writtenTime: note["createdAt"].string))
        }
        for recipient in recipients {
            let time = JSONTimestamps.eventTime(recipient["createdAt"], "createdAt", report: report)
            let user = recipient["user"]["username"].text ?? "a recipient"
            events.append(ImportedTimeline.event(
                time, "Notified \(user)", tags: ["paged"], origin: "Opsgenie recipient",
                source: report.location(recipient.path), writtenTime: recipient["createdAt"].string))
        }
        log.events = sortedByTime(events)
        return [log]
    }

    /// Stable sort by time; records without a time go last.
    private static func sortedByTime(_ events: [TimelineEvent]) -> [TimelineEvent] {
        var indexed = Array(events.enumerated())
        indexed.sort { a, b in
            let timeA = a.element.time?.instant.timeIntervalSince1970 ?? .infinity
            let timeB = b.element.time?.instant.timeIntervalSince1970 ?? .infinity
            return timeA != timeB ? timeA < timeB : a.offset < b.offset
        }
        return indexed.map(\.element)
    }

    static func alertMetadata(_ alert: JSONCursor) -> IncidentMetadata {
        var metadata = IncidentMetadata()
        metadata.title = alert["message"].text
        metadata.id = alert["tinyId"].scalarText ?? alert["alias"].scalarText ?? alert["id"].scalarText ?? alert["alertId"].scalarText
        if let priority = alert["priority"].scalarText {
            metadata.severity = priority.hasPrefix("P") ? priority : "P\(priority)"
        }
        metadata.status = alert["status"].text
        return metadata
    }

    /// The alert's creation, and acknowledgement and closing from its report when the
    /// logs do not already record them.
    private static func alertEvents(_ alert: JSONCursor, logEvents: [TimelineEvent], report: JSONDiagnostics) -> [TimelineEvent] {
        var events: [TimelineEvent] = []
        let createdCursor = alert["createdAt"]
        let created = JSONTimestamps.eventTime(createdCursor, "createdAt", report: report)
        if let created {
            var details: [String] = []
            if let count = alert["count"].number?.intValue, count > 1 {
                var line = "The alert fired \(count) times"
                if let last = alert["lastOccurredAt"].text { line += "; last at \(last)" }
                details.append(line + ".")
            }
            var text = ImportText.joined("Alert created", alert["message"].text)
            if let source = alert["source"].text { text += " (source: \(source))" }
            events.append(ImportedTimeline.event(
                created, text, details: details, origin: "Opsgenie alert createdAt", hints: [.detected],
                source: report.location(createdCursor.path), writtenTime: createdCursor.string))
        }
        let alertReport = alert["report"]
        let hasAck = logEvents.contains { $0.milestoneHints.contains(.acknowledged) }
        let hasClose = logEvents.contains { $0.milestoneHints.contains(.resolved) }
        if let created, !hasAck, let milliseconds = alertReport["ackTime"].number?.doubleValue, milliseconds >= 0, milliseconds < 1e12 {
            let who = alertReport["acknowledgedBy"].text
            events.append(ImportedTimeline.event(
                EventTime(instant: created.instant.addingTimeInterval(milliseconds / 1000), precision: .second, zone: "UTC"),
                who.map { "Alert acknowledged by \($0)" } ?? "Alert acknowledged",
                details: ["Time derived from the alert report (ackTime \(Int(milliseconds)) ms after creation)."],
                author: who, origin: "Opsgenie alert report ackTime", hints: [.acknowledged],
                source: report.location(alertReport["ackTime"].path)))
        }
        if let created, !hasClose, let milliseconds = alertReport["closeTime"].number?.doubleValue, milliseconds >= 0, milliseconds < 1e12 {
            let who = alertReport["closedBy"].text
            events.append(ImportedTimeline.event(
                EventTime(instant: created.instant.addingTimeInterval(milliseconds / 1000), precision: .second, zone: "UTC"),
                who.map { "Alert closed by \($0)" } ?? "Alert closed",
                details: ["Time derived from the alert report (closeTime \(Int(milliseconds)) ms after creation)."],
                author: who, origin: "Opsgenie alert report closeTime", hints: [.resolved],
                source: report.location(alertReport["closeTime"].path)))
        }
        return events
    }

    /// One alert log line; its meaning read from the wording.
    static func logEvent(_ entry: JSONCursor, report: JSONDiagnostics) -> TimelineEvent? {
        guard let line = report.string(entry["log"], "log") else { return nil }
        let time = JSONTimestamps.eventTime(entry["createdAt"], "createdAt", report: report)
        let owner = entry["owner"].text
        let (hints, tags) = meaning(ofLog: line)
        var text = line
        if let owner, !line.localizedCaseInsensitiveContains(owner) {
            text += " (\(owner))"
        }
        let kind = entry["type"].text.map { " \($0)" } ?? ""
        return ImportedTimeline.event(
            time, text, tags: tags, author: owner, origin: "Opsgenie log\(kind)", hints: hints,
            source: report.location(entry.path), writtenTime: entry["createdAt"].string)
    }

    /// What an alert-log line means: "Alert acknowledged via web" → acknowledged,
    /// "Alert closed …" → resolved, "Alert created …" → detected, escalations and
    /// notifications → tags.
    static func meaning(ofLog line: String) -> (hints: [MilestoneKind], tags: [String]) {
        let lower = line.lowercased()
        if lower.contains("unacknowledged") || lower.contains("un-acknowledged") { return ([], []) }
        if lower.contains("acknowledged") { return ([.acknowledged], []) }
        if lower.contains("closed") || lower.contains("close action") { return ([.resolved], []) }
        if lower.contains("alert created") || lower.hasPrefix("created") { return ([.detected], []) }
        if lower.contains("escalat") { return ([], ["escalated"]) }
        if lower.contains("notified") || lower.contains("notification sent") || lower.contains("sent notification")
            || lower.contains("assigned") || lower.contains("added responder")
        {
            return ([], ["paged"])
        }
        return ([], [])
    }

    // MARK: Webhooks

    private static func webhookLog(_ root: JSONCursor, name: String, report: JSONDiagnostics) -> IncidentLog {
        let alert = root["alert"]
        var log = IncidentLog(metadata: alertMetadata(alert), sources: [name], timeZoneNote: timeZoneNote)
        let action = root["action"].string ?? "Update"
        let who = alert["username"].text ?? root["source"]["name"].text
        let message = alert["message"].text
        var timeCursor = alert["updatedAt"]
        var text: String
        var hints: [MilestoneKind] = []
        var tags: [String] = []
        var details: [String] = []
        switch action.lowercased() {
        case "create":
            timeCursor = alert["createdAt"]
            text = ImportText.joined("Alert created", message)
            hints = [.detected]
        case "acknowledge":
            text = who.map { "Alert acknowledged by \($0)" } ?? "Alert acknowledged"
            hints = [.acknowledged]
        case "unacknowledge":
            text = who.map { "Acknowledgement withdrawn by \($0)" } ?? "Acknowledgement withdrawn"
        case "close":
            text = who.map { "Alert closed by \($0)" } ?? "Alert closed"
            hints = [.resolved]
        case "escalate":
            let target = root["escalationNotify"]["name"].text
            text = target.map { "Alert escalated to \($0)" } ?? "Alert escalated"
            if let escalation = root["escalationName"].text { text += " (escalation \(escalation))" }
            tags = ["escalated"]
        case "addnote":
            text = ImportText.joined(who.map { "Note from \($0)" } ?? "Note", alert["note"].text)
        case "assignownership", "takeownership":
            text = "Alert owned by \(alert["owner"].text ?? who ?? "a responder")"
            tags = ["paged"]
        case "addrecipient", "addresponder", "addteam":
            let added = alert["recipient"].text ?? alert["responder"].text ?? alert["team"].text ?? "a responder"
            text = "Added \(added) to the alert"
            tags = ["paged"]
        default:
            text = "Alert \(action)" + (who.map { " by \($0)" } ?? "")
        }
        if action.lowercased() != "create", let message { details.append("Alert: \(message)") }
        var time = JSONTimestamps.eventTime(timeCursor, timeCursor.path.hasSuffix("updatedAt") ? "updatedAt" : "createdAt", report: report)
        if time == nil, timeCursor.path.hasSuffix("updatedAt") {
            timeCursor = alert["createdAt"]
            time = JSONTimestamps.eventTime(timeCursor, "createdAt", report: report)
        }
        if time == nil {
            report.note("the webhook carries no time for its \(action) action; the event's time is unknown", at: root.path)
        }
        log.events = [ImportedTimeline.event(
            time, text, details: details, tags: tags, author: who, origin: "Opsgenie webhook \(action)", hints: hints,
            source: report.location(root.path))]
        return log
    }
}
