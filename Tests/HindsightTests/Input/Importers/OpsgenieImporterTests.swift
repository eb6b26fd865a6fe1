import Foundation
import Testing
@testable import Hindsight

@Suite struct OpsgenieImporterTests {
    @Test func readsAnAlertWithItsLogsNewestFirst() throws {
        let json = """
        {"alert": {"id": "a-1", "tinyId": "310", "message": "Checkout 5xx above 3%", "status": "closed", "priority": "P2",
                   "createdAt": "2026-04-04T22:00:00.500Z", "source": "Prometheus", "count": 4,
                   "report": {"ackTime": 120000, "closeTime": 3600000, "acknowledgedBy": "mo@example.com", "closedBy": "mo@example.com"}},
         "logs": [
           {"log": "Alert closed via API", "type": "system", "owner": "mo@example.com", "createdAt": "2026-04-04T23:00:00Z"},
           {"log": "Escalated to next level of Checkout escalation", "type": "system", "owner": "", "createdAt": "2026-04-04T22:10:00Z"},
           {"log": "Alert acknowledged via web", "type": "system", "owner": "mo@example.com", "createdAt": "2026-04-04T22:02:00Z"},
           {"log": "Viewed on [mobile]", "type": "alertRecipient", "owner": "mo@example.com", "createdAt": "2026-04-04T22:02:00Z"},
           {"log": 5, "createdAt": "2026-04-04T22:01:00Z"}
         ],
         "notes": [{"note": "Payment provider reports degraded API", "owner": "mo@example.com", "createdAt": "2026-04-04T22:05:00Z"}]}
        """
        let result = ImportTestSupport.read(json, name: "og.json")
        #expect(ExportImporters.detect(Data(json.utf8)) == .opsgenie)
        let log = try #require(result.logs.first)
        #expect(log.metadata.title == "Checkout 5xx above 3%")
        #expect(log.metadata.id == "310")
        #expect(log.metadata.severity == "P2")
        #expect(log.metadata.status == "closed")
        #expect(log.events.map(\.text) == [
            "Alert created: Checkout 5xx above 3% (source: Prometheus)",
            "Viewed on [mobile] (mo@example.com)",
            "Alert acknowledged via web (mo@example.com)",
            "Note from mo@example.com: Payment provider reports degraded API",
            "Escalated to next level of Checkout escalation",
            "Alert closed via API (mo@example.com)",
        ])
        #expect(log.events.map(ImportTestSupport.utc) == [
            "2026-04-04T22:00:00Z", "2026-04-04T22:02:00Z", "2026-04-04T22:02:00Z", "2026-04-04T22:05:00Z",
            "2026-04-04T22:10:00Z", "2026-04-04T23:00:00Z",
        ])
        #expect(log.events.map(\.milestoneHints) == [[.detected], [], [.acknowledged], [], [], [.resolved]])
        #expect(log.events[4].tags == ["escalated"])
        #expect(log.events[2].author == "mo@example.com")
        #expect(log.events[2].source == SourceLocation(file: "og.json", path: "$.logs[2]"))
        #expect(log.events[0].details == ["The alert fired 4 times."])
        // The report's ackTime/closeTime are not used: the logs record both.
        #expect(!log.events.contains { $0.origin?.contains("report") == true })
        #expect(result.diagnostics.contains { $0.location?.path == "$.logs[4]" })
    }

    @Test func derivesAcknowledgementFromTheReportWhenLogsLackIt() throws {
        let json = """
        {"data": {"id": "a-2", "tinyId": "311", "message": "Disk 95%", "createdAt": "2026-04-04T22:00:00Z",
                  "report": {"ackTime": 90000, "acknowledgedBy": "kai@example.com"}},
         "took": 0.1, "requestId": "r"}
        """
        let log = try #require(ImportTestSupport.read(json).logs.first)
        #expect(log.events.count == 2)
        #expect(ImportTestSupport.utc(log.events[1]) == "2026-04-04T22:01:30Z")
        #expect(log.events[1].milestoneHints == [.acknowledged])
        #expect(log.events[1].text == "Alert acknowledged by kai@example.com")
    }

    @Test func readsWebhooksWithEpochTimes() throws {
        let create = """
        {"action": "Create", "alert": {"alertId": "b-1", "message": "Redis memory high", "tinyId": "9",
          "createdAt": 1767225600123, "updatedAt": 1767225600123000456, "username": "ops@example.com", "priority": 2},
         "integrationName": "Webhook"}
        """
        let created = try #require(ImportTestSupport.read(create).logs.first)
        #expect(created.metadata.severity == "P2")
        #expect(created.events.first?.text == "Alert created: Redis memory high")
        #expect(created.events.first?.milestoneHints == [.detected])
        #expect(created.events.first.flatMap(ImportTestSupport.utc) == "2026-01-01T00:00:00Z")

        let acknowledge = """
        {"action": "Acknowledge", "alert": {"alertId": "b-1", "message": "Redis memory high", "tinyId": "9",
          "createdAt": 1767225600123, "updatedAt": 1767225960123000456, "username": "ops@example.com"},
         "integrationName": "Webhook"}
        """
        let acknowledged = try #require(ImportTestSupport.read(acknowledge).logs.first)
        #expect(acknowledged.events.first?.text == "Alert acknowledged by ops@example.com")
        #expect(acknowledged.events.first.flatMap(ImportTestSupport.utc) == "2026-01-01T00:06:00Z")
        #expect(acknowledged.events.first?.author == "ops@example.com")
        #expect(acknowledged.events.first?.origin == "Opsgenie webhook Acknowledge")

        let close = acknowledge.replacingOccurrences(of: "\"Acknowledge\"", with: "\"Close\"")
        #expect(ImportTestSupport.read(close).logs.first?.events.first?.milestoneHints == [.resolved])
    }

    @Test func logWordingMeansMilestones() {
        #expect(OpsgenieImporter.meaning(ofLog: "Alert acknowledged via Slack").hints == [.acknowledged])
        #expect(OpsgenieImporter.meaning(ofLog: "Alert unacknowledged via web").hints == [])
        #expect(OpsgenieImporter.meaning(ofLog: "Alert closed by rule").hints == [.resolved])
        #expect(OpsgenieImporter.meaning(ofLog: "Alert created via API").hints == [.detected])
        #expect(OpsgenieImporter.meaning(ofLog: "Escalated to Platform").tags == ["escalated"])
    }
}
