import Foundation
import Testing
@testable import Hindsight

/// Hostile and broken exports produce diagnostics, never traps.
@Suite struct ImporterBadInputTests {
    @Test(arguments: [InputFormat.pagerduty, .opsgenie, .statuspage, .slack, .incidentio])
    func truncatedJSONIsAnErrorWithAPosition(format: InputFormat) throws {
        let result = ImportTestSupport.read("{\"log_entries\": [{\"type\": \"trigger_log_entry\", \"created_at\": \"2026-", name: "cut.json", format: format)
        #expect(result.logs.isEmpty)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location?.file == "cut.json")
        #expect(diagnostic.location?.line == 1)
        #expect(diagnostic.location?.path == "$.log_entries[0].created_at")
    }

    @Test(arguments: [InputFormat.pagerduty, .opsgenie, .statuspage, .slack, .incidentio])
    func deepNestingIsRefused(format: InputFormat) throws {
        let deep = String(repeating: "[", count: 100_000)
        #expect(ExportImporters.detect(Data(deep.utf8)) == nil)
        let result = ImportTestSupport.read(deep, format: format)
        #expect(result.logs.isEmpty)
        #expect(result.diagnostics.first?.message.contains("nested more than") == true)
    }

    @Test func deepNestingThroughTheEntryPointAndASlackFolder() {
        let deep = String(repeating: "{\"a\":[", count: 60_000)
        let result = ImportTestSupport.read(deep)
        #expect(result.diagnostics.containsErrors)
        let folder = IncidentReader.read(InputDocument(name: "x", content: .folder([
            "users.json": Data(deep.utf8), "c/2026-01-01.json": Data(deep.utf8),
        ])))
        #expect(folder.diagnostics.filter { $0.message.contains("nested") }.count == 2)
        #expect(folder.diagnostics.contains { $0.location?.file == "x/c/2026-01-01.json" })
    }

    @Test func wrongTypesAreWarningsWithPaths() throws {
        let pagerDuty = ImportTestSupport.read(#"{"log_entries": "many"}"#, format: .pagerduty)
        #expect(pagerDuty.diagnostics.contains { $0.location?.path == "$.log_entries" && $0.message.contains("should be an array") })

        let statuspage = ImportTestSupport.read("""
        {"incidents": [{"id": "a", "name": "x", "incident_updates": [
          {"status": "investigating", "body": 12, "created_at": "2026-13-01T00:00:00Z"},
          {"status": "resolved", "body": "ok", "created_at": "2026-01-01T01:00:00Z", "display_at": false},
          7
        ]}]}
        """)
        let log = try #require(statuspage.logs.first)
        #expect(log.events.count == 2)
        #expect(statuspage.diagnostics.contains { $0.location?.path == "$.incidents[0].incident_updates[0].body" })
        #expect(statuspage.diagnostics.contains { $0.location?.path == "$.incidents[0].incident_updates[0].created_at" && $0.message.contains("not a valid ISO-8601") })
        #expect(statuspage.diagnostics.contains { $0.location?.path == "$.incidents[0].incident_updates[1].display_at" })
        #expect(statuspage.diagnostics.contains { $0.location?.path == "$.incidents[0].incident_updates[2]" })
        #expect(log.events.first { $0.milestoneHints == [.resolved] }.flatMap(ImportTestSupport.utc) == "2026-01-01T01:00:00Z")

        let slack = ImportTestSupport.read(#"[{"type": "message", "ts": "1767225600.000000", "text": ["x"], "user": 5}, "junk"]"#, format: .slack)
        #expect(slack.diagnostics.contains { $0.location?.path == "$[0].text" })
        #expect(slack.diagnostics.contains { $0.location?.path == "$[1]" })

        let incidentIO = ImportTestSupport.read(#"{"incident": {"name": "x", "reference": "INC-1", "created_at": {"at": 1}, "incident_timestamp_values": "none"}}"#)
        #expect(incidentIO.logs.count == 1)
        #expect(incidentIO.diagnostics.contains { $0.location?.path == "$.incident.created_at" })
        #expect(incidentIO.diagnostics.contains { $0.location?.path == "$.incident.incident_timestamp_values" })
    }

    @Test func hugeAndOutOfRangeNumbers() throws {
        let opsgenie = ImportTestSupport.read("""
        {"action": "Create", "alert": {"alertId": "z", "message": "m", "createdAt": 1e400, "updatedAt": 99999999999999999999999999}, "integrationName": "w"}
        """)
        #expect(opsgenie.logs.first?.events.first?.time == nil)
        #expect(opsgenie.diagnostics.contains { $0.message.contains("number 1e400 is out of range") && $0.location?.path == "$.alert.createdAt" })
        let negative = ImportTestSupport.read(#"{"action": "Create", "alert": {"alertId": "z", "message": "m", "createdAt": -1}, "integrationName": "w"}"#)
        #expect(negative.diagnostics.contains { $0.location?.path == "$.alert.createdAt" && $0.message.contains("out of range") })
    }

    @Test func forcedFormatsNameWhatTheyExpect() {
        for format in [InputFormat.opsgenie, .statuspage, .incidentio] {
            let result = ImportTestSupport.read(#"{"something": "else"}"#, format: format)
            #expect(result.logs.isEmpty)
            #expect(result.diagnostics.first?.message.hasPrefix("expected a") == true)
            #expect(result.diagnostics.first?.message.contains("\"something\"") == true)
        }
        let opsgenieData = ImportTestSupport.read(#"{"data": "nothing", "took": 1}"#, format: .opsgenie)
        #expect(opsgenieData.diagnostics.first?.message.hasPrefix("expected an Opsgenie export") == true)
        let opsgenieEmpty = ImportTestSupport.read(#"{"data": [], "took": 1, "requestId": "r"}"#)
        #expect(opsgenieEmpty.logs.count == 1 && opsgenieEmpty.logs.first?.events.isEmpty == true)
        let slack = ImportTestSupport.read(#"{"messages": 1}"#, format: .slack)
        #expect(slack.diagnostics.first?.message.contains("expected a Slack export") == true)
        let folder = IncidentReader.read(InputDocument(name: "dir", content: .folder([:])), options: ReadingOptions(format: .pagerduty))
        #expect(folder.diagnostics.first?.message.contains("folder") == true)
        let emptyFolder = IncidentReader.read(InputDocument(name: "dir", content: .folder(["notes.txt": Data()])))
        #expect(emptyFolder.diagnostics.first?.message.contains("no Slack channel messages") == true)
    }
}
