import Foundation
import Testing
@testable import Hindsight

@Suite struct IncidentReconstructorTests {
    @Test func ordersEventsStablyAndKeepsUntimedInPlace() {
        var b = LogBuilder()
        b.add("2026-03-04T03:10:00Z", "third")
        b.add(nil, "untimed after third")
        b.add("2026-03-04T03:00:00Z", "first")
        b.add("2026-03-04T03:00:00Z", "second, same minute")
        let r = IncidentReconstructor.reconstruct(b.log)
        #expect(r.events.map(\.event.text) == ["first", "second, same minute", "third", "untimed after third"])
    }

    @Test func tagsOutrankWording() {
        var b = LogBuilder()
        b.add("2026-03-04T03:00:00Z", "Alert fired for the API")
        b.add("2026-03-04T03:05:00Z", "Customer report arrives", tags: ["detected"])
        let r = IncidentReconstructor.reconstruct(b.log)
        let detected = r.milestone(.detected)
        #expect(detected?.time.instant == instant("2026-03-04T03:05:00Z"))
        #expect(detected?.confidence == .stated)
        #expect(detected?.reason == "tagged [detected]")
    }

    @Test func sourceHintsOutrankWordingAndFrontMatterOutranksAll() {
        var b = LogBuilder()
        b.add("2026-03-04T03:00:00Z", "Incident triggered", hints: [.detected])
        b.add("2026-03-04T03:02:00Z", "Acknowledged by Jane", hints: [.acknowledged])
        b.add("2026-03-04T03:30:00Z", "Resolved by Jane", hints: [.resolved])
        b.log.metadata.milestoneOverrides = [
            MilestoneOverride(kind: .detected, time: EventTime(instant: instant("2026-03-04T02:58:00Z")), source: SourceLocation(file: "test.md", line: 3))
        ]
        let r = IncidentReconstructor.reconstruct(b.log)
        #expect(r.milestone(.detected)?.time.instant == instant("2026-03-04T02:58:00Z"))
        #expect(r.milestone(.detected)?.evidence == nil)
        #expect(r.milestone(.acknowledged)?.confidence == .source)
        #expect(r.measure("timeToAcknowledge")?.seconds == 240)
        #expect(r.measure("timeToResolve")?.seconds == 32 * 60)
    }

    @Test func markersDefineImpactWindow() {
        var b = LogBuilder()
        b.add("2026-03-04T22:50:00Z", "OUTAGE BEGINS — logins fail")
        b.add("2026-03-04T23:05:00Z", "Alert fired: login error rate")
        b.add("2026-03-05T00:40:00Z", "OUTAGE MITIGATED: traffic moved to the standby")
        b.add("2026-03-05T01:15:00Z", "INCIDENT ENDS")
        let r = IncidentReconstructor.reconstruct(b.log)
        #expect(r.milestone(.impactStarted)?.confidence == .marker)
        #expect(r.milestone(.mitigated)?.confidence == .marker)
        #expect(r.milestone(.resolved)?.time.instant == instant("2026-03-05T01:15:00Z"))
        // Across midnight: 22:50 → 00:40 is 1 h 50 min.
        #expect(r.measure("impactDuration")?.seconds == 110 * 60)
        #expect(r.measure("timeToDetect")?.seconds == 15 * 60)
    }

    @Test func multiDayAndDaylightSavingDurationsAreExact() {
        // Europe/Berlin switches to summer time at 02:00 on 2026-03-29: a wall-clock
        // span of 01:30 → 03:30 is one hour of real time.
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let start = Instants.instant(CalendarDate(year: 2026, month: 3, day: 29)!, WallTime(hour: 1, minute: 30)!, in: berlin)
        let end = Instants.instant(CalendarDate(year: 2026, month: 3, day: 29)!, WallTime(hour: 3, minute: 30)!, in: berlin)
        let closed = Instants.instant(CalendarDate(year: 2026, month: 3, day: 31)!, WallTime(hour: 3, minute: 30)!, in: berlin)
        var b = LogBuilder()
        b.log.events = [
            TimelineEvent(time: EventTime(instant: start), text: "Alert fired", tags: ["detected"], source: SourceLocation(file: "t.md", line: 1)),
            TimelineEvent(time: EventTime(instant: end), text: "Service restored", tags: ["resolved"], source: SourceLocation(file: "t.md", line: 2)),
            TimelineEvent(time: EventTime(instant: closed), text: "Ticket closed", tags: ["closed"], source: SourceLocation(file: "t.md", line: 3)),
        ]
        let r = IncidentReconstructor.reconstruct(b.log)
        #expect(r.measure("timeToResolve")?.seconds == 3600)
        #expect(Int(closed.timeIntervalSince(start)) == 2 * 86_400 + 3600)
        #expect(DurationText.format(2 * 86_400 + 3600) == "2 d 1 h 00 min")
    }

    @Test func failedAttemptsAreNotMitigation() {
        var b = LogBuilder()
        b.add("2026-03-04T03:00:00Z", "Alert fired: dc-east unreachable")
        b.add("2026-03-04T03:20:00Z", "Rolled back to the previous release; it did not help")
        b.add("2026-03-04T04:10:00Z", "Failover to dc-west; errors dropping, mitigated")
        let r = IncidentReconstructor.reconstruct(b.log)
        #expect(r.failedRemediations == [1])
        #expect(r.events[1].kind == .failedRemediation)
        #expect(r.milestone(.mitigated)?.time.instant == instant("2026-03-04T04:10:00Z"))
        #expect(r.factors.contains { $0.category == .failedRemediation && $0.evidence == [1] })
    }

