import Foundation
import Testing
@testable import Hindsight

@Suite struct IncidentMergerTests {
    static func time(_ text: String) -> EventTime {
        EventTime(instant: Instants.parseISO8601(text)!, precision: .minute)
    }

    static func event(
        _ time: String?, _ text: String, file: String, line: Int, hints: [MilestoneKind] = [], tags: [String] = [], author: String? = nil
    ) -> TimelineEvent {
        TimelineEvent(
            time: time.map(Self.time), text: text, tags: tags, author: author, milestoneHints: hints,
            source: SourceLocation(file: file, line: line))
    }

    static var notes: IncidentLog {
        var metadata = IncidentMetadata()
        metadata.title = "Checkout outage"
        metadata.severity = "SEV1"
        metadata.services = ["checkout"]
        metadata.roles = [RoleAssignment(role: "commander", person: "Ariana")]
        return IncidentLog(
            metadata: metadata,
            events: [
                event("2026-03-04T03:00:00Z", "Health checks failing in dc-east", file: "notes.md", line: 10, hints: [.detected]),
                event("2026-03-04T03:04:00Z", "Page acknowledged by David", file: "notes.md", line: 11, hints: [.acknowledged]),
                event(nil, "Someone asked for the runbook", file: "notes.md", line: 12),
                event("2026-03-04T03:30:00Z", "Rolled back the feature flag", file: "notes.md", line: 13, tags: ["change"]),
                event("2026-03-04T05:00:00Z", "Service restored", file: "notes.md", line: 14, hints: [.resolved]),
            ],
            sections: [AuthoredSection(title: "Summary", level: 2, markdown: "Two data centres failed.", source: SourceLocation(file: "notes.md", line: 5))],
            sources: ["notes.md"], timeZoneNote: "Europe/Berlin (front matter)")
    }

    static var pagerDuty: IncidentLog {
        var metadata = IncidentMetadata()
        metadata.title = "dc-east health checks failing"
        metadata.id = "PD-77"
        metadata.severity = "P1"
        metadata.services = ["Checkout", "edge"]
        metadata.roles = [RoleAssignment(role: "commander", person: "Marie")]
        return IncidentLog(
            metadata: metadata,
            events: [
                event("2026-03-04T03:00:40Z", "Incident triggered by Datadog: dc-east health", file: "pd.json", line: 1, hints: [.detected], author: "Datadog"),
                event("2026-03-04T03:04:30Z", "Acknowledged by David", file: "pd.json", line: 2, hints: [.acknowledged], author: "David"),
                event("2026-03-04T03:10:00Z", "Escalated to Marie", file: "pd.json", line: 3, tags: ["escalated"]),
                event("2026-03-04T05:20:00Z", "Resolved by David", file: "pd.json", line: 4, hints: [.resolved]),
            ],
            sources: ["pd.json"], timeZoneNote: "UTC (PagerDuty timestamps carry their offsets)")
    }

    static var slack: IncidentLog {
        IncidentLog(
            events: [
                event("2026-03-04T03:29:30Z", "rolled back the feature flag!", file: "slack/inc/2026-03-04.json", line: 1, author: "David"),
                event("2026-03-04T03:29:50Z", "rolled back the feature flag", file: "slack/inc/2026-03-04.json", line: 2, author: "David"),
                event("2026-03-04T03:10:20Z", "Escalated to Marie (data centres)", file: "slack/inc/2026-03-04.json", line: 3),
            ],
            sources: ["slack"], timeZoneNote: "UTC (Slack timestamps are UTC)")
    }

    @Test func metadataComesFromTheFirstLogThatHasIt() {
        let (merged, diagnostics) = IncidentMerger.merge([Self.notes, Self.pagerDuty])
        #expect(merged.metadata.title == "Checkout outage")
        #expect(merged.metadata.id == "PD-77")
        #expect(merged.metadata.severity == "SEV1")
        #expect(merged.metadata.services == ["checkout", "edge"])
        #expect(merged.metadata.roles.map(\.person) == ["Ariana", "Marie"])
        #expect(merged.sources == ["notes.md", "pd.json"])
        #expect(merged.sections.map(\.title) == ["Summary"])
        #expect(merged.timeZoneNote == "Europe/Berlin (front matter) for notes.md; UTC (PagerDuty timestamps carry their offsets) for pd.json")
        let severity = diagnostics.first { $0.message.hasPrefix("severity differs") }
        #expect(severity?.severity == .warning)
        #expect(severity?.message == "severity differs between inputs: \"SEV1\" (notes.md) and \"P1\" (pd.json); using \"SEV1\"")
        #expect(diagnostics.contains { $0.severity == .note && $0.message.hasPrefix("title differs") })
        #expect(diagnostics.contains { $0.message.hasPrefix("role commander is Ariana in notes.md and Marie in pd.json") })
    }

