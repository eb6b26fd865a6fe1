import Foundation
import Testing
@testable import Hindsight

@Suite struct TimelineCheckTests {
    @Test func entriesOutOfOrderAreWarnings() throws {
        let log = """
            ---
            timezone: Europe/Berlin
            ---

            ## Timeline

            ### 2026-03-04

            - 10:00 Queue depth alert fires.
            - 10:20 Consumers restarted.
            - 10:05 Page acknowledged.
            - 10:30 Queue drains.
            - 23:50 Last check of the evening.
            - 00:10 Still quiet after midnight.
            - 00:05 Written late, an entry from before.

            ### 2026-03-05

            - 08:00 Closed by the service desk.
            """
        let findings = Checking.findings(log)
        #expect(Checking.summary(findings) == ["11:3 timeline.order", "15:3 timeline.order"])
        let first = try #require(findings.first)
        #expect(first.severity == .warning)
        #expect(first.message == "entry at 10:05 is earlier than the entry before it (10:20)")
    }

    @Test func datedRowsTablesAndTwelveHourClocks() {
        let table = """
            # Search outage

            All times in UTC.

            ## Timeline

            | Time (UTC) | Event |
            |---|---|
            | 2026-02-17 14:47 | First ticket. |
            | 2026-02-17 --:-- | Watermark warnings, time unknown. |
            | 2026-02-17 15:30 | Alert fires. |
            | 2026-02-17 15:18 | On-call picks it up. |
            | 2026-02-18 10:00 | Closed. |
            """
        #expect(Checking.summary(Checking.findings(table)) == ["12:14 timeline.order"])

        let twelveHour = """
            # Certificate expiry

            All times are PDT.

            ## Timeline

            ### April 9, 2026

            - 9:00 PM: Certificate expires.
            - 11:58 PM: Half the pods restarted.
            - 12:21 AM: All pods on the new certificate.
            - 1:30 AM: Other certificates checked.
            - 1:10 AM: Status page resolved.
            """
        #expect(Checking.summary(Checking.findings(twelveHour)) == ["13:3 timeline.order"])
    }

    @Test func dayHeadingsStartANewDay() {
        let log = """
            ---
            date: 2026-03-04
            timezone: UTC
            ---

            ## Timeline

            ### March 4
            - 23:00 Batch job starts.
            - 23:40 Batch job slows down.

            ### March 5
            - 22:30 The next evening's run, a new day.

            Friday 6 March 2026

            - 21:00 Third evening.
            """
        #expect(Checking.findings(log).isEmpty, "\(Checking.summary(Checking.findings(log)))")
    }

    @Test func newestFirstListsAreCheckedFromTheEnd() {
        let log = """
            ## Timeline

            - 2026-03-04 11:05 UTC Resolved.
            - 2026-03-04 10:40 UTC Mitigated.
            - 2026-03-04 10:15 UTC Acknowledged.
            - 2026-03-04 10:12 UTC Detected.
            """
        #expect(Checking.findings(log).isEmpty)
    }

    @Test func datedTimesWithoutAZoneWarnOnce() throws {
        let log = """
            # Queue stall

            ## Timeline

            ### 2026-03-04

            - 10:00 Alert fires.
            - 10:05 Page acknowledged.
            - 10:40 Queue drains.
            """
        let findings = Checking.findings(log)
        #expect(Checking.summary(findings) == ["7:3 timeline.zone"])
        let finding = try #require(findings.first)
        #expect(finding.diagnostic.message.hasPrefix("times have no zone; add `timezone:` to the front matter"))
    }

    @Test(arguments: [
        "---\ntimezone: Europe/Berlin\n---\n",
        "All times are CET.\n",
        "_All times in UTC._\n",
        "Timezone: UTC\n",
    ])
    func aDeclaredZoneSatisfiesTheRule(_ header: String) {
        let log = header + "\n## Timeline\n\n- 2026-03-04 10:00 Alert fires.\n- 2026-03-04 10:05 Acknowledged.\n"
        #expect(Checking.findings(log).isEmpty, "\(Checking.summary(Checking.findings(log)))")
    }