    @Test func negatedWordingIsNotAMilestone() {
        var b = LogBuilder()
        b.add("2026-03-04T03:00:00Z", "Alert fired for checkout")
        b.add("2026-03-04T03:30:00Z", "Errors are not resolved yet")
        let r = IncidentReconstructor.reconstruct(b.log)
        #expect(r.milestone(.resolved) == nil)
        #expect(r.questions.contains { $0.hasPrefix("When was service fully restored?") })
    }

    @Test func serviceLevelsAndCost() {
        var b = LogBuilder(severity: "SEV1")
        b.log.metadata.slo = "99.9% over 30d"
        b.log.metadata.sla = "resolve within 4h"
        b.log.metadata.costPerHour = 120_000
        b.add("2026-03-04T02:00:00Z", "Impact started", tags: ["impact-started"])
        b.add("2026-03-04T02:10:00Z", "Paged", tags: ["detected"])
        b.add("2026-03-04T02:31:36Z", "Mitigated", tags: ["mitigated"])
        b.add("2026-03-04T06:40:00Z", "Resolved", tags: ["resolved"])
        let r = IncidentReconstructor.reconstruct(b.log)
        let levels = r.serviceLevels
        #expect(levels.errorBudgetSeconds == 2592)  // 0.1% of 30 days = 43.2 min
        #expect(r.measure("impactDuration")?.seconds == 1896)
        #expect(levels.errorBudgetConsumed.map { ($0 * 1000).rounded() / 1000 } == 0.731)
        #expect(levels.slaBreached == true)
        #expect(levels.slaExceededBySeconds == 30 * 60)
        #expect(levels.slaBreachTime == instant("2026-03-04T06:10:00Z"))
        #expect(levels.estimatedCost == 63_200)
    }

    @Test func escalationAfterBreachIsAFinding() {
        var b = LogBuilder(severity: "SEV1")
        b.log.metadata.sla = "resolve within 1h"
        b.add("2026-03-04T02:00:00Z", "Alert fired; on-call paged", tags: ["detected"])
        b.add("2026-03-04T03:30:00Z", "Escalated to the database team")
        b.add("2026-03-04T04:00:00Z", "Resolved", tags: ["resolved"])
        let r = IncidentReconstructor.reconstruct(b.log)
        let escalation = r.escalations.first
        #expect(escalation?.level == 2)
        #expect(escalation?.direction == .functional)
        #expect(escalation?.afterBreach == true)
        #expect(escalation?.sinceDetection == 90 * 60)
        #expect(r.factors.contains { $0.category == .lateEscalation && $0.statement.contains("after the SLA") })
    }

    @Test func commandHandoffNamesTheNewCommander() {
        var b = LogBuilder(severity: "SEV1")
        b.log.metadata.roles = [RoleAssignment(role: "on-call", person: "David Okafor"), RoleAssignment(role: "commander", person: "Ariana Costa")]
        b.add("2026-03-04T03:00:00Z", "David is paged: dc-east down", tags: ["detected"])
        b.add("2026-03-04T03:10:00Z", "David asks Ariana to take command")
        b.add("2026-03-04T18:00:00Z", "Ariana hands command over to Tomás in a video call")
        let r = IncidentReconstructor.reconstruct(b.log)
        #expect(r.handoffs.map(\.kind) == [.command, .command])
        #expect(r.handoffs.first?.to == "Ariana Costa")
        #expect(r.handoffs.last?.to == "Tomás")
        #expect(!r.factors.contains { $0.category == .noIncidentCommander })
    }

    @Test func communicationGapsFollowTheSeverityCadence() {
        var b = LogBuilder(severity: "SEV1")
        b.add("2026-03-04T03:00:00Z", "Alert fired", tags: ["detected"])
        b.add("2026-03-04T03:20:00Z", "Status page update posted", tags: ["update"])
        b.add("2026-03-04T04:30:00Z", "E-mail update to stakeholders")
        b.add("2026-03-04T04:45:00Z", "Resolved", tags: ["resolved"])
        let r = IncidentReconstructor.reconstruct(b.log)
        #expect(r.communicationCadenceSeconds == 1800)
        #expect(r.communicationUpdates == 2)
        #expect(r.communicationGaps.map(\.seconds) == [70 * 60])
    }

    @Test func actionItemsAreParsedAndSuggestionsFillGaps() {
        var b = LogBuilder(severity: "SEV1")
        b.add("2026-03-04T03:00:00Z", "Customers report failed logins", tags: ["detected"])
        b.add("2026-03-04T04:00:00Z", "Resolved", tags: ["resolved"])
        b.log.sections = [AuthoredSection(
            title: "Action items", level: 2,
            markdown: "- [ ] Add a login error-rate alert (owner: Marie, due: 2026-03-20, OPS-123)\n- [x] Rotate the keys @kofi\n- Review the runbook\n",
            source: SourceLocation(file: "test.md", line: 40))]
        let r = IncidentReconstructor.reconstruct(b.log)
        let written = r.actionItems.filter { !$0.suggested }
        #expect(written.count == 3)
        #expect(written[0].text == "Add a login error-rate alert")
        #expect(written[0].owner == "Marie")
        #expect(written[0].due == CalendarDate("2026-03-20"))
        #expect(written[0].tracker == "OPS-123")
        #expect(written[0].kind == .detect)
        #expect(written[0].source?.line == 41)
        #expect(written[1].owner == "kofi" && written[1].done)
        #expect(written[2].owner == nil && written[2].kind == .mitigate)
        // Late detection is covered by the alert item; a commander suggestion is added.
        #expect(!r.actionItems.contains { $0.suggested && $0.kind == .detect })
        #expect(r.actionItems.contains { $0.suggested && $0.text.contains("incident commander") })
    }
}
