import Foundation
import Testing
@testable import Hindsight

@Suite struct TimelineShapeTests {
    @Test func nativeTimelineEntries() throws {
        let log = try #require(try MarkdownFixtures.read("native.md").only)
        let events = log.events
        #expect(events.count == 6)
        #expect(events.map(\.utc) == [
            "2026-03-04T02:00:00Z", "2026-03-04T02:04:00Z", "2026-03-04T02:10:00Z", "2026-03-04T02:15:00Z", nil,
            "2026-03-04T02:20:00Z",
        ])
        #expect(events[0].text == "Alert: zero-hit rate above 40%.")
        #expect(events[0].tags == ["detected"])
        #expect(events[0].details == ["The alert fired twice before anyone looked.", "nested note one", "nested note two"])
        #expect(events[0].source.description == "native.md:37:3")
        #expect(events[1].tags == ["acknowledged", "paged"])
        #expect(events[1].text == "On-call picked up the page.")
        #expect(events[2].time?.zone == "CET")
        #expect(events[2].writtenTime == "2026-03-04 03:10 CET")
        #expect(events[2].text == "Full date, time and zone.")
        #expect(events[3].text == "Dash separated text with `code` and [a link](https://example.com).")
        #expect(events[4].time == nil)
        #expect(events[4].writtenTime == "--:--")
        #expect(events[4].text == "Nobody knows when the cache was flushed.")
        #expect(events[5].tags.isEmpty)
        #expect(events[5].text == "[db] Unknown tag stays in the text.")
        #expect(events.allSatisfy { $0.time == nil || $0.time?.precision == .minute })
    }

    @Test func clockShapes() throws {
        let result = try MarkdownFixtures.read("shapes-clock.md")
        #expect(result.diagnostics.isEmpty)
        let log = try #require(result.only)
        #expect(log.timeZoneNote == "UTC (stated in the document: \"All times in UTC\")")
        let events = log.events
        #expect(events.count == 30)
        let expected: [(String, String?, String)] = [
            ("09:00", "2026-01-14T09:00:00Z", "Plain dash"),
            ("09:01", "2026-01-14T09:01:00Z", "Colon separated"),
            ("09:02", "2026-01-14T09:02:00Z", "Pipe separated"),
            ("09:03 UTC", "2026-01-14T09:03:00Z", "Bold time with zone"),
            ("09:04 UTC", "2026-01-14T09:04:00Z", "**bold runs through the text**"),
            ("09:05", "2026-01-14T09:05:00Z", "Bracketed time"),
            ("01-14 09:06", "2026-01-14T09:06:00Z", "Bracketed month-day"),
            ("2026/01/14 09:07", "2026-01-14T09:07:00Z", "Slash date"),
            ("2026-01-14T09:08:30Z", "2026-01-14T09:08:30Z", "ISO instant"),
            ("9:09am", "2026-01-14T09:09:00Z", "Lowercase meridiem"),
            ("9:10 PM", "2026-01-14T21:10:00Z", "Evening twelve-hour clock"),
            ("Jan 14, 10:18 AM", "2026-01-14T10:18:00Z", "Month name first"),
            ("14 Jan 2026 10:19", "2026-01-14T10:19:00Z", "Day first with year"),
            ("10:20", "2026-01-14T10:20:00Z", "~ no, this tilde is text"),
        ]
        for (index, (written, instant, text)) in expected.enumerated() {
            #expect(events[index].writtenTime == written, "entry \(index)")
            #expect(events[index].utc == instant, "entry \(index)")
            #expect(events[index].text == text, "entry \(index)")
            #expect(events[index].time?.approximate == false, "entry \(index)")
        }
        #expect(events[8].time?.precision == .second)
        // Approximate: `~`, `±`, `approx.`, `about`, `-ish`, `circa`.
        for index in 14...19 {
            #expect(events[index].time?.approximate == true, "entry \(index)")
        }
        #expect(events[14].utc == "2026-01-14T10:21:00Z")
        #expect(events[18].writtenTime == "10:25-ish")
        #expect(events[18].text == "Ish suffix")
        // Ranges.
        #expect(events[20].utc == "2026-01-14T10:30:00Z")
        #expect(events[20].endUTC == "2026-01-14T10:35:00Z")
        #expect(events[20].text == "Dash range")
        #expect(events[21].endUTC == "2026-01-14T10:45:00Z")
        // Unknown times keep their place.
        #expect(events[22...24].map(\.time) == [nil, nil, nil])
        #expect(events[22...24].map(\.writtenTime) == ["??:??", "TBD", "???"])
        #expect(events[24].text == "Unknown in brackets")
        // Markers stay in the text.
        #expect(events[25].text == "OUTAGE BEGINS checkout returns 500")
        // Date only.
        #expect(events[26].time?.precision == .day)
        #expect(events[26].utc == "2026-01-14T00:00:00Z")
        #expect(events[27].utc == "2026-01-14T21:45:00Z")
        #expect(events[27].endUTC == "2026-01-14T23:28:00Z")
        #expect(events[28].utc == "2026-01-14T23:50:00Z")
        #expect(events[28].endUTC == "2026-01-15T00:10:00Z")
        #expect(events[29].utc == "2026-01-15T00:30:00Z")
        #expect(events[29].tags == ["mitigated"])
    }

    @Test func zoneShapes() throws {
        let result = try MarkdownFixtures.read("shapes-zones.md")
        let log = try #require(result.only)
        #expect(log.timeZoneNote == "Europe/Berlin (stated in the document: \"times in Europe/Berlin\")")
        let expected: [(String?, String)] = [
            ("2026-07-01T08:00:00Z", "Europe/Berlin"),
            ("2026-07-01T10:01:00Z", "UTC"),
            ("2026-07-01T10:02:00Z", "GMT"),
            ("2026-07-01T08:03:00Z", "+02:00"),
            ("2026-07-01T08:04:00Z", "UTC+2"),
            ("2026-07-01T17:05:00Z", "PDT"),
            ("2026-07-01T14:06:00Z", "EDT"),
            ("2026-07-01T08:07:00Z", "CEST"),
            ("2026-07-01T14:08:00Z", "Eastern"),
            ("2026-07-01T17:09:00Z", "Pacific Time"),
            ("2026-07-01T17:10:00Z", "US/Pacific"),
            ("2026-07-01T14:11:00Z", "America/New_York"),
            ("2026-07-01T17:14:00Z", "UTC"),
            ("2026-07-01T18:15:00Z", "UTC"),
            ("2026-07-02T03:00:15Z", "UTC"),
        ]
        #expect(log.events.count == expected.count)
        for (event, (instant, zone)) in zip(log.events, expected) {
            #expect(event.utc == instant, "\(event.text)")
            #expect(event.time?.zone == zone, "\(event.text)")
        }
        #expect(log.events[8].text == "Eastern word")
        #expect(log.events[9].text == "Pacific with Time")
        #expect(log.events[12].writtenTime == "13:14 EDT (17:14 UTC)")
        #expect(log.events[12].text == "Two agreeing readings")
        // Only the disagreeing pair warns, at its second reading.
        #expect(result.diagnostics.map(\.formatted) == [
            "shapes-zones.md:20:14: warning: the two readings of this time disagree (2026-07-01T17:15:00Z and 2026-07-01T18:15:00Z); using the UTC one",
        ])
    }

    @Test func daylightSavingChangesInNewYork() throws {
        let log = try #require(try MarkdownFixtures.read("dst.md").only)
        #expect(log.events.map(\.utc) == [
            "2026-03-08T06:30:00Z",  // 01:30 EST
            "2026-03-08T07:30:00Z",  // 03:30 EDT, one hour of wall clock skipped
            "2026-11-01T04:30:00Z",  // 00:30 EDT
            "2026-11-01T05:30:00Z",  // 01:30 read as the earlier (EDT) one
            "2026-11-01T08:00:00Z",  // 03:00 EST
        ])
        #expect(log.events.allSatisfy { $0.time?.zone == "America/New_York" })
    }

    @Test func daylightSavingWithTheTimezoneOption() {
        let text = "## Timeline\n\n- 2026-03-29 01:59 before\n- 2026-03-29 03:00 after\n- 2026-10-25 02:30 twice\n"
        let zone = NamedZone(name: "Europe/Berlin", zone: TimeZone(identifier: "Europe/Berlin")!)
        let result = MarkdownLogReader.read(text: text, name: "f.md", options: ReadingOptions(timeZone: zone))
        #expect(result.only?.events.map(\.utc) == ["2026-03-29T00:59:00Z", "2026-03-29T01:00:00Z", "2026-10-25T00:30:00Z"])
        #expect(result.only?.timeZoneNote == "Europe/Berlin (--timezone)")
    }

    @Test func dayHeadingsDateLinesAndMidnight() throws {
        let result = try MarkdownFixtures.read("headings-and-dates.md")
        #expect(result.diagnostics.isEmpty)
        let log = try #require(result.only)
        #expect(log.metadata.title == "Payment retries doubled")
        #expect(log.events.map(\.utc) == [
            "2026-03-04T23:40:00Z", "2026-03-04T23:58:00Z",
            "2026-03-05T00:20:00Z",  // rolled past midnight
            "2026-03-05T00:15:00Z",  // a few minutes back: same day
            "2026-03-06T08:00:00Z",  // `#### March 6`, year from front matter
            "2026-03-06T09:00:00Z",  // bare date line
            "2026-03-07T09:30:00Z",  // paragraph led by a time
            "2026-03-07T09:45:00Z",
        ])
        #expect(log.events[6].text == "Prose paragraph led by a time.")
        #expect(log.events[6].details == ["Its second line wraps the same sentence\nand keeps going. A new sentence on the same line."])
        #expect(log.events[6].source.description == "headings-and-dates.md:24:1")
        #expect(log.events[7].source.description == "headings-and-dates.md:27:1")
        #expect(log.timeZoneNote == "UTC (default)")
    }

    @Test func newestFirstListsGoBackADayAtMidnight() throws {
        let log = try #require(try MarkdownFixtures.read("newest-first.md").only)
        #expect(log.events.map(\.utc) == [
            "2026-02-10T02:10:00Z", "2026-02-10T01:40:00Z", "2026-02-10T00:20:00Z", "2026-02-09T23:50:00Z",
            "2026-02-09T23:30:00Z",
        ])
        #expect(log.events.map(\.text) == ["Resolved", "Fix deployed", "Cause found", "Paged", "Impact starts"])
    }

    @Test func tableWithTimeWhoAndWhat() throws {
        let result = try MarkdownFixtures.read("table.md")
        #expect(result.diagnostics.isEmpty)
        let log = try #require(result.only)
        #expect(log.timeZoneNote == "UTC (stated in the document: \"When (UTC)\")")
        #expect(log.events.map(\.utc) == ["2026-05-02T14:00:00Z", "2026-05-02T14:05:00Z", nil, "2026-05-02T14:30:00Z"])
        #expect(log.events.map(\.text) == ["Disk alarm on **db-2**", "Replica promoted \\| manually", "Unknown moment", "Writes flowing"])
        #expect(log.events.map(\.author) == ["Ada", nil, "Ben", "Ada"])
        #expect(log.events[2].writtenTime == "2026-05-02 --:--")
        #expect(log.events[3].tags == ["resolved"])
        #expect(log.events[0].source.description == "table.md:9:3")
        #expect(log.sections.map(\.title) == ["Timeline"])
        #expect(log.sections.first?.markdown == "Trailing note kept in the Timeline section.")
    }

    @Test func tableFoundByContentWithoutHeader() {
        let text = "---\ndate: 2026-05-02\n---\n## Log\n\n| deploy started | 10:00 |\n| rollback | 10:20 |\n"
        let result = MarkdownLogReader.read(text: text, name: "f.md", options: ReadingOptions())
        #expect(result.only?.events.map(\.utc) == ["2026-05-02T10:00:00Z", "2026-05-02T10:20:00Z"])
        #expect(result.only?.events.map(\.text) == ["deploy started", "rollback"])
    }

    @Test func textOnTheLineAfterTheTime() throws {
        let log = try #require(try MarkdownFixtures.read("text-after-time.md").only)
        #expect(log.events.count == 3)
        #expect(log.events[0].utc == "2026-04-02T16:15:00Z")
        #expect(log.events[0].text == "The text sits on the next line, wrapped over two lines.")
        #expect(log.events[0].details == ["A second sentence goes to details."])
        #expect(log.events[0].time?.zone == "US/Pacific")
        #expect(log.events[1].text == "Short one.")
        #expect(log.events[2].time == nil)
        #expect(log.events[2].writtenTime == nil)
        #expect(log.events[2].text == "Untimed bullet kept in place.")
    }

    @Test func impossibleAndPlaceholderDates() throws {
        let result = try MarkdownFixtures.read("problems.md")
        #expect(result.diagnostics.map(\.formatted) == [
            "problems.md:7:3: error: '2026-02-30' is not a day of the calendar; the entry is kept without a time",
            "problems.md:8:3: error: '25:61' is not a time of day; the entry is kept without a time",
            "problems.md:9:3: warning: 'YYYY-MM-DD' is a placeholder, not a date; the entry is kept without a time",
        ])
        let log = try #require(result.only)
        #expect(log.events.map(\.utc) == [nil, nil, nil, "2026-02-27T10:15:00Z"])
        #expect(log.events.map(\.writtenTime) == ["2026-02-30 10:00", "25:61", "YYYY-MM-DD", "10:15"])
    }

    @Test func missingDateIsOneError() throws {
        let result = try MarkdownFixtures.read("no-date.md")
        #expect(result.diagnostics.count == 1)
        let error = try #require(result.errors.first)
        #expect(error.location?.description == "no-date.md:3:3")
        #expect(error.message.contains("`date: YYYY-MM-DD`"))
        #expect(error.message.contains("--date YYYY-MM-DD"))
        #expect(result.only?.events.map(\.time) == [nil, nil, nil])
        #expect(result.only?.events.map(\.writtenTime) == ["10:00", "10:05", "Jan 14 10:10"])
    }

    @Test func dateOptionSuppliesDateAndYear() throws {
        let result = try MarkdownFixtures.read("no-date.md", options: ReadingOptions(date: CalendarDate("2026-01-13")))
        #expect(result.diagnostics.isEmpty)
        #expect(result.only?.events.map(\.utc) == ["2026-01-13T10:00:00Z", "2026-01-13T10:05:00Z", "2026-01-14T10:10:00Z"])
    }

    @Test func yearFromADatedEntryInTheDocument() {
        let text = "## Timeline\n\n- 2025-12-30 09:00 dated\n- Dec 31 10:00 month-day takes 2025\n- 11:00 carries the day\n"
        let result = MarkdownLogReader.read(text: text, name: "f.md", options: ReadingOptions())
        #expect(result.diagnostics.isEmpty)
        #expect(result.only?.events.map(\.utc) == ["2025-12-30T09:00:00Z", "2025-12-31T10:00:00Z", "2025-12-31T11:00:00Z"])
    }

    @Test func noTimelineSaysWhatWasLookedFor() throws {
        let result = try MarkdownFixtures.read("no-timeline.md")
        let error = try #require(result.errors.first)
        #expect(error.location?.description == "no-timeline.md")
        #expect(error.message.contains("`Timeline` heading"))
        #expect(error.message.contains("`**14:05 UTC**`"))
        #expect(error.message.contains("table"))
        // What the author wrote is still kept.
        #expect(result.only?.sections.map(\.title) == ["Summary"])
    }

    @Test func timelineFoundWithoutATimelineHeading() throws {
        let result = try MarkdownFixtures.read("fallback.md")
        #expect(result.diagnostics.isEmpty)
        let log = try #require(result.only)
        #expect(log.events.count == 3)
        #expect(log.events.last?.utc == "2026-08-01T12:40:00Z")
        #expect(log.sections.map(\.title) == ["", "Follow-ups"])
        #expect(log.sections.first?.markdown == "Intro line before any heading.")
    }

    @Test func scannerKeepsOrdinaryTextOut() {
        let zones = ZoneCache()
        for text in ["3 nodes failed", "May have caused it", "10:00abc", "404 errors", "version 1.2.3", "[detected] 03:00"] {
            #expect(TimeExpressionScanner.scanEntryPrefix(Array(text.utf8), zones: zones) == nil, "\(text)")
        }
        let central = TimeExpressionScanner.scanEntryPrefix(Array("10:00 Central team paged".utf8), zones: zones)
        #expect(central?.zoneName == nil)
        let spaced = TimeExpressionScanner.scanEntryPrefix(Array("10:00 - 10 nodes drained".utf8), zones: zones)
        #expect(spaced?.endClock == nil)
        #expect(spaced.map { String(decoding: Array("10:00 - 10 nodes drained".utf8)[$0.textStart...], as: UTF8.self) } == "10 nodes drained")
    }

    /// The forms after a clock that the scanner tells apart byte by byte: approximation
    /// suffixes, zones in capitals and lowercase, zone words, and ordinary words of the
    /// same shape.
    @Test func suffixesAndZoneWordsAfterAClock() {
        let zones = ZoneCache()
        func scan(_ text: String) -> (written: String, zone: String?, approximate: Bool, text: String)? {
            let bytes = Array(text.utf8)
            guard let expression = TimeExpressionScanner.scanEntryPrefix(bytes, zones: zones) else { return nil }
            return (
                String(decoding: bytes[expression.writtenStart..<expression.writtenEnd], as: UTF8.self), expression.zoneName,
                expression.approximate, String(decoding: bytes[expression.textStart...], as: UTF8.self)
            )
        }
        let approximate: [(String, String)] = [
            ("10:00-ish pods restarted", "10:00-ish"), ("10:00 ish pods restarted", "10:00 ish"),
            ("10:00ish pods restarted", "10:00ish"), ("10:00 ISH pods restarted", "10:00 ISH"),
            ("10:00? pods restarted", "10:00?"), ("10:00 UTC-ish pods restarted", "10:00 UTC-ish"),
        ]
        for (text, written) in approximate {
            let found = scan(text)
            #expect(found?.written == written, "\(text)")
            #expect(found?.approximate == true, "\(text)")
            #expect(found?.text == "pods restarted", "\(text)")
        }
        for text in ["10:00 -isher pods", "10:00 isolated pods", "10:00 ishikawa paged"] {
            #expect(scan(text)?.approximate == false, "\(text)")
            #expect(scan(text)?.written == "10:00", "\(text)")
        }
        let zoned: [(String, String)] = [
            ("10:00 utc - paged", "UTC"), ("10:00 gmt - paged", "GMT"), ("10:00 UTC paged", "UTC"),
            ("10:00 Eastern Time - paged", "Eastern Time"), ("10:00 Pacific: paged", "Pacific"),
        ]
        for (text, zone) in zoned {
            #expect(scan(text)?.zone == zone, "\(text)")
            #expect(scan(text)?.text == "paged", "\(text)")
        }
        for text in ["10:00 Easter eggs found", "10:00 Eastern team paged", "10:00 utcx paged", "10:00 gmtime paged", "10:00 Tomás paged"] {
            #expect(scan(text)?.zone == nil, "\(text)")
            #expect(scan(text)?.written == "10:00", "\(text)")
        }
    }

    @Test func headingsLedByATimeAreEntries() {
        let text = """
            ---
            date: 2026-04-09
            ---
            ## Timeline

            ### 14:05 UTC - Alert fired ###

            The alert said the volume was full.

            ### 14:20 UTC — Volume cleaned

            ```
            prune --older-than 7d
            ```

            ## Notes
            Written afterwards.
            """
        let result = MarkdownLogReader.read(text: text, name: "h.md", options: ReadingOptions())
        #expect(result.diagnostics.isEmpty)
        let log = result.only
        #expect(log?.events.map(\.utc) == ["2026-04-09T14:05:00Z", "2026-04-09T14:20:00Z"])
        #expect(log?.events.map(\.text) == ["Alert fired", "Volume cleaned"])
        #expect(log?.events.map(\.details) == [["The alert said the volume was full."], ["```\nprune --older-than 7d\n```"]])
        #expect(log?.events.first?.source.description == "h.md:6:5")
        #expect(log?.sections.map(\.title) == ["Notes"])
    }

    @Test func monthDayDatesCrossNewYear() {
        let text = "---\ndate: 2025-12-31\n---\n## Timeline\n- Dec 31 23:50 late\n- Jan 1 00:10 early\n"
        let result = MarkdownLogReader.read(text: text, name: "y.md", options: ReadingOptions())
        #expect(result.only?.events.map(\.utc) == ["2025-12-31T23:50:00Z", "2026-01-01T00:10:00Z"])
    }

    @Test func separateDateAndTimeColumns() {
        let text = "## Timeline\n\n| Date | Time | Event |\n|---|---|---|\n| 2026-09-01 | 08:15 | Cert expired |\n| 2026-09-01 | 08:40 | Cert renewed |\n"
        let result = MarkdownLogReader.read(text: text, name: "c.md", options: ReadingOptions())
        #expect(result.only?.events.map(\.utc) == ["2026-09-01T08:15:00Z", "2026-09-01T08:40:00Z"])
        #expect(result.only?.events.map(\.text) == ["Cert expired", "Cert renewed"])
        #expect(result.only?.events.first?.writtenTime == "2026-09-01 08:15")
    }

    @Test func yearLastDatesAndWordsBeforeTheClock() {
        let text = """
            ## Timeline
            - 3/14/2026 09:00 US order
            - 14/03/2026 09:05 Day cannot be a month
            - 14.03.2026 09:10 Dotted, day first
            - March 14th, 2026 at 9:15 PM Words and an at
            - Sat Mar 14 2026 21:20 Weekday first
            """
        let result = MarkdownLogReader.read(text: text, name: "d.md", options: ReadingOptions())
        #expect(result.diagnostics.isEmpty)
        #expect(result.only?.events.map(\.utc) == [
            "2026-03-14T09:00:00Z", "2026-03-14T09:05:00Z", "2026-03-14T09:10:00Z", "2026-03-14T21:15:00Z",
            "2026-03-14T21:20:00Z",
        ])
        #expect(result.only?.events.map(\.text) == [
            "US order", "Day cannot be a month", "Dotted, day first", "Words and an at", "Weekday first",
        ])
    }
}

