import Foundation
import Testing
@testable import Hindsight

/// Random documents built from the fragments timelines are made of: the reader must
/// never trap, whatever order they come in.
@Suite struct RobustnessTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fragments = [
        "---\n", "title: x\n", "date: 2026-01-0", "timezone: PDT\n", "## Timeline\n", "### 2026-03-04\n", "# T\n",
        "- ", "* ", "1. ", "  ", "\n", "\n\n", "|", " | ", "|---|---|\n", "**", "__", "[", "]", "(", ")", "`", "~", "±",
        "12:00", "25:61", "2:54 PM", "pm", "PST", "UTC", "Z", "+02:00", "UTC+2", "Eastern", "US/Pacific", "America/New_York",
        "--:--", "??:??", "[???]", "TBD", "-ish", " - ", "–", "—", " to ", "(17:14 UTC)", "(Oct 29)", "Jan 14", "14 Jan",
        "2026-02-30", "YYYY-MM-DD", "2026/01/14", "2026-01-14T09:08:30Z", "[detected]", "[paged]", "All times in CET.",
        "**Timeline:**", "Incident 1", "## Incident 2\n", "text ", "é", "😀", "\t", "&a ", "*a ", "- - -", ">", "```\n",
        "<img>", "Wednesday, ", "October 29-30, 2025", "\\", "[^1]:", "12", ":", "-", "0", "9", "\r\n",
    ]

    @Test func randomDocumentsNeverTrap() {
        var generator = SeededGenerator(state: 20_260_304)
        for round in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...80, using: &generator) {
                text += Self.fragments.randomElement(using: &generator) ?? ""
            }
            let options = ReadingOptions(
                date: round % 2 == 0 ? CalendarDate("2026-01-01") : nil, incident: round % 7 == 0 ? "1" : nil)
            let result = MarkdownLogReader.read(text: text, name: "random.md", options: options)
            for log in result.logs {
                for event in log.events {
                    #expect(event.source.file == "random.md")
                    #expect((event.source.line ?? 0) >= 1)
                }
            }
        }
    }

    @Test func emptyAndWhitespaceDocuments() {
        for text in ["", "\n", "   ", "---", "---\n---\n", "\u{FEFF}---\ntitle: bom\n---\n## Timeline\n- 2026-01-01 10:00 x\n"] {
            let result = MarkdownLogReader.read(text: text, name: "e.md", options: ReadingOptions())
            #expect(!result.logs.isEmpty || !result.diagnostics.isEmpty)
        }
        let bom = MarkdownLogReader.read(
            text: "\u{FEFF}---\ntitle: bom\n---\n## Timeline\n- 2026-01-01 10:00 x\n", name: "e.md", options: ReadingOptions())
        #expect(bom.only?.metadata.title == "bom")
        #expect(bom.only?.events.first?.source.line == 5)
    }

    @Test func manyEntriesWithoutADateReportOnce() {
        var text = "## Timeline\n\n"
        for index in 0..<5_000 { text += "- \(String(format: "%02d:%02d", (index / 60) % 24, index % 60)) entry \(index)\n" }
        let result = MarkdownLogReader.read(text: text, name: "big.md", options: ReadingOptions())
        #expect(result.diagnostics.count == 1)
        #expect(result.only?.events.count == 5_000)
    }
}