    @Test func zonesOnEntriesHeadingsAndTableHeadersCount() {
        let onEntries = "## Timeline\n\n- 2026-03-04 10:00 CET Alert fires.\n- 2026-03-04T10:05Z Acknowledged.\n- 2026-03-04 10:09 +01:00 Declared.\n"
        #expect(Checking.findings(onEntries).isEmpty)
        let inHeading = "## Timeline (UTC)\n\n- 2026-03-04 10:00 Alert fires.\n"
        #expect(Checking.findings(inHeading).isEmpty)
        let inHeader = "## Timeline\n\n| Date and time in CET | Event |\n|---|---|\n| 2026-03-04 10:00 | Alert fires. |\n"
        #expect(Checking.findings(inHeader).isEmpty)
        // Undated times alone are not flagged: the date is as unknown as the zone.
        #expect(Checking.findings("## Timeline\n\n- 10:00 Alert fires.\n- 10:05 Acknowledged.\n").isEmpty)
    }

    @Test func reportsAreNotCheckedForTimelineOrder() {
        let report = """
            <!-- hindsight:begin header -->
            # Queue stall
            <!-- hindsight:end header -->

            ## Timeline

            - 2026-03-04 10:20 Consumers restarted.
            - 2026-03-04 10:05 Page acknowledged.
            """
        #expect(Checking.family("timeline", Checking.findings(report)).isEmpty)
    }

    @Test func withoutATimelineHeadingATimedSectionIsUsed() {
        let log = """
            # Notes

            ## What happened

            - 10:00 Alert fires.
            - 10:20 Consumers restarted.
            - 10:05 Page acknowledged.
            - 10:40 Queue drains.

            ## Impact

            - orders delayed for 40 minutes
            - 12:00 backlog cleared
            - 09:00 an earlier note, not a timeline
            - no customer contacts
            - one retry storm
            """
        #expect(Checking.summary(Checking.findings(log)) == ["7:3 timeline.order"])
    }

    @Test(arguments: [
        ("03:10 text", 190, false, "03:10"),
        ("**14:05 UTC** text", 845, true, "14:05"),
        ("2026-02-17 ~14:20 text", 860, false, "14:20"),
        ("9:41 PM PDT (04:41 UTC): text", 1301, true, "9:41 PM"),
        ("12:21 AM: text", 21, false, "12:21 AM"),
        ("2026-03-04T03:10:00+01:00 text", 190, true, "03:10:00"),
        ("10:00-10:05 a range", 600, false, "10:00"),
        ("7:09 AM Eastern: text", 429, true, "7:09 AM"),
    ] as [(String, Int, Bool, String)])
    func stampsAreRead(_ text: String, _ minutes: Int, _ hasZone: Bool, _ written: String) throws {
        let stamp = try #require(TimelineStamp(leading: Substring(text)))
        #expect(stamp.minutes == minutes)
        #expect(stamp.hasZone == hasZone)
        #expect(stamp.written == written)
    }

    @Test func unknownTimesAndNonTimes() {
        #expect(TimelineStamp(leading: "--:-- time unknown")?.minutes == nil)
        #expect(TimelineStamp(leading: "--:-- time unknown") != nil)
        #expect(TimelineStamp(leading: "Alert at 10:00") == nil)
        #expect(TimelineStamp(leading: "25:10 not a time") == nil)
        #expect(TimelineStamp(leading: "13:10 PM not a time") == nil)
        #expect(TimelineChecker.dateLine("Wednesday, April 9, 2026") == CalendarDate(year: 2026, month: 4, day: 9))
        #expect(TimelineChecker.dateLine("2026-03-04 (Wednesday)") == CalendarDate(year: 2026, month: 3, day: 4))
        #expect(TimelineChecker.dateLine("Notes from 2026-03-04 review") == nil)
        #expect(TimelineChecker.dateLine("March 6", year: 2026) == CalendarDate(year: 2026, month: 3, day: 6))
        #expect(TimelineChecker.dateLine("March 6") == nil)
        #expect(TimelineChecker.dateLine("Phase 2") == nil)
    }
}
