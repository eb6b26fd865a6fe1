import Foundation
import Testing
@testable import Hindsight

/// Reading a report drafted by Hindsight back: the facts the site's index shows.
@Suite struct ReportFactsTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden/datacentre-managed.md")

    @Test func readsTheGoldenReport() throws {
        let markdown = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(ReportFacts.isReport(markdown))
        let facts = ReportFacts(markdown: markdown)
        #expect(facts.title == "Storefront degraded after three data centres dropped out")
        #expect(facts.fact("Incident") == "INC-2026-032")
        #expect(facts.fact("services") == "storefront, checkout, payments-api")
        #expect(facts.timeToResolve == "18 h 00 min")
        #expect(facts.sources == ["samples/datacentre-managed.md"])
        #expect(facts.people.contains("Ariana Costa"))
        #expect(facts.people.contains("Marie Dubois"))
        #expect(facts.periodStart.map(Instants.iso8601) == "2026-03-04T01:56:00Z")
    }

    @Test func aLogIsNotAReport() {
        #expect(!ReportFacts.isReport("---\ntitle: x\n---\n# Log\n"))
    }
}
