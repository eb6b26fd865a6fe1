public import Foundation

/// An input as the command-line tool hands it to the library: a file's bytes, or a
/// folder's files (a Slack export) keyed by their path inside the folder.
public struct InputDocument: Sendable {
    public enum Content: Sendable {
        case file(Data)
        case folder([String: Data])
    }

    /// The name to show in diagnostics and sources, as the user wrote it.
    public var name: String
    public var content: Content

    public init(name: String, content: Content) {
        self.name = name
        self.content = content
    }

    public init(name: String, text: String) {
        self.init(name: name, content: .file(Data(text.utf8)))
    }
}

/// The input formats Hindsight reads.
public enum InputFormat: String, CaseIterable, Sendable, Codable {
    /// Hindsight's Markdown incident log, and Markdown timelines as teams write them.
    case markdown
    /// Hindsight's JSON incident log.
    case json
    case pagerduty
    case opsgenie
    case statuspage
    case slack
    case incidentio = "incident-io"
}

/// Choices that affect how inputs are read.
public struct ReadingOptions: Sendable {
    /// The zone for wall-clock times when the document names none (`--timezone`).
    public var timeZone: NamedZone?
    /// The date for timelines that give only times, or the year for month-day dates (`--date`).
    public var date: CalendarDate?
    /// Force an input format instead of detecting it (`--from`).
    public var format: InputFormat?
    /// Select one incident of a document or export that holds several (`--incident`).
    public var incident: String?
    /// Called once cmark's tree of a Markdown log has been copied and freed, before its
    /// entries are read: a program can hand the freed memory back to the system there
    /// (a long log's tree is several times its size). The library never does it itself.
    public var treeFreed: (@Sendable () -> Void)?

    public init(
        timeZone: NamedZone? = nil, date: CalendarDate? = nil, format: InputFormat? = nil, incident: String? = nil,
        treeFreed: (@Sendable () -> Void)? = nil
    ) {
        self.timeZone = timeZone
        self.date = date
        self.format = format
        self.incident = incident
        self.treeFreed = treeFreed
    }
}

/// What reading one input produced: zero or more incidents and the problems found.
public struct ReadResult: Sendable {
    public var logs: [IncidentLog]
    public var diagnostics: [Diagnostic]

    public init(logs: [IncidentLog] = [], diagnostics: [Diagnostic] = []) {
        self.logs = logs
        self.diagnostics = diagnostics
    }
}
