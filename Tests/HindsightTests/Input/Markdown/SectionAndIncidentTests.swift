import Foundation
import Testing
@testable import Hindsight

@Suite struct SectionAndIncidentTests {
    @Test func sectionsKeepTheAuthorsMarkdown() throws {
        let log = try #require(try MarkdownFixtures.read("native.md").only)
        #expect(log.sections.map(\.title) == ["", "Summary", "Action items"])
        #expect(log.sections.map(\.role) == [.other, .summary, .actionItems])
        #expect(log.sections.map(\.level) == [0, 2, 2])
        #expect(log.sections[0].markdown == "Intro text the author wrote before any section.")
        #expect(log.sections[1].markdown == """
            The nightly rebuild swapped in an **empty** index.

            ### Detail inside summary
            Deeper headings stay in the body.
            """)
        #expect(log.sections[1].source.description == "native.md:28:1")
        #expect(log.sections[2].markdown == "- [ ] Alert on empty index swaps (owner: Noor, due: 2026-03-20, OPS-9)")
        // The front matter title wins over the H1.
        #expect(log.metadata.title == "Search results empty after index rebuild")
    }

    @Test func headingTitleWithoutFrontMatter() {
        let text = "Before.\n\n# Disk full on builders\n\nRight under the title.\n\n## Timeline\n- 2026-01-01 10:00 x\n"
        let result = MarkdownLogReader.read(text: text, name: "f.md", options: ReadingOptions())
        #expect(result.only?.metadata.title == "Disk full on builders")
        #expect(result.only?.sections.map(\.markdown) == ["Before.", "Right under the title."])
        #expect(result.only?.sources == ["f.md"])
    }

    @Test func severalIncidentsInOneDocument() throws {
        let result = try MarkdownFixtures.read("incidents.md")
        #expect(result.diagnostics.isEmpty)
        #expect(result.logs.count == 2)
        let first = result.logs[0]
        let second = result.logs[1]
        #expect(first.metadata.title == "Incident 1: Cache eviction storm")
        #expect(second.metadata.title == "Incident 2: DNS misconfiguration")
        #expect(first.events.map(\.utc) == ["2026-06-01T08:00:00Z", "2026-06-01T08:30:00Z"])
        #expect(second.events.map(\.utc) == ["2026-06-03T14:00:00Z", "2026-06-03T14:20:00Z"])
        #expect(first.sections.map(\.markdown) == ["Shared introduction.", "Evictions spiked.", "Shared lessons apply to both."])
        #expect(second.sections.map(\.markdown) == ["Shared introduction.", "A record pointed nowhere.", "Shared lessons apply to both."])
    }

    @Test func incidentOptionSelectsByIndexTitleOrId() throws {
        let byIndex = try MarkdownFixtures.read("incidents.md", options: ReadingOptions(incident: "2"))
        #expect(byIndex.logs.map(\.metadata.title) == ["Incident 2: DNS misconfiguration"])
        let byTitle = try MarkdownFixtures.read("incidents.md", options: ReadingOptions(incident: "cache EVICTION"))
        #expect(byTitle.logs.map(\.metadata.title) == ["Incident 1: Cache eviction storm"])
        let byId = try MarkdownFixtures.read("native.md", options: ReadingOptions(incident: "inc-7001"))
        #expect(byId.logs.count == 1)
        let none = try MarkdownFixtures.read("incidents.md", options: ReadingOptions(incident: "7"))
        #expect(none.logs.isEmpty)
        #expect(none.errors.first?.message == "no incident matches '7'; the document holds: 1. Incident 1: Cache eviction storm; 2. Incident 2: DNS misconfiguration")
    }

    /// An entry too long to analyse is an error at the entry, after every other
    /// diagnostic, and only for the incident that holds it when one is selected.
    @Test func oversizedEntriesAreRefusedForTheIncidentsRead() throws {
        let long = String(repeating: "  " + String(repeating: "word ", count: 200) + "\n", count: 1_300)
        let text = try MarkdownFixtures.text("incidents.md").replacingOccurrences(
            of: "14:20 ", with: "14:20 Long entry.\n" + long + "- 14:21 ")
        #expect(text.utf8.count > IncidentReader.maximumEntryBytes)
        let refusal = "this entry's text is 1.2 MiB long; entries of up to 1 MiB are read"
        let all = MarkdownLogReader.read(text: text, name: "incidents.md", options: ReadingOptions())
        #expect(all.diagnostics.last?.message == refusal)
        #expect(all.diagnostics.filter { $0.message == refusal }.count == 1)
        let entry = try #require(all.logs.last?.events.first { $0.text.hasPrefix("Long entry.") })
        #expect(all.diagnostics.last?.location == entry.source)
        let second = MarkdownLogReader.read(text: text, name: "incidents.md", options: ReadingOptions(incident: "2"))
        #expect(second.diagnostics.map(\.message).filter { $0 == refusal }.count == 1)
        let first = MarkdownLogReader.read(text: text, name: "incidents.md", options: ReadingOptions(incident: "1"))
        #expect(first.logs.count == 1)
        #expect(!first.diagnostics.contains { $0.message == refusal })
    }

    /// A timeline whose items have no times is reported at its heading, in the file's lines.
    @Test func timelineWithoutTimedEntriesIsReportedAtItsHeading() {
        let text = "---\ndate: 2026-06-01\n---\n\n# Outage\n\n## Timeline\n\n- Evictions start\n- Cache resized\n"
        let result = MarkdownLogReader.read(text: text, name: "untimed.md", options: ReadingOptions())
        let warnings = result.diagnostics.filter { $0.message == "the timeline here holds no entries led by a time" }
        #expect(warnings.map(\.formatted) == ["untimed.md:7:1: warning: the timeline here holds no entries led by a time"])
    }

    @Test func columnsCountCharactersNotBytes() {
        let table = "## Timeline\n\n| ÄÖ | 2026-01-01 10:00 |\n| Üx | 2026-01-01 99:00 |\n"
        let result = MarkdownLogReader.read(text: table, name: "h.md", options: ReadingOptions())
        #expect(result.only?.events.first?.source.description == "h.md:3:8")
        #expect(result.errors.map(\.formatted) == ["h.md:4:19: error: '99:00' is not a time of day; the entry is kept without a time"])
        let list = "## Timeline\n\n- 2026-01-01 10:00 Café — ok\n  - détail\n- 2026-01-01 10:05 ünïcödé\n"
        let listResult = MarkdownLogReader.read(text: list, name: "g.md", options: ReadingOptions())
        #expect(listResult.only?.events.map(\.source.description) == ["g.md:3:3", "g.md:5:3"])
        #expect(listResult.only?.events.first?.details == ["détail"])
    }

    @Test func frontMatterShiftsLineNumbers() throws {
        let result = try MarkdownFixtures.read("text-after-time.md")
        #expect(result.only?.events.map(\.line) == [7, 11, 12])
    }
}
