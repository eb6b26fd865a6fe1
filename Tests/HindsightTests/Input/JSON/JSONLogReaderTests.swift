import Foundation
import Testing
@testable import Hindsight

@Suite struct JSONLogReaderTests {
    static let sample = """
    {
      "title": "Checkout unavailable after a certificate expired",
      "id": "INC-7",
      "severity": "SEV2",
      "category": "Security",
      "subcategory": "Certificates",
      "services": ["checkout", "payments-api"],
      "timeZone": "Europe/Berlin",
      "status": "resolved",
      "roles": {"scribe": "Noor", "commander": "Ines"},
      "slo": "99.9% over 30d",
      "sla": "resolve within 4h",
      "costPerHour": 5000,
      "currency": "EUR",
      "milestones": {"impactStarted": "2026-03-04T09:55:00+01:00"},
      "sections": [
        {"title": "Summary", "markdown": "The certificate on the edge expired."},
        {"title": "Follow-ups", "markdown": "- [ ] Alert 14 days before expiry", "level": 3}
      ],
      "events": [
        {"time": "2026-03-04T10:00", "text": "Error rate alert fired", "tags": ["detected"], "author": "monitoring"},
        {"time": "2026-03-04T09:05:30Z", "text": "On-call acknowledged", "tags": ["ACK", "paged"]},
        {"time": null, "text": "Someone checked the expiry dashboard"},
        {"text": "Unknown time as well", "details": ["first detail", "second detail"], "approximate": true},
        {"time": "2026-03-04T10:20:00+01:00", "end": "2026-03-04T10:25:00+01:00", "text": "Renewed the certificate\\nand reloaded the proxies", "tags": ["mitigated"], "approximate": true},
        {"time": "2026-03-04", "text": "Whole-day entry"}
      ]
    }
    """

    func read(_ json: String, options: ReadingOptions = ReadingOptions()) -> ReadResult {
        JSONLogReader.read(data: Data(json.utf8), name: "log.json", options: options)
    }

    @Test func readsEveryMetadataField() throws {
        let result = read(Self.sample)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        let log = try #require(result.logs.first)
        let metadata = log.metadata
        #expect(metadata.title == "Checkout unavailable after a certificate expired")
        #expect(metadata.id == "INC-7")
        #expect(metadata.severity == "SEV2")
        #expect(metadata.category == "Security")
        #expect(metadata.subcategory == "Certificates")
        #expect(metadata.services == ["checkout", "payments-api"])
        #expect(metadata.timeZone == "Europe/Berlin")
        #expect(metadata.status == "resolved")
        #expect(metadata.roles == [RoleAssignment(role: "commander", person: "Ines"), RoleAssignment(role: "scribe", person: "Noor")])
        #expect(metadata.slo == "99.9% over 30d")
        #expect(metadata.sla == "resolve within 4h")
        #expect(metadata.costPerHour == 5000)
        #expect(metadata.currency == "EUR")
        #expect(metadata.milestoneOverrides.count == 1)
        #expect(metadata.milestoneOverrides.first?.kind == .impactStarted)
        #expect(metadata.milestoneOverrides.first.map { Instants.iso8601($0.time.instant) } == "2026-03-04T08:55:00Z")
        #expect(metadata.milestoneOverrides.first?.source.path == "$.milestones.impactStarted")
        #expect(log.timeZoneNote == "Europe/Berlin (timezone field)")
        #expect(log.sources == ["log.json"])
    }

    @Test func readsSectionsAsAuthoredSections() throws {
        let log = try #require(read(Self.sample).logs.first)
        #expect(log.sections.count == 2)
        #expect(log.sections[0].title == "Summary")
        #expect(log.sections[0].role == .summary)
        #expect(log.sections[0].level == 2)
        #expect(log.sections[0].markdown == "The certificate on the edge expired.")
        #expect(log.sections[0].source == SourceLocation(file: "log.json", path: "$.sections[0]"))
        #expect(log.sections[1].role == .actionItems)
        #expect(log.sections[1].level == 3)
    }

