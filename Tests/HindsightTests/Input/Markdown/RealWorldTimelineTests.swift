import Foundation
import Testing
@testable import Hindsight

/// Runs the reader over the published postmortem timelines in `shared/realworld`, with
/// instants checked by hand against each source.
@Suite(.enabled(if: MarkdownFixtures.realWorldTimelines != nil, "shared/realworld is not beside the repository"))
struct RealWorldTimelineTests {
    @Test func everyFileYieldsEntries() throws {
        let folder = try #require(MarkdownFixtures.realWorldTimelines)
        let expected: [String: Int] = [
            "04": 14, "06": 16, "07": 8, "09": 42, "11": 11, "13": 11, "14": 6, "17": 17,
        ]
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let result = MarkdownLogReader.read(text: text, name: name, options: ReadingOptions(date: CalendarDate("2025-09-29")))
            let count = result.logs.reduce(0) { $0 + $1.events.count }
            if let want = expected[String(name.prefix(2))] {
                #expect(count == want, "\(name)")
            }
            #expect(count > 0, "\(name)")
        }
    }

    @Test func dfdsTableWithStatedCET() throws {
        guard let result = try MarkdownFixtures.readRealWorld("04") else { return }
        #expect(result.diagnostics.isEmpty)
        let log = try #require(result.only)
        #expect(log.events.count == 14)
        #expect(log.timeZoneNote == "CET (stated in the document: \"Date and Time in CET\")")
        #expect(log.events[0].utc == "2019-11-29T11:00:00Z")  // 12:00 CET
        #expect(log.events[4].utc == "2019-12-02T03:30:00Z")  // 04:30 CET
        #expect(log.events[5].time == nil)
        #expect(log.events[5].writtenTime == "2019-12-03 --:--")
        #expect(log.events[13].utc == "2019-12-05T11:00:00Z")
        #expect(log.events[0].source.line == 7)
    }

    @Test func dfdsRowsSlightlyOutOfOrderStayOnTheirDay() throws {
        guard let result = try MarkdownFixtures.readRealWorld("06") else { return }
        let log = try #require(result.only)
        #expect(log.events.count == 16)
        #expect(log.timeZoneNote == "UTC (stated in the document: \"All times in UTC\")")
        #expect(log.events[0].utc == "2023-02-13T07:30:00Z")
        #expect(log.events[13].utc == "2023-02-14T11:08:00Z")
        #expect(log.events[14].utc == "2023-02-14T11:07:00Z")
        #expect(log.events[15].utc == "2023-02-14T11:59:00Z")
    }

    @Test func posthogBoldTimesWithoutADate() throws {
        guard let undated = try MarkdownFixtures.readRealWorld("07") else { return }
        #expect(undated.errors.count == 1)
        #expect(undated.only?.events.count == 8)
        #expect(undated.only?.events.allSatisfy { $0.time == nil } == true)

        let result = try #require(try MarkdownFixtures.readRealWorld("07", options: ReadingOptions(date: CalendarDate("2025-09-29"))))
        #expect(result.diagnostics.isEmpty)
        let log = try #require(result.only)
        #expect(log.events.first?.utc == "2025-09-29T16:58:00Z")
        #expect(log.events.first?.writtenTime == "16:58 UTC")
        #expect(log.events.first?.text.hasPrefix("Writer database begins") == true)
        #expect(log.events.first?.details.first?.hasPrefix("<img") == true)
        #expect(log.events[2].details.first?.hasPrefix("```") == true)  // the log block after 17:05
        #expect(log.events.last?.utc == "2025-09-29T18:46:00Z")
        #expect(log.timeZoneNote == "UTC (written with each time)")
    }

    @Test func posthogFourIncidents() throws {
        guard let result = try MarkdownFixtures.readRealWorld("09") else { return }
        #expect(result.diagnostics.isEmpty)
        #expect(result.logs.map(\.events.count) == [11, 11, 16, 4])
        #expect(result.logs.map { $0.metadata.title ?? "" } == [
            "October 21, 2025 - Redis Overload", "October 24, 2025 - Rate Limiting Misconfiguration",
            "October 28, 2025 - Connection Pool Exhaustion and Excessive Parallelism", "October 29-30, 2025 - CPU-Bound Latency",
        ])
        #expect(result.logs[0].events.first?.utc == "2025-10-21T21:45:00Z")
        #expect(result.logs[0].events.last?.utc == "2025-10-21T23:28:00Z")
        #expect(result.logs[1].events.last?.time == nil)  // the untimed **Note:** bullet
        #expect(result.logs[2].events.first?.utc == "2025-10-28T19:12:00Z")
        #expect(result.logs[3].events.map(\.utc) == [
            "2025-10-29T22:30:00Z", "2025-10-29T22:30:00Z", "2025-10-30T00:03:00Z", "2025-10-30T05:39:00Z",
        ])
        // The narrative, duration and root causes stay with their incident.
        #expect(result.logs[0].sections.last?.markdown.hasPrefix("**Duration:** 21:45 to 23:28 UTC") == true)
        #expect(result.logs[0].sections.last?.markdown.contains("**Timeline:**") == false)
        #expect(result.logs[2].sections.last?.markdown.hasSuffix("decrease parallelism.") == true)
        let selected = try #require(try MarkdownFixtures.readRealWorld("09", options: ReadingOptions(incident: "rate limiting")))
        #expect(selected.logs.count == 1)
        #expect(selected.logs.first?.events.first?.utc == "2025-10-24T18:00:00Z")
    }

    @Test func kubernetesBracketsRollPastMidnight() throws {
        guard let undated = try MarkdownFixtures.readRealWorld("11") else { return }
        #expect(undated.errors.count == 1)
        let result = try #require(try MarkdownFixtures.readRealWorld("11", options: ReadingOptions(date: CalendarDate("2019-05-30"))))
        #expect(result.diagnostics.isEmpty)
        let log = try #require(result.only)
        #expect(log.timeZoneNote == "PDT (stated in the document: \"All times PDT\")")
        #expect(log.events.count == 11)
        #expect(log.events[0].time == nil)
        #expect(log.events[0].writtenTime == "???")
        #expect(log.events[1].utc == "2019-05-30T20:26:00Z")  // 13:26 PDT
        #expect(log.events[9].utc == "2019-05-31T06:55:00Z")  // 23:55 PDT
        #expect(log.events[10].utc == "2019-05-31T14:00:00Z")  // 07:00 PDT the next day
        #expect(log.sections.map(\.title).contains("Appendinx"))
    }

    @Test func kubernetesTwelveHourClockUnderDateLines() throws {
        guard let result = try MarkdownFixtures.readRealWorld("13") else { return }
        #expect(result.diagnostics.isEmpty)
        let log = try #require(result.only)
        #expect(log.timeZoneNote == "PST (stated in the document: \"All times in PST\")")
        #expect(log.events.count == 11)
        #expect(log.events[0].utc == "2019-01-22T22:54:00Z")  // 2:54 PM PST
        #expect(log.events[0].text == "[config behavior change PR][preset config behavior] merged")
        #expect(log.events[2].utc == "2019-01-23T12:49:00Z")  // 4:49 AM
        #expect(log.events[5].text.hasSuffix("first report that 503 responses are being served in response to our webhooks."))
        #expect(log.events[10].utc == "2019-01-23T16:36:00Z")  // 8:36 AM
    }

    @Test func pypiPlaceholdersAndEasternTime() throws {
        guard let result = try MarkdownFixtures.readRealWorld("14") else { return }
        #expect(result.errors.isEmpty)
        #expect(result.warnings.count == 3)
        #expect(result.warnings.first?.location?.description.hasSuffix(":5:3") == true)
        let log = try #require(result.only)
        #expect(log.events.count == 6)
        #expect(log.events[0...2].allSatisfy { $0.time == nil })
        #expect(log.events[3].time?.precision == .day)
        #expect(log.events[3].utc == "2024-06-21T00:00:00Z")
        #expect(log.events[4].utc == "2024-06-28T11:09:00Z")  // 7:09 AM Eastern (EDT)
        #expect(log.events[4].time?.zone == "Eastern")
        #expect(log.events[4].text.hasPrefix("Brian Moussalli of JFrog reports"))
        #expect(log.events[5].utc == "2024-06-28T11:26:00Z")
    }

    @Test func cratesDayHeadingsAndBoldEntries() throws {
        guard let result = try MarkdownFixtures.readRealWorld("17") else { return }
        #expect(result.diagnostics.isEmpty)
        let log = try #require(result.only)
        #expect(log.events.count == 17)
        #expect(log.events[0].utc == "2020-02-20T21:17:00Z")
        #expect(log.events[0].text.hasPrefix("**the authors of `kaze`"))
        #expect(log.events[0].text.hasSuffix("published them on crates.io**"))
        #expect(log.events[13].utc == "2020-02-20T22:48:00Z")
        #expect(log.events[14].utc == "2020-02-21T09:27:00Z")
        #expect(log.events[16].utc == "2020-02-21T14:10:00Z")
        #expect(log.sections.last?.markdown.contains("[fix]: https://github.com/rust-lang/crates.io/pull/2207") == true)
    }
}
