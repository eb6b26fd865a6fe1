import Foundation
import Testing
@testable import Hindsight

@Suite struct IncidentIOImporterTests {
    static let incident = """
    {"incident": {
      "id": "01HX", "reference": "INC-501", "name": "Webhook delivery delays", "summary": "Deliveries lagged by up to 40 minutes.",
      "created_at": "2026-02-10T09:12:00.123456Z", "creator": {"user": {"name": "Sam Reed"}},
      "severity": {"name": "Major"}, "incident_type": {"name": "Platform"}, "incident_status": {"name": "Closed", "category": "closed"},
      "incident_role_assignments": [
        {"role": {"name": "Incident Lead", "role_type": "lead"}, "assignee": {"name": "Sam Reed"}},
        {"role": {"name": "Comms", "role_type": "custom"}, "assignee": {"name": "Lee Wu"}},
        {"role": {"name": "Scribe", "role_type": "custom"}}
      ],
      "custom_field_entries": [
        {"custom_field": {"name": "Affected services"}, "values": [{"value_catalog_entry": {"name": "webhooks"}}, {"value_option": {"value": "queue"}}]},
        {"custom_field": {"name": "Team"}, "values": [{"value_text": "Platform"}]}
      ],
      "incident_timestamp_values": [
        {"incident_timestamp": {"name": "Impact started", "rank": 1}, "value": {"value": "2026-02-10T08:50:00Z"}},
        {"incident_timestamp": {"name": "Reported at", "rank": 2}, "value": {"value": "2026-02-10T09:12:00Z"}},
        {"incident_timestamp": {"name": "Accepted at", "rank": 3}, "value": {"value": "2026-02-10T09:15:00Z"}},
        {"incident_timestamp": {"name": "Fixed at", "rank": 4}, "value": {"value": "2026-02-10T09:40:00Z"}},
        {"incident_timestamp": {"name": "Resolved at", "rank": 5}, "value": {"value": "2026-02-10T10:05:00Z"}},
        {"incident_timestamp": {"name": "Closed at", "rank": 6}, "value": {"value": "2026-02-11T10:00:00Z"}},
        {"incident_timestamp": {"name": "Postmortem due", "rank": 7}},
        {"incident_timestamp": {"name": "Customer notified", "rank": 8}, "value": {"value": "not a time"}}
      ]}}
    """

