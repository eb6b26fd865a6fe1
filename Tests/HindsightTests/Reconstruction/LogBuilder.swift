import Foundation
@testable import Hindsight

/// Builds incident logs in tests without going through a reader.
struct LogBuilder {
    var log = IncidentLog(sources: ["test.md"], timeZoneNote: "UTC (default)")
    var line = 10

    init(title: String = "Test incident", severity: String? = "SEV2") {
        log.metadata.title = title
        log.metadata.severity = severity
    }

    /// Adds an event at `time` (`2026-03-04T03:00:00Z`, or nil for unknown).
    @discardableResult
    mutating func add(_ time: String?, _ text: String, tags: [String] = [], author: String? = nil, hints: [MilestoneKind] = []) -> Self {
        let eventTime = time.flatMap { Instants.parseISO8601($0) }.map { EventTime(instant: $0) }
        log.events.append(TimelineEvent(
            time: eventTime, writtenTime: time == nil ? "--:--" : nil, text: text, tags: tags, author: author,
            milestoneHints: hints, source: SourceLocation(file: "test.md", line: line, column: 3)))
        line += 1
        return self
    }
}

func instant(_ text: String) -> Date {
    Instants.parseISO8601(text)!
}