    @Test func readsEventsInSourceOrderWithZonesAndTags() throws {
        let events = try #require(read(Self.sample).logs.first).events
        #expect(events.count == 6)
        // A zone-less time is read in the log's zone (Berlin, UTC+1 in March).
        #expect(events[0].time.map { Instants.iso8601($0.instant) } == "2026-03-04T09:00:00Z")
        #expect(events[0].time?.zone == "Europe/Berlin")
        #expect(events[0].time?.precision == .minute)
        #expect(events[0].milestoneHints == [.detected])
        #expect(events[0].tags == ["detected"])
        #expect(events[0].author == "monitoring")
        #expect(events[0].writtenTime == "2026-03-04T10:00")
        #expect(events[0].source == SourceLocation(file: "log.json", path: "$.events[0]"))
        #expect(events[1].time.map { Instants.iso8601($0.instant) } == "2026-03-04T09:05:30Z")
        #expect(events[1].time?.zone == "UTC")
        #expect(events[1].time?.precision == .second)
        #expect(events[1].tags == ["ack", "paged"])
        #expect(events[1].milestoneHints == [.acknowledged])
        #expect(events[2].time == nil)
        #expect(events[2].text == "Someone checked the expiry dashboard")
        #expect(events[3].time == nil)
        #expect(events[3].details == ["first detail", "second detail"])
        #expect(events[4].time?.approximate == true)
        #expect(events[4].time?.zone == "+01:00")
        #expect(events[4].time?.end.map(Instants.iso8601) == "2026-03-04T09:25:00Z")
        #expect(events[4].text == "Renewed the certificate")
        #expect(events[4].details == ["and reloaded the proxies"])
        #expect(events[5].time?.precision == .day)
        #expect(events[5].time.map { Instants.iso8601($0.instant) } == "2026-03-03T23:00:00Z")
    }

    @Test func acceptsSnakeCaseAndKebabCase() throws {
        let json = """
        {"title": "x", "cost_per_hour": "120,000", "time_zone": "PDT", "events": []}
        """
        let result = read(json)
        let log = try #require(result.logs.first)
        #expect(log.metadata.costPerHour == 120_000)
        #expect(log.metadata.timeZone == "PDT")
        #expect(log.timeZoneNote == "PDT (timezone field)")
        let kebab = try #require(read(#"{"title": "x", "cost-per-hour": 9, "events": []}"#).logs.first)
        #expect(kebab.metadata.costPerHour == 9)
    }

    @Test func usesTimezoneOptionThenUTC() throws {
        let json = #"{"title": "x", "events": [{"time": "2026-07-01 12:00", "text": "noon"}]}"#
        let options = ReadingOptions(timeZone: ZoneNames.resolve("America/New_York"))
        let log = try #require(read(json, options: options).logs.first)
        #expect(log.timeZoneNote == "America/New_York (--timezone)")
        #expect(log.events.first?.time.map { Instants.iso8601($0.instant) } == "2026-07-01T16:00:00Z")
        let plain = try #require(read(json).logs.first)
        #expect(plain.timeZoneNote == "UTC (default)")
        #expect(plain.events.first?.time.map { Instants.iso8601($0.instant) } == "2026-07-01T12:00:00Z")
    }