    @Test func readsAnIncident() throws {
        let result = ImportTestSupport.read(Self.incident, name: "inc.json")
        #expect(ExportImporters.detect(Data(Self.incident.utf8)) == .incidentio)
        let log = try #require(result.logs.first)
        #expect(log.metadata.title == "Webhook delivery delays")
        #expect(log.metadata.id == "INC-501")
        #expect(log.metadata.severity == "Major")
        #expect(log.metadata.category == "Platform")
        #expect(log.metadata.status == "Closed")
        #expect(log.metadata.roles == [RoleAssignment(role: "commander", person: "Sam Reed"), RoleAssignment(role: "Comms", person: "Lee Wu")])
        #expect(log.metadata.services == ["webhooks", "queue"])
        #expect(log.sections.map(\.title) == ["Summary"])
        #expect(log.sections.first?.markdown == "Deliveries lagged by up to 40 minutes.")
        #expect(log.events.map(ImportTestSupport.utc) == [
            "2026-02-10T08:50:00Z", "2026-02-10T09:12:00Z", "2026-02-10T09:12:00Z", "2026-02-10T09:15:00Z",
            "2026-02-10T09:40:00Z", "2026-02-10T10:05:00Z", "2026-02-11T10:00:00Z",
        ])
        #expect(log.events.map(\.milestoneHints) == [[.impactStarted], [.detected], [], [.declared], [.mitigated], [.resolved], [.closed]])
        #expect(log.events[2].text == "Incident opened in incident.io: Webhook delivery delays by Sam Reed")
        #expect(log.events[0].text == "Impact started (incident.io timestamp)")
        #expect(log.events[0].source == SourceLocation(file: "inc.json", path: "$.incident.incident_timestamp_values[0]"))
        #expect(result.diagnostics.contains { $0.location?.path == "$.incident.incident_timestamp_values[7].value.value" })
    }

    @Test func readsUpdatesActionsAndFollowUps() throws {
        let updates = """
        {"incident_updates": [
          {"id": "u2", "created_at": "2026-02-10T09:45:00Z", "message": "Fix deployed, watching queues",
           "new_incident_status": {"name": "Monitoring", "category": "live"}, "updater": {"user": {"name": "Lee Wu"}}},
          {"id": "u1", "created_at": "2026-02-10T09:20:00Z", "message": "Investigating consumer lag",
           "new_incident_status": {"name": "Investigating", "category": "live"}, "new_severity": {"name": "Major"},
           "updater": {"workflow": {"name": "Auto-update"}}}
        ]}
        """
        let log = try #require(ImportTestSupport.read(updates).logs.first)
        #expect(log.events.map(\.text) == ["Status update (Investigating): Investigating consumer lag", "Status update (Monitoring): Fix deployed, watching queues"])
        #expect(log.events.map(\.author) == ["Auto-update", "Lee Wu"])
        #expect(log.events[0].details == ["Severity set to Major."])
        #expect(log.events[1].milestoneHints == [.mitigated])

        let actions = #"{"actions": [{"id": "a1", "description": "Scale consumers to 12", "status": "completed", "created_at": "2026-02-10T09:30:00Z", "completed_at": "2026-02-10T09:33:00Z", "assignee": {"name": "Lee Wu"}}]}"#
        let action = try #require(ImportTestSupport.read(actions).logs.first?.events.first)
        #expect(action.text == "Action: Scale consumers to 12 (assigned to Lee Wu)")
        #expect(action.tags == ["action"])
        #expect(action.details == ["Status: completed.", "Completed at 2026-02-10T09:33:00Z."])

        let followUps = """
        {"follow_ups": [
          {"id": "f1", "title": "Alert on consumer lag", "status": "outstanding", "assignee": {"name": "Lee Wu"},
           "priority": {"name": "High"}, "external_issue_reference": {"issue_name": "PLAT-9"}},
          {"id": "f2", "title": "Document the rollback", "status": "completed"}
        ]}
        """
        let section = try #require(ImportTestSupport.read(followUps).logs.first?.sections.first)
        #expect(section.role == .actionItems)
        #expect(section.markdown == "- [ ] Alert on consumer lag (owner: Lee Wu, priority: High, PLAT-9)\n- [x] Document the rollback")
    }

    @Test func selectsFromAList() {
        let list = """
        {"incidents": [
          {"id": "a", "reference": "INC-1", "name": "Cache stampede", "incident_status": {"name": "Closed"}},
          {"id": "b", "reference": "INC-2", "name": "DNS failure", "incident_status": {"name": "Live"}}
        ]}
        """
        #expect(ImportTestSupport.read(list).logs.count == 2)
        #expect(ImportTestSupport.read(list, incident: "inc-2").logs.map(\.metadata.title) == ["DNS failure"])
        #expect(ImportTestSupport.read(list, incident: "cache").logs.map(\.metadata.id) == ["INC-1"])
    }

    @Test func timestampNamesMapToMilestones() {
        #expect(IncidentIOImporter.milestone(forTimestamp: "Reported at") == .detected)
        #expect(IncidentIOImporter.milestone(forTimestamp: "Accepted at") == .declared)
        #expect(IncidentIOImporter.milestone(forTimestamp: "Impact started") == .impactStarted)
        #expect(IncidentIOImporter.milestone(forTimestamp: "Identified at") == .identified)
        #expect(IncidentIOImporter.milestone(forTimestamp: "Mitigated at") == .mitigated)
        #expect(IncidentIOImporter.milestone(forTimestamp: "Resolved at") == .resolved)
        #expect(IncidentIOImporter.milestone(forTimestamp: "Closed at") == .closed)
        #expect(IncidentIOImporter.milestone(forTimestamp: "Postmortem due") == nil)
    }

    @Test func readsAWebhook() throws {
        let json = """
        {"event_type": "public_incident.incident_created_v2",
         "public_incident.incident_created_v2": {"incident": {"id": "w", "reference": "INC-9", "name": "Queue stuck",
           "incident_status": {"name": "Triage", "category": "triage"}, "created_at": "2026-02-10T09:12:00Z"}}}
        """
        #expect(ExportImporters.detect(Data(json.utf8)) == .incidentio)
        let log = try #require(ImportTestSupport.read(json).logs.first)
        #expect(log.metadata.id == "INC-9")
        #expect(log.events.count == 1)
        #expect(log.events.first?.milestoneHints == [.declared])
    }
}
