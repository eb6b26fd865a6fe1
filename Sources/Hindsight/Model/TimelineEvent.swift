public import Foundation

/// When an event happened, as precisely as its source says.
public struct EventTime: Hashable, Sendable {
    /// How much of the time the source gave.
    public enum Precision: String, Hashable, Sendable, Codable {
        case second, minute, day
    }

    /// The instant (for `day` precision: midnight of that day in the event's zone).
    public var instant: Date
    public var precision: Precision
    /// Marked approximate in the source (`~`, `±`, `-ish`, `about`).
    public var approximate: Bool
    /// The end of a range (`10:00 - 10:05`), when the source gave one.
    public var end: Date?
    /// The zone the source's wall-clock time was read in, as a name or offset
    /// (`UTC`, `PDT`, `America/New_York`, `+02:00`).
    public var zone: String

    public init(instant: Date, precision: Precision = .minute, approximate: Bool = false, end: Date? = nil, zone: String = "UTC") {
        self.instant = instant
        self.precision = precision
        self.approximate = approximate
        self.end = end
        self.zone = zone
    }
}

/// One entry of an incident's timeline: something that happened, was seen, or was said.
public struct TimelineEvent: Hashable, Sendable {
    /// When it happened; nil when the source gives no usable time (`--:--`, `[???]`,
    /// an untimed bullet). Such events keep their place in the source order.
    public var time: EventTime?
    /// The time exactly as written in the source, when there was one.
    public var writtenTime: String?
    /// The event's text as inline Markdown (the time prefix removed).
    public var text: String
    /// Continuation lines and nested bullets that belong to this entry, as Markdown.
    public var details: [String]
    /// Explicit tags written with the entry (`[detected]`), lowercased, in source order.
    public var tags: [String]
    /// Who wrote or did it, when the source says (a chat author, a log entry's agent).
    public var author: String?
    /// What the source called it (`PagerDuty acknowledge_log_entry`, `Statuspage identified`).
    public var origin: String?
    /// Milestones this event stands for by the source's own semantics (an importer
    /// knows a PagerDuty acknowledgement is an acknowledgement), sorted.
    public var milestoneHints: [MilestoneKind]
    /// Where in which input it came from.
    public var source: SourceLocation

    public init(
        time: EventTime?,
        writtenTime: String? = nil,
        text: String,
        details: [String] = [],
        tags: [String] = [],
        author: String? = nil,
        origin: String? = nil,
        milestoneHints: [MilestoneKind] = [],
        source: SourceLocation
    ) {
        self.time = time
        self.writtenTime = writtenTime
        self.text = text
        self.details = details
        self.tags = tags
        self.author = author
        self.origin = origin
        // (Most events have no hint: nothing to sort, and no new array made.)
        self.milestoneHints = milestoneHints.count < 2 ? milestoneHints : milestoneHints.sorted()
        self.source = source
    }
}