    @Test func clockTimesUseTheLogDate() throws {
        let json = #"{"title": "x", "date": "2026-03-04", "events": [{"time": "03:04", "text": "paged"}, {"time": "03:10:05", "text": "joined"}]}"#
        let log = try #require(read(json).logs.first)
        #expect(log.metadata.date == "2026-03-04")
        #expect(log.events.map { $0.time.map { Instants.iso8601($0.instant) } } == ["2026-03-04T03:04:00Z", "2026-03-04T03:10:05Z"])
        let noDate = read(#"{"title": "x", "events": [{"time": "03:04", "text": "paged"}]}"#)
        #expect(noDate.diagnostics.contains { $0.location?.path == "$.events[0].time" && $0.message.contains("no date") })
    }

    @Test func reportsWrongTypesWithPathsAndKeepsTheRest() throws {
        let json = """
        {"title": 42, "severity": 1, "services": "checkout, search", "timezone": "Mars/Olympus",
         "cost_per_hour": -5, "roles": {"commander": ["A", "B"], "scribe": true},
         "milestones": {"fixedish": "2026-03-04T01:00:00Z", "resolved": "yesterday"},
         "sections": [{"markdown": "no title"}, "not an object"],
         "events": [
           {"time": 1700000000, "text": "numeric time"},
           {"time": "2026-02-30T10:00:00Z", "text": "impossible date"},
           {"time": "2026-03-04T25:00:00Z", "text": "impossible hour"},
           {"time": "2026-03-04T10:00:00Z", "text": ["not", "text"]},
           {"time": "2026-03-04T10:00:00Z", "text": "bad tags", "tags": ["detected", "sparkly", 7], "approximate": "yes"},
           12,
           {"time": "2026-03-04T10:00:00Z", "text": "extra field", "colour": "red"}
         ]}
        """
        let result = read(json)
        let log = try #require(result.logs.first)
        func has(_ path: String, _ fragment: String) -> Bool {
            result.diagnostics.contains { $0.location?.path == path && $0.message.contains(fragment) && $0.location?.file == "log.json" }
        }
        #expect(has("$.title", "should be a string"))
        #expect(log.metadata.title == nil)
        #expect(log.metadata.severity == "1")
        #expect(log.metadata.services == ["checkout", "search"])
        #expect(has("$.timezone", "unknown time zone"))
        #expect(log.timeZoneNote == "UTC (default)")
        #expect(has("$.cost_per_hour", "out of range"))
        #expect(log.metadata.roles.map(\.person) == ["A", "B"])
        #expect(has("$.roles.scribe", "should be a string"))
        #expect(has("$.milestones.fixedish", "unknown milestone"))
        #expect(has("$.milestones.resolved", "not a valid ISO-8601"))
        #expect(has("$.sections[0]", "needs a \"title\""))
        #expect(has("$.sections[1]", "should be an object"))
        #expect(has("$.events[0].time", "should be an ISO-8601 string"))
        #expect(has("$.events[1].time", "not a valid ISO-8601"))
        #expect(has("$.events[2].time", "not a valid ISO-8601"))
        #expect(has("$.events[3].text", "should be a string"))
        #expect(has("$.events[4].tags[1]", "unknown tag"))
        #expect(has("$.events[4].tags[2]", "should be a string"))
        #expect(has("$.events[4].approximate", "true or false"))
        #expect(has("$.events[5]", "should be an object"))
        #expect(has("$.events[6].colour", "unknown event field"))
        #expect(!result.diagnostics.containsErrors)
        #expect(log.events.count == 6)
        #expect(log.events[0].time == nil)
        #expect(log.events[1].time == nil && log.events[1].writtenTime == "2026-02-30T10:00:00Z")
        #expect(log.events[4].tags == ["detected"])
    }

    @Test func aBareArrayIsReadAsEvents() throws {
        let log = try #require(read(#"[{"time": "2026-03-04T10:00:00Z", "text": "one"}, "two"]"#).logs.first)
        #expect(log.events.map(\.text) == ["one", "two"])
        #expect(log.events[1].time == nil)
    }

    @Test func anUnknownShapeIsAnError() {
        let result = read(#"{"foo": 1, "bar": 2}"#)
        #expect(result.logs.isEmpty)
        #expect(result.diagnostics.first?.severity == .error)
        #expect(result.diagnostics.first?.message.contains("expected a Hindsight JSON incident log") == true)
        let scalar = read("42")
        #expect(scalar.logs.isEmpty && scalar.diagnostics.containsErrors)
    }

    @Test func textIsSafeInlineMarkdown() throws {
        let json = #"{"title": "x", "events": [{"time": null, "text": "restarted <script> in   pod\r\nsecond line"}]}"#
        let event = try #require(read(json).logs.first?.events.first)
        #expect(event.text == "restarted &lt;script> in pod")
        #expect(event.details == ["second line"])
    }

    @Test func theEntryPointDetectsNativeJSON() throws {
        let result = IncidentReader.read(InputDocument(name: "log.json", text: Self.sample))
        #expect(result.logs.count == 1)
        #expect(result.logs.first?.events.count == 6)
    }
}
