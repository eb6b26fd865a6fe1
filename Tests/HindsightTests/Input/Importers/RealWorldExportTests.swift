import Foundation
import Testing
@testable import Hindsight

/// Runs the importers over the shared real-world exports (skipped when the folder is
/// absent). Counts and instants were checked by hand against the files.
@Suite(.enabled(if: ImportTestSupport.hasRealWorldExports, "needs ../shared/realworld/exports"))
struct RealWorldExportTests {
    static let formats: [(String, InputFormat?)] = [
        ("pagerduty/log_entries_list.example.json", .pagerduty),
        ("pagerduty/incident_get.example.json", .pagerduty),
        ("pagerduty/incident_notes_list.example.json", .pagerduty),
        ("pagerduty/legacy_fixture_incident_log_entries_12_entries.json", .pagerduty),
        ("pagerduty/webhooks_v3/acknowledged_v3.json", .pagerduty),
        ("pagerduty/webhooks_v3/escalate_v3.json", .pagerduty),
        ("pagerduty/webhooks_v3/resolved_v3.json", .pagerduty),
        ("pagerduty/webhooks_v3/triggered_v3.json", .pagerduty),
        ("pagerduty/openapi_schema_fragments.json", nil),
        ("opsgenie/airbyte_unit_test_alert_and_alert_logs.json", .opsgenie),
        ("opsgenie/zulip_webhook_acknowledge.json", .opsgenie),
        ("opsgenie/zulip_webhook_close.json", .opsgenie),
        ("opsgenie/zulip_webhook_create.json", .opsgenie),
        ("opsgenie/zulip_webhook_escalate.json", .opsgenie),
        ("opsgenie/opsgenie-oas_swagger_fragments.json", nil),
        ("statuspage/emma_statuspage_incidents_api_v2_capture_2019-02.json", .statuspage),
        ("incident_io/incidents_v2_show.example.json", .incidentio),
        ("incident_io/incidents_v2_list.example.json", .incidentio),
        ("incident_io/incident_updates_v2_list.example.json", .incidentio),
        ("incident_io/incident_timestamps_v2_list.example.json", .incidentio),
        ("incident_io/incident_statuses_v1_list.example.json", .incidentio),
        ("incident_io/follow_ups_v2_list.example.json", .incidentio),
        ("incident_io/actions_v2_list.example.json", .incidentio),
        ("incident_io/openapi_schema_fragments.json", nil),
        ("slack/slack-export-viewer_testarchive/enrique/2016-01-15.json", .slack),
        ("slack/slack-export-viewer_testarchive/traveling-sailor/2016-03-26.json", .slack),
    ]

    @Test func everyFileIsDetectedAsItsFormat() throws {
        for (path, format) in Self.formats {
            let (_, data) = try ImportTestSupport.realWorldFile(path)
            #expect(ExportImporters.detect(data) == format, "\(path)")
        }
    }

    @Test func everyExportImportsWithoutErrors() throws {
        for (path, format) in Self.formats where format != nil {
            let result = try ImportTestSupport.readRealWorld(path)
            #expect(!result.diagnostics.containsErrors, "\(path): \(result.diagnostics.map(\.formatted))")
            #expect(!result.logs.isEmpty, "\(path)")
            for event in result.logs.flatMap(\.events) {
                #expect(!event.text.contains("\n"), "\(path): \(event.text)")
                #expect(event.source.file == (path as NSString).lastPathComponent)
                #expect(event.source.path?.hasPrefix("$") == true)
            }
        }
    }

    // MARK: PagerDuty

