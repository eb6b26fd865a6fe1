import Foundation

/// Reads exports of incident tools (PagerDuty, Opsgenie, Statuspage, Slack,
/// incident.io): tells them apart by their fields and shapes, and hands each to its
/// importer. Every importer decodes the JSON once, keeps each record's JSON path as
/// the event's source, and reports garbage fields as warnings while importing the rest.
enum ExportImporters {
    /// The export format of a JSON document, from its field names and shapes; nil for
    /// anything else (Hindsight's own JSON log included).
    static func detect(_ data: Data) -> InputFormat? {
        let (document, _) = JSONDocument.parse(data, file: "")
        guard let document else { return nil }
        return detect(root: document.root)
    }

    static func detect(root: JSONCursor) -> InputFormat? {
        if PagerDutyImporter.matches(root) { return .pagerduty }
        if StatuspageImporter.matches(root) { return .statuspage }
        if IncidentIOImporter.matches(root) { return .incidentio }
        if OpsgenieImporter.matches(root) { return .opsgenie }
        if SlackImporter.matchesDayFile(root) { return .slack }
        return nil
    }

    /// What each format's importer reads, for the error when the shape is unknown.
    static func expectedShape(of format: InputFormat) -> String {
        switch format {
        case .pagerduty:
            "a PagerDuty export: {\"log_entries\": […]}, {\"incident\": {…}}, {\"notes\": […]}, {\"incidents\": […]} or a webhook {\"event\": {\"event_type\": \"incident.…\"}}"
        case .opsgenie:
            "an Opsgenie export: an alert or alert-log response {\"data\": …}, {\"alert\": {…}, \"logs\": […]} or a webhook {\"action\": …, \"alert\": {…}}"
        case .statuspage:
            "a Statuspage export: {\"incidents\": [{\"incident_updates\": […]}]}, one incident, or a webhook {\"incident\": {…}}"
        case .slack:
            "a Slack export: a folder with <channel>/<YYYY-MM-DD>.json files, or one day file (an array of messages with \"ts\")"
        case .incidentio:
            "an incident.io export: {\"incident\": {…}}, {\"incidents\": […]}, {\"incident_updates\": […]}, {\"actions\": […]} or {\"follow_ups\": […]}"
        case .json:
            "a Hindsight JSON incident log"
        case .markdown:
            "a Markdown incident log"
        }
    }

    static func read(_ document: InputDocument, format: InputFormat, options: ReadingOptions) -> ReadResult {
        switch document.content {
        case .folder(let files):
            guard format == .slack else {
                return ReadResult(diagnostics: [Diagnostic(
                    .error, "\(document.name) is a folder; only Slack exports are read from folders (\(format.rawValue) needs a JSON file)",
                    at: SourceLocation(file: document.name))])
            }
            return SlackImporter.readFolder(files, name: document.name, options: options)
        case .file(let data):
            return read(data: data, name: document.name, format: format, options: options)
        }
    }

    static func read(data: Data, name: String, format: InputFormat, options: ReadingOptions) -> ReadResult {
        switch format {
        case .json:
            return JSONLogReader.read(data: data, name: name, options: options)
        case .markdown:
            return ReadResult(diagnostics: [Diagnostic(.error, "Markdown is not an export format", at: SourceLocation(file: name))])
        default:
            break
        }
        let (document, parseDiagnostics) = JSONDocument.parse(data, file: name)
        return read(document: document, parseDiagnostics: parseDiagnostics, name: name, format: format, options: options)
    }

    /// Reads an export already parsed (nil when parsing failed, with its diagnostics).
    static func read(
        document: JSONDocument?, parseDiagnostics: [Diagnostic], name: String, format: InputFormat, options: ReadingOptions
    ) -> ReadResult {
        switch format {
        case .json:
            return JSONLogReader.read(document: document, parseDiagnostics: parseDiagnostics, name: name, options: options)
        case .markdown:
            return ReadResult(diagnostics: [Diagnostic(.error, "Markdown is not an export format", at: SourceLocation(file: name))])
        default:
            break
        }
        guard let document else { return ReadResult(diagnostics: parseDiagnostics) }
        let report = JSONDiagnostics(file: name)
        report.append(parseDiagnostics)
        let root = document.root
        let logs: [IncidentLog]?
        switch format {
        case .pagerduty: logs = PagerDutyImporter.read(root, name: name, options: options, report: report)
        case .opsgenie: logs = OpsgenieImporter.read(root, name: name, options: options, report: report)
        case .statuspage: logs = StatuspageImporter.read(root, name: name, options: options, report: report)
        case .incidentio: logs = IncidentIOImporter.read(root, name: name, options: options, report: report)
        case .slack: logs = SlackImporter.readDayFile(root, name: name, report: report)
        case .json, .markdown: logs = nil
        }
        guard let logs else {
            report.error("expected \(expectedShape(of: format)); found \(shapeDescription(root))", at: "$")
            return ReadResult(diagnostics: report.items)
        }
        return ReadResult(logs: logs, diagnostics: report.items)
    }

    /// `an object with fields a, b, c` / `an array of 3 values`, for error messages.
    static func shapeDescription(_ root: JSONCursor) -> String {
        if let names = root.keys {
            let keys = names.sorted()
            let shown = keys.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
            return keys.isEmpty ? "an empty object" : "an object with fields \(shown)\(keys.count > 8 ? ", …" : "")"
        }
        if let elements = root.elements { return "an array of \(elements.count) value\(elements.count == 1 ? "" : "s")" }
        return root.kindDescription
    }
}
