import Foundation
import Testing
@testable import Hindsight

@Suite struct StatuspageImporterTests {
    static let incidents = """
    {"page": {"id": "p1", "name": "Example", "time_zone": "America/Chicago"},
     "incidents": [
      {"id": "inc2", "name": "Delayed webhooks", "status": "resolved", "impact": "major",
       "components": [{"name": "Webhooks"}, {"name": "API"}],
       "incident_updates": [
        {"status": "resolved", "body": "Deliveries are back to normal.", "created_at": "2026-03-08T12:00:00-05:00", "display_at": "2026-03-08T12:00:00-05:00"},
        {"status": "monitoring", "body": "A fix is deployed.", "created_at": "2026-03-08T11:30:00-05:00", "display_at": "2026-03-08T11:30:00-05:00",
         "affected_components": [{"name": "Webhooks", "old_status": "major_outage", "new_status": "operational"}]},
        {"status": "investigating", "body": "Still looking.", "created_at": "2026-03-08T01:30:00-06:00", "display_at": "2026-03-08T01:30:00-06:00"},
        {"status": "identified", "body": "A queue consumer is stuck.", "created_at": "2026-03-08T01:10:00-06:00", "display_at": "2026-03-08T01:10:00-06:00"},
        {"status": "investigating", "body": "Webhook deliveries are delayed.\\nWe are looking into it.", "created_at": "2026-03-08T02:40:00-06:00", "display_at": "2026-03-08T00:55:00-06:00"}
       ]},
      {"id": "inc1", "name": "Login errors", "status": "resolved", "impact": "minor",
       "incident_updates": [
        {"status": "resolved", "body": "Fixed.", "created_at": "2026-02-01T10:00:00Z"},
        {"status": "investigating", "body": "Some logins fail.", "created_at": "2026-02-01T09:00:00Z"}
       ]}
     ]}
    """

    @Test func readsOneLogPerIncident() throws {
        let result = ImportTestSupport.read(Self.incidents, name: "status.json")
        #expect(ExportImporters.detect(Data(Self.incidents.utf8)) == .statuspage)
        #expect(result.logs.count == 2)
        let log = result.logs[0]
        #expect(log.metadata.title == "Delayed webhooks")
        #expect(log.metadata.id == "inc2")
        #expect(log.metadata.severity == "major")
        #expect(log.metadata.services == ["Webhooks", "API"])
        #expect(log.metadata.timeZone == "America/Chicago")
        #expect(log.timeZoneNote == "America/Chicago (Statuspage page time zone)")
        // Across the DST change (2026-03-08 02:00 CST → CDT) the offsets change.
        #expect(log.events.map(ImportTestSupport.utc) == [
            "2026-03-08T06:55:00Z", "2026-03-08T07:10:00Z", "2026-03-08T07:30:00Z", "2026-03-08T16:30:00Z", "2026-03-08T17:00:00Z",
        ])
        #expect(log.events.map(\.milestoneHints) == [[.declared], [.identified], [], [.mitigated], [.resolved]])
        #expect(log.events[0].text == "Investigating: Webhook deliveries are delayed.")
        #expect(log.events[0].details.first == "We are looking into it.")
        #expect(log.events[0].details.last?.hasPrefix("Posted at 2026-03-08T02:40:00-06:00") == true)
        #expect(log.events[0].writtenTime == "2026-03-08T00:55:00-06:00")
        #expect(log.events[0].time?.zone == "America/Chicago")
        #expect(log.events[0].origin == "Statuspage investigating")
        #expect(log.events[0].source == SourceLocation(file: "status.json", path: "$.incidents[0].incident_updates[4]"))
        #expect(log.events[3].details == ["Components: Webhooks (major outage → operational)"])
        #expect(result.diagnostics.contains { $0.severity == .note && $0.message.contains("1 update was") })
        #expect(result.logs[1].events.map(ImportTestSupport.utc) == ["2026-02-01T09:00:00Z", "2026-02-01T10:00:00Z"])
    }

    @Test func selectsAnIncidentByIdOrName() {
        #expect(ImportTestSupport.read(Self.incidents, incident: "inc1").logs.map(\.metadata.title) == ["Login errors"])
        #expect(ImportTestSupport.read(Self.incidents, incident: "webhook").logs.map(\.metadata.id) == ["inc2"])
        let none = ImportTestSupport.read(Self.incidents, incident: "nothing")
        #expect(none.logs.isEmpty && none.diagnostics.containsErrors)
    }

    @Test func readsAWebhookPayload() throws {
        let json = """
        {"meta": {"unsubscribe": "x"}, "page": {"id": "p1", "status_indicator": "major"},
         "incident": {"id": "w1", "name": "Search down", "impact": "critical", "status": "identified",
          "incident_updates": [{"status": "identified", "body": "Index rebuild running", "created_at": "2026-06-01T12:00:00.000Z"}]}}
        """
        let log = try #require(ImportTestSupport.read(json).logs.first)
        #expect(log.metadata.severity == "critical")
        #expect(log.events.count == 1)
        #expect(log.events[0].milestoneHints == [.identified])
        #expect(log.timeZoneNote.hasPrefix("UTC"))
    }
}
