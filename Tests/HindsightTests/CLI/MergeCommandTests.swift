import Foundation
import Testing

/// Several inputs on one command line become one incident.
@Suite(.serialized) struct MergeCommandTests {
    static let notes = """
        ---
        title: Search latency after a config push
        id: INC-88
        severity: SEV2
        services: [search-api]
        timezone: Europe/Berlin
        date: 2026-05-02
        ---

        ## Timeline

        - 05:20 [impact] Config push to the search cache; latency starts to climb.
        - 05:31 Datadog alert fires for p99 latency.
        - 06:40 [resolved] Config push rolled back; latency normal.

        """

    static let pagerDuty = """
        {"log_entries": [
          {"id": "L3", "type": "resolve_log_entry", "summary": "Resolved by Ada Park", "created_at": "2026-05-02T04:41:00Z",
           "agent": {"summary": "Ada Park"}, "incident": {"id": "PX1", "summary": "[#88] Search latency above 2 s"}},
          {"id": "L2", "type": "acknowledge_log_entry", "created_at": "2026-05-02T03:39:00Z", "agent": {"summary": "Ben Ode"},
           "incident": {"id": "PX1", "summary": "[#88] Search latency above 2 s"}},
          {"id": "L1", "type": "trigger_log_entry", "summary": "Triggered", "created_at": "2026-05-02T03:31:00Z",
           "agent": {"type": "service_reference", "summary": "Datadog"}, "event_details": {"description": "p99 latency above 2 s"},
           "incident": {"id": "PX1", "summary": "[#88] Search latency above 2 s"}}
        ]}
        """

    @Test func notesAndAPagerDutyExportMergeIntoOneTimeline() throws {
        let folder = try CommandRunner.temporaryFolder()
        try Self.notes.write(to: folder.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        try Self.pagerDuty.write(to: folder.appendingPathComponent("pd.json"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["analyze", "notes.md", "pd.json", "--json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let incident = try #require(object["incident"] as? [String: Any])
        // Metadata comes from the first input that has it.
        #expect(incident["title"] as? String == "Search latency after a config push")
        #expect(incident["sources"] as? [String] == ["notes.md", "pd.json"])
        let events = try #require(object["events"] as? [[String: Any]])
        let files = Set(events.compactMap { ($0["source"] as? [String: Any])?["file"] as? String })
        #expect(files == ["notes.md", "pd.json"])
        // The Datadog alert in the notes and the PagerDuty trigger are the same moment: one event.
        let at0331 = events.filter { $0["time"] as? String == "2026-05-02T03:31:00Z" }
        #expect(at0331.count == 1)
        let milestones = try #require(object["milestones"] as? [String: Any])
        #expect(milestones["acknowledged"] as? String == "2026-05-02T03:39:00Z")
        #expect(milestones["impactStarted"] as? String == "2026-05-02T03:20:00Z")
        // Two sources disagree on the resolution by a minute: within tolerance, no conflict.
        #expect(!result.stderr.contains("disagree"))
    }

    @Test func conflictingMilestonesAreReported() throws {
        let folder = try CommandRunner.temporaryFolder()
        try Self.notes.replacingOccurrences(of: "- 06:40 [resolved]", with: "- 07:30 [resolved]")
            .write(to: folder.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        try Self.pagerDuty.write(to: folder.appendingPathComponent("pd.json"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["analyze", "notes.md", "pd.json"], in: folder)
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning:"))
        #expect(result.stderr.contains("pd.json"))
        let strict = try CommandRunner.run(["analyze", "notes.md", "pd.json", "--strict"], in: folder)
        #expect(strict.status == 1)
    }
}
