import Foundation
import Testing
@testable import Hindsight

/// The items of a timeline's lists read in pieces on every core give exactly the
/// entries read one after another.
@Suite struct ListPiecesTests {
    typealias Generator = RobustnessTests.SeededGenerator

    /// Everything of an entry that reading decides, as text.
    static func describe(_ entry: RawEntry) -> String {
        var text = String(reflecting: entry)
        text += " author \(String(describing: entry.author)) zone \(String(describing: entry.tableZone))"
        text += " problem \(String(describing: entry.problem)) at \(String(describing: entry.problemColumn))"
        text += " alternate \(String(describing: entry.alternate)) at \(String(describing: entry.alternateColumn))"
        return text
    }

    static func entries(_ text: String, itemsPerPiece: Int) -> (entries: [String], dayGroup: Int) {
        let source = MarkdownSource(document: MarkdownDocument(parsing: text[...], nestedText: false), file: "log.md", lineOffset: 0)
        let extractor = TimelineEntryExtractor(source: source, zones: ZoneCache())
        var dayGroup = 0
        let region = extractor.entries(
            in: 0..<source.blocks.count, initialDay: nil, dayGroup: &dayGroup, itemsPerPiece: itemsPerPiece)
        return (region.entries.map(describe), dayGroup)
    }

    /// Item lines of every shape a list entry takes: times and dates in several
    /// forms, zones, ranges, tags, continuation lines, nested lists, code, quotes,
    /// non-ASCII text, footnotes, untimed and empty items.
    static let items: [String] = [
        "- 10:00 Alert fired for checkout", "- 10:01 UTC Paged the on-call #paged", "* 2026-03-04 10:02 Declared SEV2",
        "- 10:03–10:05 Failover attempt #failed", "- 14:05:30 PST Rolled back the deploy", "1. 10:06 Escalated to the network team",
        "- 10:07 Tomás took over as commander", "- ~10:08 Traffic shifted to the second site",
        "- 10:09 Restarted the pool\n  and watched the error rate", "- 10:10 Root cause found[^1]", "- Untimed note",
        "- 10:11 Mitigated\n  - sub-point one\n  - sub-point two", "- 10:12 Ran\n\n  ```\n  kubectl rollout undo\n  ```",
        "- 10:13 > quoted", "- ", "- 25:99 not a time", "- 10:14 **Resolved** — error rate normal",
        "- 9am Opened the bridge", "- 10:15 +02:00 Status page updated #update",
    ]

    static func randomLog(_ generator: inout Generator, items count: Int) -> String {
        var log = "# Incident\n\n## Timeline\n\n"
        for index in 0..<count {
            if index % 97 == 0 {
                log += ["\n### 2026-03-0\(4 + index / 97 % 5)\n\n", "\nWednesday 5 March 2026\n\n", "\nSome text between lists.\n\n"]
                    .randomElement(using: &generator) ?? ""
            }
            log += (items.randomElement(using: &generator) ?? "") + "\n"
        }
        return log
    }

    @Test func piecesGiveTheEntriesReadInOrder() throws {
        var generator = Generator(state: 31)
        var documents = (0..<6).map { _ in Self.randomLog(&generator, items: Int.random(in: 200...1_500, using: &generator)) }
        for (_, text) in try PartialParseTests.repositoryDocuments() { documents.append(text) }
        var long = 0
        for document in documents {
            let whole = Self.entries(document, itemsPerPiece: Int.max)
            if whole.entries.count >= 200 { long += 1 }
            // On two cores or more, every list of these documents is read in pieces.
            for piece in [1, 7, 64] {
                let pieces = Self.entries(document, itemsPerPiece: piece)
                #expect(pieces.entries == whole.entries)
                #expect(pieces.dayGroup == whole.dayGroup)
            }
        }
        #expect(documents.count > 20)
        #expect(long >= 6)
    }
}
