import Foundation

/// A person in a named role (`commander: Ariana`).
public struct RoleAssignment: Hashable, Sendable, Codable {
    public var role: String
    public var person: String

    public init(role: String, person: String) {
        self.role = role
        self.person = person
    }
}

/// A milestone the author pinned in the front matter, overriding inference.
public struct MilestoneOverride: Hashable, Sendable {
    public var kind: MilestoneKind
    public var time: EventTime
    public var source: SourceLocation

    public init(kind: MilestoneKind, time: EventTime, source: SourceLocation) {
        self.kind = kind
        self.time = time
        self.source = source
    }
}

/// What the author said about the incident as a whole (front matter, JSON fields).
public struct IncidentMetadata: Hashable, Sendable {
    public var title: String?
    public var id: String?
    public var severity: String?
    public var category: String?
    public var subcategory: String?
    public var services: [String] = []
    /// The document's time zone as written (`Europe/Berlin`, `PDT`, `UTC`).
    public var timeZone: String?
    /// The incident's date as written (`YYYY-MM-DD`).
    public var date: String?
    public var status: String?
    public var roles: [RoleAssignment] = []
    /// Service-level objective as written, e.g. `99.9% over 30d`.
    public var slo: String?
    /// Service-level agreement as written, e.g. `resolve within 4h`.
    public var sla: String?
    /// Estimated cost of one hour of downtime, in `currency`.
    public var costPerHour: Double?
    public var currency: String?
    public var milestoneOverrides: [MilestoneOverride] = []

    public init() {}
}

/// What an author already wrote under a heading of their own (Summary, Impact, …),
/// kept word for word so the report carries it.
public struct AuthoredSection: Hashable, Sendable {
    /// The sections retrospectives commonly have; `other` for anything else.
    public enum Role: String, Hashable, Sendable, CaseIterable {
        case summary, impact, rootCause, contributingFactors, whatWentWell, whatWentPoorly
        case whereWeGotLucky, actionItems, lessons, other

        /// Recognises a heading's title (`What went wrong`, `Root cause`, `Follow-ups` …).
        public init(title: String) {
            let key = title.lowercased().filter { $0.isLetter || $0 == " " }
                .split(separator: " ").joined(separator: " ")
            switch key {
            case "summary", "overview", "executive summary", "incident summary", "tldr", "description":
                self = .summary
            case "impact", "customer impact", "user impact", "business impact":
                self = .impact
            case "root cause", "root causes", "cause", "causes", "root cause analysis", "what happened":
                self = .rootCause
            case "contributing factors", "contributing factor", "factors":
                self = .contributingFactors
            case "what went well", "went well", "things that went well":
                self = .whatWentWell
            case "what went poorly", "what went wrong", "went poorly", "went wrong", "things that went wrong",
                "what could have gone better", "what didnt go well", "what did not go well":
                self = .whatWentPoorly
            case "where we got lucky", "where we were lucky", "we got lucky", "lucky":
                self = .whereWeGotLucky
            case "action items", "actions", "action items and follow ups", "follow ups", "followups", "follow up",
                "next steps", "remediation", "remediations", "todo":
                self = .actionItems
            case "lessons learned", "lessons", "learnings":
                self = .lessons
            default:
                self = .other
            }
        }
    }

    public var title: String
    public var level: Int
    public var role: Role
    /// The section's body as the author wrote it (Markdown, heading excluded).
    public var markdown: String
    public var source: SourceLocation

    public init(title: String, level: Int, role: Role? = nil, markdown: String, source: SourceLocation) {
        self.title = title
        self.level = level
        self.role = role ?? Role(title: title)
        self.markdown = markdown
        self.source = source
    }
}

/// One incident as read from one input: what the author said about it, its timeline
/// entries in source order, and the sections they already wrote.
public struct IncidentLog: Hashable, Sendable {
    public var metadata: IncidentMetadata
    public var events: [TimelineEvent]
    public var sections: [AuthoredSection]
    /// The inputs it was read from, as the user named them.
    public var sources: [String]
    /// Which zone wall-clock times without a zone were read in, and why
    /// (`Europe/Berlin (front matter)`, `UTC (default)`).
    public var timeZoneNote: String
    /// That zone, when the input named one (front matter, a statement such as
    /// "All times PDT", a table header); reports show local times in it.
    public var readingZone: NamedZone?

    public init(
        metadata: IncidentMetadata = IncidentMetadata(),
        events: [TimelineEvent] = [],
        sections: [AuthoredSection] = [],
        sources: [String] = [],
        timeZoneNote: String = "UTC (default)",
        readingZone: NamedZone? = nil
    ) {
        self.metadata = metadata
        self.events = events
        self.sections = sections
        self.sources = sources
        self.timeZoneNote = timeZoneNote
        self.readingZone = readingZone
    }
}
