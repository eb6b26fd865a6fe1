import Foundation
import Testing
@testable import Hindsight

@Suite struct PagerDutyImporterTests {
    /// Newest first, two pairs sharing a timestamp, one broken entry.
    static let logEntries = """
    {"log_entries": [
      {"id": "L9", "type": "resolve_log_entry", "summary": "Resolved by Ada Park", "created_at": "2026-05-02T04:40:00Z",
       "note": "Rolled back the config push", "agent": {"type": "user_reference", "summary": "Ada Park"},
       "service": {"summary": "search-api"}, "incident": {"id": "PX1", "summary": "[#88] Search latency above 2 s"}},
      {"id": "L8", "type": "annotate_log_entry", "created_at": "2026-05-02T04:20:00Z",
       "agent": {"summary": "Ada Park"}, "channel": {"type": "note", "summary": "Cache hit rate fell to 10%\\nafter the push"},
       "incident": {"id": "PX1", "summary": "[#88] Search latency above 2 s"}},
      {"id": "L7", "type": "notify_log_entry", "created_at": "2026-05-02T04:10:00Z",
       "channel": {"type": "auto", "notification": {"type": "sms", "status": "success"}}, "user": {"summary": "Ada Park"},
       "incident": {"id": "PX1", "summary": "[#88] Search latency above 2 s"}},
      {"id": "L6", "type": "escalate_log_entry", "summary": "Escalated to Ada Park by timeout", "created_at": "2026-05-02T04:10:00Z",
       "agent": {"type": "service_reference", "summary": "search-api"}, "channel": {"type": "timeout"},
       "assignees": [{"summary": "Ada Park"}], "incident": {"id": "PX1", "summary": "[#88] Search latency above 2 s"}},
      {"id": "L5", "type": "unacknowledge_log_entry", "created_at": "2026-05-02T04:09:00Z", "channel": {"type": "timeout"},
       "agent": {"summary": "search-api"}, "incident": {"id": "PX1", "summary": "[#88] Search latency above 2 s"}},
      {"id": "L4", "type": "acknowledge_log_entry", "created_at": "2026-05-02T03:39:00Z", "agent": {"summary": "Ben Ode"},
       "incident": {"id": "PX1", "summary": "[#88] Search latency above 2 s"}},
      {"id": "L3", "type": "delegate_log_entry", "created_at": 17, "assignees": [{"summary": "Search SRE"}],
       "incident": {"id": "PX1", "summary": "[#88] Search latency above 2 s"}},
      {"id": "L2", "type": "assign_log_entry", "summary": "Assigned to Ben Ode", "created_at": "2026-05-02T03:31:00Z",
       "agent": {"summary": "search-api"}, "assignees": [{"summary": "Ben Ode"}],
       "incident": {"id": "PX1", "summary": "[#88] Search latency above 2 s"}},
      {"id": "L1", "type": "trigger_log_entry", "summary": "Triggered through the API", "created_at": "2026-05-02T03:31:00Z",
       "agent": {"type": "service_reference", "summary": "Datadog"}, "channel": {"type": "api"},
       "event_details": {"description": "p99 latency above 2 s on search-3"},
       "service": {"summary": "search-api"}, "incident": {"id": "PX1", "summary": "[#88] Search latency above 2 s"}}
    ]}
    """