    @Test func collapsesTheSameMomentAndKeepsTheRicherText() {
        let (merged, _) = IncidentMerger.merge([Self.notes, Self.pagerDuty, Self.slack])
        let texts = merged.events.map(\.text)
        #expect(texts == [
            "Incident triggered by Datadog: dc-east health",
            "Page acknowledged by David",
            "Someone asked for the runbook",
            "Escalated to Marie (data centres)",
            "rolled back the feature flag!",
            "Rolled back the feature flag",
            "Service restored",
            "Resolved by David",
        ])
        // Same detected hint 40 s apart: one event, PagerDuty's richer text kept.
        let detected = merged.events[0]
        #expect(detected.source == SourceLocation(file: "pd.json", line: 1))
        #expect(detected.details == ["Also recorded in notes.md:10"])
        #expect(merged.events.filter { $0.milestoneHints.contains(.detected) }.count == 1)
        // Acknowledged 30 s apart and equally rich: the first input's record wins.
        let acknowledged = merged.events[1]
        #expect(acknowledged.source.file == "notes.md")
        #expect(acknowledged.details == ["Also recorded in pd.json:2"])
        #expect(acknowledged.author == "David")
        // Nearly the same words within 60 s collapse; two messages of one input don't.
        let rollback = merged.events[5]
        #expect(rollback.source == SourceLocation(file: "notes.md", line: 13))
        #expect(rollback.details == ["Also recorded in slack/inc/2026-03-04.json:2"])
        #expect(rollback.author == "David")
        #expect(merged.events[4].source == SourceLocation(file: "slack/inc/2026-03-04.json", line: 1))
        // A shorter text contained in a longer one: the longer is kept, tags joined.
        #expect(merged.events[3].source.file == "slack/inc/2026-03-04.json")
        #expect(merged.events[3].details == ["Also recorded in pd.json:3"])
        #expect(merged.events[3].tags == ["escalated"])
        // The untimed event stays after its predecessor from the same input.
        #expect(merged.events[2].time == nil)
        // Resolved 20 minutes apart: both kept (and reported as a conflict).
        #expect(merged.events[6].source.file == "notes.md" && merged.events[7].source.file == "pd.json")
    }

    @Test func reportsConflictingMilestoneTimes() throws {
        let (_, diagnostics) = IncidentMerger.merge([Self.notes, Self.pagerDuty])
        let conflict = try #require(diagnostics.first { $0.message.hasPrefix("Resolved differs") })
        #expect(conflict.severity == .warning)
        #expect(conflict.message == "Resolved differs between inputs: notes.md gives 2026-03-04T05:00:00Z, pd.json gives 2026-03-04T05:20:00Z (20 min apart)")
        #expect(conflict.location == SourceLocation(file: "pd.json", line: 4))
        // 30 s and 40 s apart are no conflicts.
        #expect(!diagnostics.contains { $0.message.hasPrefix("Acknowledged differs") || $0.message.hasPrefix("Detected differs") })
    }

    @Test func isDeterministicAndOrdersByInstantThenInput() {
        let a = IncidentLog(events: [Self.event("2026-03-04T03:00:00Z", "alpha one", file: "a", line: 1)], sources: ["a"])
        let b = IncidentLog(events: [Self.event("2026-03-04T03:00:00Z", "beta two three", file: "b", line: 1),
                                     Self.event("2026-03-04T02:59:00Z", "beta early", file: "b", line: 2)], sources: ["b"])
        let first = IncidentMerger.merge([a, b]).0
        let second = IncidentMerger.merge([a, b]).0
        #expect(first == second)
        #expect(first.events.map(\.text) == ["beta early", "alpha one", "beta two three"])
        #expect(IncidentMerger.merge([b, a]).0.events.map(\.text) == ["beta early", "beta two three", "alpha one"])
    }

    @Test func aSingleLogIsReturnedAsIs() {
        let (merged, diagnostics) = IncidentMerger.merge([Self.notes])
        #expect(merged == Self.notes)
        #expect(diagnostics.isEmpty)
        #expect(IncidentMerger.merge([]).0.events.isEmpty)
    }

    @Test func mergesLargeInputsWithoutCollapsingDistinctEvents() {
        var big: [TimelineEvent] = []
        for index in 0..<3_000 {
            let instant = Instants.parseISO8601("2026-03-04T00:00:00Z")!.addingTimeInterval(Double(index))
            big.append(TimelineEvent(time: EventTime(instant: instant, precision: .second), text: "message number \(index) about the queue",
                                     source: SourceLocation(file: "slack", path: "$[\(index)]")))
        }
        var other: [TimelineEvent] = []
        for index in stride(from: 0, to: 3_000, by: 10) {
            let instant = Instants.parseISO8601("2026-03-04T00:00:00Z")!.addingTimeInterval(Double(index) + 5)
            other.append(TimelineEvent(time: EventTime(instant: instant, precision: .second), text: "pager entry \(index)",
                                       source: SourceLocation(file: "pd", path: "$[\(index)]")))
        }
        let (merged, _) = IncidentMerger.merge([IncidentLog(events: big, sources: ["slack"]), IncidentLog(events: other, sources: ["pd"])])
        #expect(merged.events.count == 3_300)
    }
}