    @Test func pagerDutyLegacyLogEntries() throws {
        let log = try #require(try ImportTestSupport.readRealWorld("pagerduty/legacy_fixture_incident_log_entries_12_entries.json").logs.first)
        #expect(log.metadata.id == "12")
        #expect(log.metadata.title == "GO009: Create from go program updated")
        #expect(log.metadata.services == ["Test Service"])
        let events = log.events
        #expect(events.count == 12)
        #expect(events.map(\.origin) == [
            "trigger", "assign", "notify", "notify", "acknowledge", "unacknowledge", "notify", "notify", "escalate", "notify", "notify", "resolve",
        ].map { "PagerDuty \($0)_log_entry" })
        #expect(ImportTestSupport.utc(events[0]) == "2013-03-06T20:28:46Z")
        #expect(events[0].milestoneHints == [.detected])
        #expect(events[0].source.path == "$.log_entries[11]")
        #expect(ImportTestSupport.utc(events[4]) == "2013-03-06T20:29:30Z")
        #expect(events[4].text == "Acknowledged by Tim Wright")
        #expect(events[4].milestoneHints == [.acknowledged])
        #expect(ImportTestSupport.utc(events[8]) == "2013-03-06T21:00:30Z")
        #expect(events[8].text == "Escalated to Bob Smith after the acknowledgement timeout")
        #expect(events[8].tags == ["escalated"])
        #expect(events[9].text == "Notified Bob Smith by email")
        #expect(ImportTestSupport.utc(events[11]) == "2013-03-06T21:33:15Z")
        #expect(events[11].text == "Resolved by Tim Wright: Fixed")
        #expect(events[11].author == "Tim Wright")
        #expect(events.flatMap(\.milestoneHints) == [.detected, .acknowledged, .resolved])
    }

    @Test func pagerDutyRESTExamples() throws {
        let entries = try #require(try ImportTestSupport.readRealWorld("pagerduty/log_entries_list.example.json").logs.first)
        #expect(entries.events.count == 1)
        #expect(ImportTestSupport.utc(entries.events[0]) == "2015-11-07T00:14:20Z")
        #expect(entries.events[0].author == "My Mail Service")
        #expect(entries.metadata.id == "1234")

        let incident = try #require(try ImportTestSupport.readRealWorld("pagerduty/incident_get.example.json").logs.first)
        #expect(incident.metadata.title == "The server is on fire.")
        #expect(incident.metadata.severity == "P2")
        #expect(incident.events.count == 4)
        #expect(incident.events.map(ImportTestSupport.utc) == [
            "2015-10-06T21:30:42Z", "2015-11-10T00:31:52Z", "2015-11-10T00:32:52Z", "2018-08-16T21:55:17Z",
        ])
        #expect(incident.events[2].milestoneHints == [.acknowledged])

        let notes = try #require(try ImportTestSupport.readRealWorld("pagerduty/incident_notes_list.example.json").logs.first)
        #expect(notes.events.count == 2)
        #expect(notes.events.map(ImportTestSupport.utc) == ["2013-03-06T20:28:42Z", "2013-03-06T20:28:51Z"])
        #expect(notes.events[1].author == "Earline Greenholt")
    }

    @Test func pagerDutyWebhooks() throws {
        let expected: [(String, String, [MilestoneKind], String)] = [
            ("acknowledged_v3.json", "2021-06-04T13:55:30Z", [.acknowledged], "10"),
            ("escalate_v3.json", "2026-04-01T02:08:04Z", [], "5"),
            ("resolved_v3.json", "2021-06-04T13:16:53Z", [.resolved], "6"),
            ("triggered_v3.json", "2021-06-04T13:35:29Z", [.detected], "9"),
        ]
        for (file, instant, hints, id) in expected {
            let log = try #require(try ImportTestSupport.readRealWorld("pagerduty/webhooks_v3/\(file)").logs.first)
            #expect(log.events.count == 1)
            #expect(log.events.first.flatMap(ImportTestSupport.utc) == instant, "\(file)")
            #expect(log.events.first?.milestoneHints == hints, "\(file)")
            #expect(log.metadata.id == id)
            #expect(log.events.first?.source.path == "$.event")
        }
        let escalation = try #require(try ImportTestSupport.readRealWorld("pagerduty/webhooks_v3/escalate_v3.json").logs.first)
        #expect(escalation.events.first?.text == "Escalated to Harsh Santwani (escalation policy Default)")
        #expect(escalation.metadata.severity == "P1")
    }

    // MARK: Opsgenie

    @Test func opsgenieAlertAndLogs() throws {
        let log = try #require(try ImportTestSupport.readRealWorld("opsgenie/airbyte_unit_test_alert_and_alert_logs.json").logs.first)
        #expect(log.metadata.title == "Our servers are in danger")
        #expect(log.metadata.id == "1791")
        #expect(log.metadata.severity == "P4")
        #expect(log.events.count == 6)
        #expect(ImportTestSupport.utc(log.events[0]) == "2017-03-21T20:32:52Z")
        #expect(log.events[0].milestoneHints == [.detected])
        let acknowledged = try #require(log.events.first { $0.milestoneHints == [.acknowledged] })
        #expect(ImportTestSupport.utc(acknowledged) == "2017-04-12T12:27:52Z")
        #expect(acknowledged.author == "neo@opsgenie.com")
        #expect(acknowledged.source.path == #"$["GET /v2/alerts/70413a06-38d6-4c85-92b8-5ebc900d42e2/logs"].data[0]"#)
        // The close comes from the alert report: createdAt + 60 503 ms.
        let closed = try #require(log.events.first { $0.milestoneHints == [.resolved] })
        #expect(ImportTestSupport.utc(closed) == "2017-03-21T20:33:52Z")
    }

    @Test func opsgenieWebhooks() throws {
        let expected: [(String, String?, [MilestoneKind])] = [
            ("zulip_webhook_create.json", "2017-08-14T11:25:56Z", [.detected]),
            ("zulip_webhook_acknowledge.json", "2015-01-05T10:03:44Z", [.acknowledged]),
            ("zulip_webhook_close.json", "2015-01-05T10:06:14Z", [.resolved]),
            ("zulip_webhook_escalate.json", nil, []),
        ]
        for (file, instant, hints) in expected {
            let log = try #require(try ImportTestSupport.readRealWorld("opsgenie/\(file)").logs.first)
            #expect(log.events.count == 1)
            #expect(log.events.first.flatMap(ImportTestSupport.utc) == instant, "\(file)")
            #expect(log.events.first?.milestoneHints == hints, "\(file)")
        }
        let acknowledged = try #require(try ImportTestSupport.readRealWorld("opsgenie/zulip_webhook_acknowledge.json").logs.first?.events.first)
        // updatedAt 1420452224764002246 is nanoseconds.
        #expect(abs((acknowledged.time?.instant.timeIntervalSince1970 ?? 0) - 1_420_452_224.764) < 0.001)
        #expect(acknowledged.author == "fili@ifountain.com")
        let escalated = try #require(try ImportTestSupport.readRealWorld("opsgenie/zulip_webhook_escalate.json").logs.first?.events.first)
        #expect(escalated.text == "Alert escalated to test@ifountain.com (escalation test_esc)")
        #expect(escalated.tags == ["escalated"])
    }

    // MARK: Statuspage

    @Test func statuspageIncidents() throws {
        let result = try ImportTestSupport.readRealWorld("statuspage/emma_statuspage_incidents_api_v2_capture_2019-02.json")
        #expect(result.logs.count == 22)
        #expect(result.logs.reduce(0) { $0 + $1.events.count } == 105)
        let first = result.logs[0]
        #expect(first.metadata.id == "x0ljvc9m1wxj")
        #expect(first.metadata.severity == "none")
        #expect(first.events.map(ImportTestSupport.utc) == ["2019-02-20T18:00:19Z", "2019-02-20T18:32:43Z", "2019-02-20T19:11:24Z", "2019-02-20T19:40:58Z"])
        #expect(first.events.map(\.milestoneHints) == [[.declared], [.identified], [.mitigated], [.resolved]])
        #expect(first.events[0].time?.zone == "America/Chicago")
        let outage = try #require(result.logs.first { $0.metadata.id == "xh0dgnswvwk5" })
        #expect(outage.metadata.services.first == "Web Application - Home")
        #expect(outage.events[0].details.contains { $0.hasPrefix("Components: Web Application - Home (operational → major outage)") })

        // Backdated updates: display_at is used, created_at kept in details.
        let backdated = try #require(result.logs.first { $0.metadata.id == "3m89ls8svt0r" })
        #expect(backdated.events.count == 8)
        #expect(backdated.events.map(ImportTestSupport.utc) == [
            "2017-06-23T13:08:00Z", "2017-06-23T13:38:00Z", "2017-06-23T13:48:00Z", "2017-06-23T17:35:00Z",
            "2017-06-23T20:17:00Z", "2017-06-23T20:26:00Z", "2017-06-23T21:30:00Z", "2017-06-23T21:41:00Z",
        ])
        #expect(backdated.events.map(\.milestoneHints) == [[.declared], [.identified], [.mitigated], [], [], [], [], [.resolved]])
        #expect(backdated.events[0].details == ["Posted at 2017-07-07T12:47:21.033-05:00; the status page shows it at 2017-06-23T08:08:00.000-05:00."], "\(backdated.events[0].details)")
        #expect(result.diagnostics.filter { $0.message.contains("posted later") }.count == 5)

        let selected = try ImportTestSupport.readRealWorld("statuspage/emma_statuspage_incidents_api_v2_capture_2019-02.json", incident: "xh0dgnswvwk5")
        #expect(selected.logs.count == 1)
        #expect(selected.logs.first?.events.count == 9)
        #expect(selected.logs.first?.events.first.flatMap(ImportTestSupport.utc) == "2018-07-03T20:58:13Z")
        let byName = try ImportTestSupport.readRealWorld("statuspage/emma_statuspage_incidents_api_v2_capture_2019-02.json", incident: "application is currently down")
        #expect(byName.logs.count == 2)
    }

    // MARK: incident.io

    @Test func incidentIOExamples() throws {
        let show = try #require(try ImportTestSupport.readRealWorld("incident_io/incidents_v2_show.example.json").logs.first)
        #expect(show.metadata.id == "INC-123")
        #expect(show.metadata.title == "Our database is sad")
        #expect(show.metadata.severity == "Minor")
        #expect(show.metadata.roles == [RoleAssignment(role: "commander", person: "Lisa Karlin Curtis")])
        #expect(show.events.count == 2)
        #expect(show.events.map(ImportTestSupport.utc) == ["2021-08-17T13:28:57Z", "2021-08-17T13:28:57Z"])
        #expect(show.events.map(\.milestoneHints) == [[.impactStarted], [.declared]])
        #expect(show.sections.first?.role == .summary)

        let list = try ImportTestSupport.readRealWorld("incident_io/incidents_v2_list.example.json")
        #expect(list.logs.count == 1)
        #expect(list.logs.first?.events.count == 2)

        let updates = try #require(try ImportTestSupport.readRealWorld("incident_io/incident_updates_v2_list.example.json").logs.first)
        #expect(updates.events.count == 1)
        #expect(updates.events.first?.author == "Lisa Karlin Curtis")
        #expect(updates.events.first.flatMap(ImportTestSupport.utc) == "2021-08-17T13:28:57Z")
        #expect(updates.events.first?.text == "Status update (Closed): We're working on a fix, hoping to ship in the next 30 minutes")

        let actions = try #require(try ImportTestSupport.readRealWorld("incident_io/actions_v2_list.example.json").logs.first)
        #expect(actions.events.count == 1)
        #expect(actions.events.first?.tags == ["action"])

        let followUps = try #require(try ImportTestSupport.readRealWorld("incident_io/follow_ups_v2_list.example.json").logs.first)
        #expect(followUps.events.isEmpty)
        #expect(followUps.sections.first?.markdown.hasPrefix("- [ ] Cat is stuck in the tree (owner: Lisa Karlin Curtis") == true)

        for definitions in ["incident_io/incident_timestamps_v2_list.example.json", "incident_io/incident_statuses_v1_list.example.json"] {
            let result = try ImportTestSupport.readRealWorld(definitions)
            #expect(result.logs.first?.events.isEmpty == true)
            #expect(result.diagnostics.contains { $0.severity == .note && $0.message.contains("holds no events") })
        }
    }

    // MARK: Slack

    static func slackFolder() throws -> [String: Data] {
        guard let root = ImportTestSupport.realWorldExports?.appendingPathComponent("slack/slack-export-viewer_testarchive") else { return [:] }
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "json" else { continue }
            files[String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test func slackExportFolder() throws {
        let files = try Self.slackFolder()
        #expect(files.count == 20)
        let result = IncidentReader.read(InputDocument(name: "archive", content: .folder(files)))
        #expect(!result.diagnostics.containsErrors)
        let events = try #require(result.logs.first).events
        #expect(events.count == 147)
        #expect(result.diagnostics.contains { $0.message.contains("bot_add: 3, channel_join: 8") })
        #expect(ImportTestSupport.utc(events[0]) == "2016-01-15T05:55:52Z")
        #expect(events[0].text == "@Harry Potter: Created an issue for a setup.py so that it can be installed to a standard place")
        #expect(events[0].author == "Hamza Faran")
        let first15 = try #require(events.first { $0.writtenTime == "1452845865.000008" })
        #expect(ImportTestSupport.utc(first15) == "2016-01-15T08:17:45Z")
        #expect(first15.time?.instant.timeIntervalSince1970 == 1_452_845_865.000008)
        #expect(first15.author == "Harry Potter")
        #expect(first15.source == SourceLocation(file: "archive/enrique/2016-01-15.json", path: "$[0]"))
        #expect(ImportTestSupport.utc(events[events.count - 1]) == "2016-03-29T12:33:06Z")
        #expect(events.last?.origin == "Slack #traveling-sailor bot_message")

        let enrique = IncidentReader.read(InputDocument(name: "archive", content: .folder(files)), options: ReadingOptions(incident: "enrique"))
        #expect(enrique.logs.first?.events.count == 96)
        let sailor = IncidentReader.read(InputDocument(name: "archive", content: .folder(files)), options: ReadingOptions(incident: "#traveling-sailor"))
        #expect(sailor.logs.first?.events.count == 51)
        let upload = try #require(sailor.logs.first?.events.first { $0.origin == "Slack #traveling-sailor file_share" })
        #expect(upload.text == "@Hermione Granger uploaded a file: [100 cities](https://mesos-magellan.slack.com/files/U0BMS113R/F0VNAKDE2/100_cities.js)")
    }

    @Test func slackDayFile() throws {
        let log = try #require(try ImportTestSupport.readRealWorld("slack/slack-export-viewer_testarchive/enrique/2016-01-15.json").logs.first)
        #expect(log.events.count == 6)
        #expect(ImportTestSupport.utc(log.events[0]) == "2016-01-15T08:17:45Z")
        #expect(log.events[0].author == "U0BMYT2FL")
        #expect(ImportTestSupport.utc(log.events[5]) == "2016-01-15T09:21:17Z")

        let sailor = try #require(try ImportTestSupport.readRealWorld("slack/slack-export-viewer_testarchive/traveling-sailor/2016-03-26.json").logs.first)
        #expect(sailor.events.count == 14)
        #expect(ImportTestSupport.utc(sailor.events[0]) == "2016-03-26T22:55:36Z")
        #expect(sailor.events[0].text == "`{`")
        #expect(sailor.events[0].details.first?.hasPrefix("```\n{\n\"cities\": {") == true)
        #expect(ImportTestSupport.utc(sailor.events[10]) == "2016-03-27T04:27:46Z")
        #expect(sailor.events[10].origin == "Slack file_share")
        #expect(ImportTestSupport.utc(sailor.events[13]) == "2016-03-27T06:23:09Z")
        #expect(sailor.events[13].author == "bot B0JL6UFSL")
    }
}