    @Test func readsLogEntriesOldestFirst() throws {
        let result = ImportTestSupport.read(Self.logEntries, name: "pd.json")
        let log = try #require(result.logs.first)
        #expect(result.logs.count == 1)
        #expect(log.metadata.title == "Search latency above 2 s")
        #expect(log.metadata.id == "88")
        #expect(log.metadata.services == ["search-api"])
        let events = log.events
        #expect(events.count == 9)
        #expect(events.map(\.text) == [
            "Incident triggered by Datadog: p99 latency above 2 s on search-3",
            "Assigned to Ben Ode",
            "Delegated to Search SRE",
            "Acknowledged by Ben Ode",
            "Acknowledgement timed out; the incident is open again",
            "Escalated to Ada Park after the acknowledgement timeout",
            "Notified Ada Park by sms",
            "Note from Ada Park: Cache hit rate fell to 10%",
            "Resolved by Ada Park: Rolled back the config push",
        ])
        // The entry without a usable time keeps its place between its neighbours.
        #expect(events.map(ImportTestSupport.utc) == [
            "2026-05-02T03:31:00Z", "2026-05-02T03:31:00Z", nil, "2026-05-02T03:39:00Z", "2026-05-02T04:09:00Z",
            "2026-05-02T04:10:00Z", "2026-05-02T04:10:00Z", "2026-05-02T04:20:00Z", "2026-05-02T04:40:00Z",
        ])
        #expect(events[0].milestoneHints == [.detected])
        #expect(events[0].origin == "PagerDuty trigger_log_entry")
        #expect(events[0].author == "Datadog")
        #expect(events[0].source == SourceLocation(file: "pd.json", path: "$.log_entries[8]"))
        #expect(events[1].tags == ["paged"])
        #expect(events[2].tags == ["escalated"])
        #expect(events[3].milestoneHints == [.acknowledged])
        #expect(events[3].author == "Ben Ode")
        #expect(events[5].tags == ["escalated"])
        #expect(events[6].tags == ["paged"])
        #expect(events[6].author == nil)
        #expect(events[7].details == ["after the push"])
        #expect(events[8].milestoneHints == [.resolved])
        #expect(events[8].source.path == "$.log_entries[0]")
        // The broken created_at is reported with its path; the entry is still imported.
        #expect(result.diagnostics.contains { $0.location?.path == "$.log_entries[6].created_at" && $0.severity == .warning })
    }

    @Test func readsAnIncident() throws {
        let json = """
        {"incident": {"type": "incident", "incident_number": 512, "title": "Queue backlog in billing",
          "created_at": "2026-01-10T08:00:00Z", "status": "resolved", "urgency": "high",
          "priority": {"summary": "P1"}, "service": {"summary": "billing-worker"},
          "assignments": [{"at": "2026-01-10T08:00:05Z", "assignee": {"summary": "Cleo Marsh"}}],
          "acknowledgements": [{"at": "2026-01-10T08:03:00Z", "acknowledger": {"summary": "Cleo Marsh"}}],
          "resolved_at": "2026-01-10T09:15:00+01:00", "last_status_change_by": {"summary": "Cleo Marsh"}}}
        """
        let log = try #require(ImportTestSupport.read(json).logs.first)
        #expect(log.metadata.title == "Queue backlog in billing")
        #expect(log.metadata.id == "512")
        #expect(log.metadata.severity == "P1")
        #expect(log.metadata.status == "resolved")
        #expect(log.metadata.services == ["billing-worker"])
        #expect(log.events.map(ImportTestSupport.utc) == ["2026-01-10T08:00:00Z", "2026-01-10T08:00:05Z", "2026-01-10T08:03:00Z", "2026-01-10T08:15:00Z"])
        #expect(log.events.map(\.milestoneHints) == [[.detected], [], [.acknowledged], [.resolved]])
        #expect(log.events[3].text == "Resolved by Cleo Marsh")
        #expect(log.events[3].time?.zone == "+01:00")
        // A bare incident object and urgency as severity.
        let bare = try #require(ImportTestSupport.read(#"{"type": "incident", "incident_number": 3, "title": "t", "urgency": "low", "created_at": "2026-01-10T08:00:00Z"}"#).logs.first)
        #expect(bare.metadata.severity == "low")
        #expect(bare.events.count == 1)
    }

    @Test func readsNotesNewestFirst() throws {
        let json = """
        {"notes": [
          {"id": "N2", "user": {"summary": "Dev Rao"}, "content": "Traffic shifted to the west region", "created_at": "2026-02-01T10:05:00-05:00"},
          {"id": "N1", "user": {"summary": "Dev Rao"}, "content": "Investigating elevated 5xx", "created_at": "2026-02-01T10:01:00-05:00"},
          {"id": "N0", "user": {"summary": "Dev Rao"}}
        ]}
        """
        let result = ImportTestSupport.read(json)
        let log = try #require(result.logs.first)
        #expect(log.events.map(\.text) == ["Note from Dev Rao: Investigating elevated 5xx", "Note from Dev Rao: Traffic shifted to the west region"])
        #expect(log.events.map(ImportTestSupport.utc) == ["2026-02-01T15:01:00Z", "2026-02-01T15:05:00Z"])
        #expect(log.events[0].origin == "PagerDuty note")
        #expect(log.events[0].source.path == "$.notes[1]")
        #expect(result.diagnostics.contains { $0.location?.path == "$.notes[2]" && $0.message.contains("no content") })
    }

    @Test func readsWebhooksAlone_andAsAnArray() throws {
        let triggered = """
        {"event": {"event_type": "incident.triggered", "resource_type": "incident", "occurred_at": "2026-03-01T01:00:00.250Z",
          "agent": {"summary": "Grafana"}, "data": {"id": "Q1", "type": "incident", "number": 41, "title": "Disk full on db-2",
          "status": "triggered", "urgency": "high", "service": {"summary": "postgres"}, "priority": null}}}
        """
        let one = try #require(ImportTestSupport.read(triggered).logs.first)
        #expect(one.events.count == 1)
        #expect(one.events[0].text == "Incident triggered: Disk full on db-2 (by Grafana)")
        #expect(one.events[0].milestoneHints == [.detected])
        #expect(one.events[0].origin == "PagerDuty incident.triggered")
        #expect(ImportTestSupport.utc(one.events[0]) == "2026-03-01T01:00:00Z")
        #expect(one.metadata.id == "41")
        #expect(one.metadata.severity == "high")

        let array = """
        [
          {"event": {"event_type": "incident.resolved", "occurred_at": "2026-03-01T01:30:00Z", "agent": {"summary": "Fay Lin"},
            "data": {"id": "Q1", "type": "incident", "number": 41, "title": "Disk full on db-2", "status": "resolved"}}},
          \(triggered),
          {"event": {"event_type": "incident.escalated", "occurred_at": "2026-03-01T01:10:00Z", "agent": {"summary": "postgres"},
            "data": {"id": "Q1", "type": "incident", "number": 41, "title": "Disk full on db-2", "assignees": [{"summary": "Fay Lin"}],
            "escalation_policy": {"summary": "DB on-call"}}}},
          {"event": {"event_type": "incident.annotated", "occurred_at": "2026-03-01T01:12:00Z", "agent": {"summary": "Fay Lin"},
            "data": {"type": "incident_note", "content": "Rotating WAL files", "incident": {"id": "Q1", "summary": "[#41] Disk full on db-2"}}}},
          {"event": {"event_type": "incident.acknowledged", "occurred_at": "2026-03-01T01:11:00Z", "agent": {"summary": "Fay Lin"},
            "data": {"id": "Q1", "type": "incident", "number": 41}}}
        ]
        """
        let result = ImportTestSupport.read(array, name: "hooks.json")
        #expect(result.logs.count == 1)
        let events = try #require(result.logs.first).events
        #expect(events.map(\.text) == [
            "Incident triggered: Disk full on db-2 (by Grafana)",
            "Escalated to Fay Lin (escalation policy DB on-call)",
            "Acknowledged by Fay Lin",
            "Note from Fay Lin: Rotating WAL files",
            "Resolved by Fay Lin",
        ])
        #expect(events.map(\.source.path) == ["$[1].event", "$[2].event", "$[4].event", "$[3].event", "$[0].event"])
        #expect(events[1].tags == ["escalated"])
        #expect(events[4].milestoneHints == [.resolved])
    }

    @Test func anIncidentsListIsSelectedWithIncidentOption() throws {
        let json = """
        {"incidents": [
          {"type": "incident", "incident_number": 1, "title": "Login errors", "created_at": "2026-01-01T00:00:00Z"},
          {"type": "incident", "incident_number": 2, "title": "Slow search", "created_at": "2026-01-02T00:00:00Z"}
        ]}
        """
        #expect(ImportTestSupport.read(json).logs.count == 2)
        let chosen = ImportTestSupport.read(json, incident: "search")
        #expect(chosen.logs.map(\.metadata.id) == ["2"])
        let byNumber = ImportTestSupport.read(json, incident: "1")
        #expect(byNumber.logs.map(\.metadata.title) == ["Login errors"])
        let none = ImportTestSupport.read(json, incident: "payments")
        #expect(none.logs.isEmpty)
        #expect(none.diagnostics.first?.message.contains("1 (Login errors)") == true)
    }

    @Test func forcedFormatWithAnUnknownShapeIsAnError() throws {
        let result = ImportTestSupport.read(#"{"alerts": []}"#, format: .pagerduty)
        #expect(result.logs.isEmpty)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains("expected a PagerDuty export"))
        #expect(diagnostic.message.contains("\"alerts\""))
        #expect(diagnostic.location?.path == "$")
    }

    @Test func readsABareArrayOfLogEntriesAndV2Webhooks() throws {
        let bare = """
        [{"type": "resolve_log_entry", "created_at": "2026-05-02T04:40:00Z", "agent": {"summary": "Ada Park"}},
         {"type": "trigger_log_entry", "created_at": "2026-05-02T03:31:00Z", "agent": {"summary": "Datadog"}}]
        """
        #expect(ExportImporters.detect(Data(bare.utf8)) == .pagerduty)
        let log = try #require(ImportTestSupport.read(bare).logs.first)
        #expect(log.events.map(\.text) == ["Incident triggered by Datadog", "Resolved by Ada Park"])
        #expect(log.events.map(\.source.path) == ["$[1]", "$[0]"])

        let v2 = """
        {"messages": [
          {"event": "incident.trigger", "created_on": "2026-05-02T03:31:00Z",
           "incident": {"incident_number": 7, "title": "API errors", "urgency": "high", "service": {"name": "api"}}},
          {"event": "incident.acknowledge", "created_on": "2026-05-02T03:35:00Z",
           "incident": {"incident_number": 7, "title": "API errors"}, "log_entries": [{"agent": {"summary": "Ben Ode"}}]}
        ]}
        """
        #expect(ExportImporters.detect(Data(v2.utf8)) == .pagerduty)
        let v2Log = try #require(ImportTestSupport.read(v2).logs.first)
        #expect(v2Log.metadata.id == "7")
        #expect(v2Log.metadata.services == ["api"])
        #expect(v2Log.events.map(\.text) == ["Incident triggered: API errors", "Acknowledged by Ben Ode"])
        #expect(v2Log.events.map(\.origin) == ["PagerDuty incident.trigger", "PagerDuty incident.acknowledge"])
        #expect(v2Log.events.map(\.milestoneHints) == [[.detected], [.acknowledged]])
        #expect(v2Log.events.map(\.source.path) == ["$.messages[0]", "$.messages[1]"])
    }
}
