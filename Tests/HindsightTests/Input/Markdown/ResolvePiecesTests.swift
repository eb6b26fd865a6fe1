import Foundation
import Testing
@testable import Hindsight

/// The events of a timeline made in pieces on every core are those made one after
/// another: the same times, texts and locations, the same diagnostics in the same
/// order, the same zones learnt.
@Suite struct ResolvePiecesTests {
    typealias Generator = RobustnessTests.SeededGenerator

    /// Entries that settle their dates, or fail to, in every way.
    static let items = ListPiecesTests.items + [
        "- 2026-02-30 10:00 Not a day", "- YYYY-MM-DD 10:00 Placeholder date", "- 03-04 23:50 Month and day",
        "- 2026-03-29 02:30 Europe/Berlin In the spring gap", "- 10:20 UTC (11:20 CET) Two readings",
        "- 10:21 UTC (14:21 CET) Readings that disagree", "- 23:59 Before midnight", "- 00:01 After midnight",
        "- 12/31 23:00 New Year's Eve", "- 01-01 01:00 New Year's Day", "- 10:30 America/New_York Written zone",
    ]

    static func resolved(_ text: String, frontDate: CalendarDate?, entriesPerPiece: Int) -> [String] {
        let source = MarkdownSource(document: MarkdownDocument(parsing: text[...], nestedText: false), file: "log.md", lineOffset: 0)
        let extractor = TimelineEntryExtractor(source: source, zones: ZoneCache())
        var dayGroup = 0
        var entries = extractor.entries(in: 0..<source.blocks.count, initialDay: nil, dayGroup: &dayGroup, itemsPerPiece: Int.max).entries
        let berlin = NamedZone(name: "Europe/Berlin", zone: TimeZone(identifier: "Europe/Berlin")!)
        let resolver = TimelineResolver(file: "log.md", zones: ZoneCache(), documentZone: berlin, frontDate: frontDate, optionDate: nil)
        let outcome = resolver.resolve(&entries, in: source, entriesPerPiece: entriesPerPiece)
        return outcome.events.map { String(reflecting: $0) } + outcome.diagnostics.map(\.formatted) + [
            "document zone \(outcome.usedDocumentZone)", "table \(String(describing: outcome.usedTableStatement))",
            "zones \(outcome.writtenZones)",
        ]
    }

    @Test func piecesMakeTheEventsOfOnePass() throws {
        var generator = Generator(state: 77)
        var documents: [String] = []
        for _ in 0..<6 {
            var log = "# Incident\n\n## Timeline\n\n"
            for index in 0..<Int.random(in: 100...700, using: &generator) {
                if index % 53 == 0 {
                    log += ["\n### 2026-03-2\(index / 53 % 9)\n\n", "\nSunday 29 March 2026\n\n", "\nText between lists.\n\n",
                            "\n| Time (UTC) | Event |\n| --- | --- |\n| 10:40 | Table row |\n| 10:41 | Another |\n\n"]
                        .randomElement(using: &generator) ?? ""
                }
                log += (Self.items.randomElement(using: &generator) ?? "") + "\n"
            }
            documents.append(log)
        }
        for (_, text) in try PartialParseTests.repositoryDocuments() { documents.append(text) }
        var diagnosed = 0
        for document in documents {
            for frontDate in [nil, CalendarDate(year: 2026, month: 3, day: 28)] {
                let whole = Self.resolved(document, frontDate: frontDate, entriesPerPiece: Int.max)
                // Diagnostics come in the order of their entries, as the document has them.
                let lines = whole.compactMap { line -> Int? in
                    guard line.hasPrefix("log.md:"), let number = line.split(separator: ":").dropFirst().first else { return nil }
                    return Int(number)
                }
                #expect(lines == lines.sorted())
                if lines.count >= 2 { diagnosed += 1 }
                for piece in [1, 3, 50] {
                    #expect(Self.resolved(document, frontDate: frontDate, entriesPerPiece: piece) == whole)
                }
            }
        }
        #expect(documents.count > 20)
        #expect(diagnosed >= 12)
    }
}