@Suite struct ApproximateAfterDateTests {
    @Test func approximateTimeAfterAFullDateInATableCell() throws {
        let text = """
            All times in UTC.

            ## Timeline

            | Time (UTC) | Event |
            |---|---|
            | 2026-02-17 ~14:20 | Disk watermark reached. |
            | 2026-02-17 14:47 | First ticket. |

            """
        let result = MarkdownLogReader.read(text: text, name: "t.md", options: ReadingOptions())
        let events = try #require(result.logs.first?.events)
        #expect(events.count == 2)
        #expect(events[0].time.map { Instants.iso8601($0.instant) } == "2026-02-17T14:20:00Z")
        #expect(events[0].time?.approximate == true)
        #expect(events[0].text == "Disk watermark reached.")
    }
}

@Suite struct DaylightSavingGapTests {
    @Test func aTimeSkippedByTheClockChangeIsAWarning() throws {
        let text = """
            ---
            timezone: Europe/Berlin
            date: 2026-03-29
            ---

            ## Timeline

            - 01:50 Alert fired.
            - 02:30 This wall-clock time does not exist in Berlin on this day.
            - 03:10 Resolved.

            """
        let result = MarkdownLogReader.read(text: text, name: "t.md", options: ReadingOptions())
        let events = try #require(result.logs.first?.events)
        #expect(events.count == 3)
        // Read with the offset in force before the change (+01:00).
        #expect(Instants.iso8601(events[1].time!.instant) == "2026-03-29T01:30:00Z")
        #expect(Instants.iso8601(events[0].time!.instant) == "2026-03-29T00:50:00Z")
        #expect(Instants.iso8601(events[2].time!.instant) == "2026-03-29T01:10:00Z")
        let warning = try #require(result.diagnostics.first { $0.message.contains("does not exist") })
        #expect(warning.severity == .warning)
        #expect(warning.location?.line == 9)
    }
}
