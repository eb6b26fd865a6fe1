import Foundation
import Testing
@testable import Hindsight

/// The built-in report is rendered with shortcuts: its timeline and action rows are
/// written directly, the rest with a placeholder that the rows replace, its template is
/// parsed in pieces, and the page's style sheets are answered by the page. Each must
/// give exactly what plain Mustache rendering of the built-in templates gives.
@Suite struct ReportAssemblyTests {
    /// The built-in templates rendered as written: no rows written directly, no pieces,
    /// style sheets parsed.
    static let plain: ReportTemplates = {
        (try? ReportTemplates(
            sources: ReportTemplates.defaultSources.map { ($0.file, $0.file, $0.text) }, writingTimelineRows: false,
            deferringSiteTemplates: false)) ?? ReportTemplates(library: .init())
    }()

    static let berlin = NamedZone(name: "Europe/Berlin", zone: TimeZone(identifier: "Europe/Berlin")!)

    /// Events of every shape a timeline row has: precisions, ranges, approximate and
    /// unknown times, a day change in one zone and not the other, authors, details,
    /// JSON sources, text whose special characters sit next to non-ASCII ones.
    static func varied(sections: [AuthoredSection] = []) -> Reconstruction {
        var log = IncidentLog(sources: ["logs/var_ied~name.md"], timeZoneNote: "Europe/Berlin (front matter)")
        log.metadata.title = "Varied rows"
        log.metadata.severity = "SEV2"
        log.sections = sections
        var line = 1
        func add(
            _ time: EventTime?, _ text: String, written: String? = nil, details: [String] = [], tags: [String] = [],
            author: String? = nil, file: String = "logs/var_ied~name.md", path: String? = nil
        ) {
            line += 7
            log.events.append(TimelineEvent(
                time: time, writtenTime: written, text: text, details: details, tags: tags, author: author,
                source: SourceLocation(file: file, line: path == nil ? line : nil, column: 3, path: path)))
        }
        func at(_ text: String, _ precision: EventTime.Precision = .minute, approximate: Bool = false, end: String? = nil) -> EventTime {
            EventTime(instant: instant(text), precision: precision, approximate: approximate, end: end.map(instant))
        }
        add(at("2026-03-04T22:30:00Z"), "Alerts fire for checkout | payments <b>", tags: ["detected"], author: "Ana_B")
        add(at("2026-03-04T22:59:59Z", .second), "Ana_B pages the database team", author: "Ana_B")
        add(at("2026-03-04T23:10:07Z", .second), "Crossing midnight in Berlin, not in UTC: `a <b>` then <c> and \\| d")
        add(at("2026-03-05T01:00:00Z", approximate: true, end: "2026-03-05T01:05:00Z"), "Roughly then ~ a ~~range~~", details: ["first\r\nsecond | third", "`code <x>` ``a ` b`` <y>"])
        add(at("2026-03-04T23:00:00Z", .day), "A day-precision entry", tags: ["mitigated"])
        add(nil, "When? Nobody knows", written: "~~late | night*")
        add(nil, "No time written at all")
        add(at("2026-03-05T02:00:00Z"), "é|x <é> e\u{301}<z `é` |\u{301} caf\u{E9}s", author: "Zoë <z@example.com>")
        add(at("2026-03-05T02:00:00Z"), "Entry from an export", file: "dir/export_v2.json", path: "$.log_entries[3].created_at")
        add(at("2026-03-05T02:30:00Z"), String(repeating: "long text without specials ", count: 9) + "| then one", tags: ["resolved"])
        add(at("2026-03-05T03:00:00Z"), "<<<>>>|||```\n\n\r\r\\\\")
        add(at("2026-03-06T00:00:01Z", .second), "Next day, and again: A|B", file: "other~file_name.md")
        return IncidentReconstructor.reconstruct(log)
    }

    static var reconstructions: [(name: String, reconstruction: Reconstruction)] {
        var cases: [(String, Reconstruction)] = []
        for zone in [NamedZone.utc, berlin, NamedZone(name: "America/Los_Angeles", zone: TimeZone(identifier: "America/Los_Angeles")!)] {
            var r = varied()
            r.reportZone = zone
            cases.append(("varied in \(zone.name)", r))
            var hostile = ReportRendererTests.hostileReconstruction()
            hostile.reportZone = zone
            cases.append(("hostile in \(zone.name)", hostile))
        }
        for sample in GoldenReportTests.samples {
            let path = "samples/" + sample
            guard let data = try? Data(contentsOf: GoldenReportTests.root.appendingPathComponent(path)),
                let log = IncidentSources.read([InputDocument(name: path, content: .file(data))]).logs.first
            else { continue }
            cases.append((sample, IncidentReconstructor.reconstruct(log)))
        }
        return cases
    }

    @Test func rowsWrittenAsBytesAreTheTemplateRows() {
        for (name, r) in Self.reconstructions {
            let model = ReportViewModel(r)
            for dualClock in [false, true] {
                let expected = TimelineRows.text(model.timeline, dualClock: dualClock)
                let written = String(decoding: TimelineRows.bytes(r, dualClock: dualClock), as: UTF8.self)
                #expect(written == expected, "\(name), dual clock \(dualClock)")
            }
        }
    }

    /// Rows written in pieces (as the report's assembly writes them on every core) and
    /// joined by line feeds are the rows written in one go, wherever the cut falls: after
    /// untimed rows, inside a day, at a day change, at either end.
    @Test func rowsWrittenInPiecesAreTheRowsWrittenWhole() {
        var cuts = 0
        for (name, r) in Self.reconstructions {
            for dualClock in [false, true] {
                let whole = TimelineRows.bytes(r, dualClock: dualClock)
                let count = r.events.count
                for cut in 0...count {
                    let first = TimelineRows.bytes(r, dualClock: dualClock, events: 0..<cut)
                    let second = TimelineRows.bytes(r, dualClock: dualClock, events: cut..<count)
                    let joined = cut == 0 ? second : cut == count ? first : first + [10] + second
                    #expect(joined == whole, "\(name), dual clock \(dualClock), cut before event \(cut)")
                    cuts += 1
                }
            }
        }
        #expect(cuts > 100)
    }

    /// Rows written in pieces straight into one buffer (``PlacedRows``), as a draft writes
    /// them on every core, and the report made around them there, are the plain
    /// templates' report: when each piece fits in the stretch estimated for it and the
    /// text before the rows fits in the room in front (the report is made in that
    /// buffer), when that text does not fit (it is copied into a buffer of its own), and
    /// when a piece outgrows its stretch (the pieces are copied in as arrays).
    @Test func reportMadeAroundPlacedRowsIsThePlainReport() {
        for (name, r) in Self.reconstructions {
            let expected = ReportRenderer.markdown(r, options: RenderOptions(templates: Self.plain))
            let dualClock = ReportViewModel.showsDualClock(r.reportZone)
            let placed = PlacedRows()
            for piece in 0..<ReportRenderer.rowPieces { placed.write(piece: piece, of: r, dualClock: dualClock) }
            let rows = placed.rows()
            if case .placed(let output, let front) = rows {
                #expect(front == TimelineRows.reportRoom(events: r.events.count), "\(name)")
                #expect(output.withBytes { Array($0[front...]) } == TimelineRows.bytes(r, dualClock: dualClock), "\(name)")
            } else {
                Issue.record("\(name): the rows did not fit where they were placed")
            }
            let assembly = ReportRenderer.reportAssembly(r, options: RenderOptions(), rows: rows)
            #expect(assembly?.assembled().string == expected, "\(name), in place")

            // Too little room in front: the same rows, copied.
            let bytes = TimelineRows.bytes(r, dualClock: dualClock)
            let cramped = UTF8Output(capacity: bytes.count + 4)
            cramped.appendLiteral("\u{1}\u{1}\u{1}")
            bytes.withUnsafeBufferPointer { cramped.append($0) }
            let copied = ReportRenderer.reportAssembly(r, options: RenderOptions(), rows: .placed(cramped, front: 3))
            #expect(copied?.assembled().string == expected, "\(name), copied")
        }
    }

    /// A long timeline's rows, written in several pieces into one buffer: closed up
    /// behind the first piece when every piece fits its stretch; copied in as arrays
    /// when escapes make them longer than their stretch was estimated for (a text of
    /// pipes, each escaped). Either way the report is the plain templates' report.
    @Test func longTimelinesRowsArePlacedOrCopiedIn() {
        for escaped in [false, true] {
            var log = IncidentLog(sources: ["long.md"], timeZoneNote: "UTC (default)")
            log.metadata.title = "Long"
            for minute in 0..<(ReportRenderer.rowsPerPiece * 2 + 5) {
                let text = escaped ? String(repeating: "|", count: 150 + minute % 7) : "Checked the pool \(minute % 13)."
                log.events.append(TimelineEvent(
                    time: EventTime(instant: Date(timeIntervalSince1970: 1_772_600_000 + Double(minute * 60)), precision: .minute),
                    text: text, details: escaped ? [String(repeating: "<|", count: 40)] : [],
                    source: SourceLocation(file: "long.md", line: minute + 1)))
            }
            let r = IncidentReconstructor.reconstruct(log)
            let placed = PlacedRows()
            for piece in 0..<ReportRenderer.rowPieces { placed.write(piece: piece, of: r, dualClock: false) }
            let rows = placed.rows()
            let whole = TimelineRows.bytes(r, dualClock: false)
            switch rows {
            case .placed(let output, let front)?:
                #expect(!escaped)
                #expect(output.withBytes { $0[front...].elementsEqual(whole) })
            case .pieces(let pieces)?:
                #expect(escaped && pieces.count == 2)
                #expect(pieces.joined(separator: [10]).elementsEqual(whole))
            case nil:
                Issue.record("no rows were written")
            }
            let expected = ReportRenderer.markdown(r, options: RenderOptions(templates: Self.plain))
            #expect(ReportRenderer.reportAssembly(r, options: RenderOptions(), rows: rows)?.assembled().string == expected, "escaped \(escaped)")
        }
    }

    /// Stretches exactly as long as their rows need (the byte kept for the line feed
    /// included) are closed up without a byte lost; one byte shorter, the rows spill and
    /// are copied in. Both give the rows written whole.
    @Test func stretchesFilledToTheLastByteCloseUp() {
        var log = IncidentLog(sources: ["exact.md"], timeZoneNote: "UTC (default)")
        for minute in 0..<(ReportRenderer.rowsPerPiece * 4 + 3) {
            log.events.append(TimelineEvent(
                time: EventTime(instant: Date(timeIntervalSince1970: 1_772_600_000 + Double(minute * 60)), precision: .minute),
                text: "Step \(minute) of the change.", source: SourceLocation(file: "exact.md", line: minute + 1)))
        }
        let r = IncidentReconstructor.reconstruct(log)
        let whole = TimelineRows.bytes(r, dualClock: false)
        for spare in [1, 0] {
            let placed = PlacedRows { events, range in
                TimelineRows.bytes(r, dualClock: false, events: range).count + spare
            }
            for piece in 0..<ReportRenderer.rowPieces { placed.write(piece: piece, of: r, dualClock: false) }
            switch placed.rows() {
            case .placed(let output, let front)?:
                #expect(spare == 1)
                #expect(output.withBytes { $0[front...].elementsEqual(whole) })
            case .pieces(let pieces)?:
                #expect(spare == 0 && pieces.count == ReportRenderer.rowPieces)
                #expect(pieces.joined(separator: [10]).elementsEqual(whole))
            case nil:
                Issue.record("no rows were written")
            }
        }
    }

    /// A stretch takes bytes until it is full, then goes on in an array of its own with
    /// everything written so far; truncating works on either.
    @Test func aBufferStretchSpillsIntoAnArrayWhenFull() {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 8)
        defer { buffer.deallocate() }
        var stretch = BufferStretch(base: buffer, capacity: 5)
        stretch.append(utf8: "abc")
        stretch.append(0x64)
        #expect(stretch.fits && stretch.count == 4)
        #expect(Array(UnsafeBufferPointer(start: buffer, count: 4)) == Array("abcd".utf8))
        stretch.truncate(to: 3)
        stretch.append(utf8: "XY")
        #expect(stretch.fits && stretch.count == 5)
        stretch.append(0x21)
        #expect(!stretch.fits)
        #expect(stretch.overflow == Array("abcXY!".utf8))
        stretch.append(utf8: "end")
        stretch.truncate(to: 7)
        #expect(stretch.overflow == Array("abcXY!e".utf8) && stretch.count == 7)
    }

    @Test func builtInReportAndPageAreThoseOfThePlainTemplates() {
        #expect(ReportTemplates.bundled.rendersBuiltInReport)
        #expect(!Self.plain.rendersBuiltInReport)
        for (name, r) in Self.reconstructions {
            let markdown = ReportRenderer.markdown(r)
            #expect(markdown == ReportRenderer.markdown(r, options: RenderOptions(templates: Self.plain)), "\(name)")
            #expect(ReportRenderer.html(markdown: markdown) == ReportRenderer.html(markdown: markdown, options: RenderOptions(templates: Self.plain)), "\(name)")
        }
    }

    @Test func aPlaceholderLineInTheLogIsKeptAsWritten() {
        let source = SourceLocation(file: "test.md", line: 2)
        let r = Self.varied(sections: [
            AuthoredSection(title: "Summary", level: 2, markdown: ReportRenderer.timelinePlaceholder, source: source),
        ])
        #expect(ReportRenderer.assembledMarkdown(r, options: RenderOptions()) == nil)
        let markdown = ReportRenderer.markdown(r)
        #expect(markdown == ReportRenderer.markdown(r, options: RenderOptions(templates: Self.plain)))
        #expect(markdown.contains(ReportRenderer.timelinePlaceholder))
    }

    @Test func builtInTemplatesAreSafeAndTheirPiecesParse() throws {
        let sources = ReportTemplates.defaultSources.map { source in
            (name: String(source.file.dropLast(".mustache".count)), location: source.file, text: source.text)
        }
        #expect(TemplateSafety.problem(in: sources) == nil)
        let report = try #require(ReportTemplates.defaultSources.first { $0.file == "report.md.mustache" }?.text)
        let rewritten = try #require(TimelineRows.rewriteBuiltIn(report))
        // From the bytes, as Foundation finds and replaces the timeline section.
        let timelineOnly = try #require(TimelineRows.rewrite(report))
        var expected = timelineOnly.replacingOccurrences(of: TimelineRows.actionSection, with: TimelineRows.actionReplacement)
        for list in TimelineRows.joinedLists {
            let section = "{{#\(list.name)}}\n\(list.prefix){{{.}}}\n{{/\(list.name)}}\n"
            #expect(expected.contains(section), "\(list.name)")
            expected = expected.replacingOccurrences(of: section, with: "{{#\(list.name)-joined}}\n{{{.}}}\n{{/\(list.name)-joined}}\n")
            // The model answers the joined list.
            let model = ReportViewModel(ReportRendererTests.hostileReconstruction())
            #expect(model.child(named: list.name + "-joined") is [String], "\(list.name)")
        }
        #expect(rewritten == expected)
        #expect(rewritten != timelineOnly)
        let pieces = try #require(ReportTemplates.pieces(of: rewritten))
        #expect(pieces.count > 4)
        for piece in pieces { #expect(piece.hasPrefix(TimelineRows.contentTypeLine)) }
        #expect(pieces[0] + pieces.dropFirst().map { $0.dropFirst(TimelineRows.contentTypeLine.count) }.joined() == rewritten)
        #expect(ReportTemplates.pieces(of: "{{% CONTENT_TYPE: MARKDOWN }}\n{{=<% %>=}}\n" + String(repeating: "line\n", count: 200)) == nil)
        #expect(ReportTemplates.pieces(of: "no content type\n" + String(repeating: "line\n", count: 200)) == nil)
    }

    @Test func byteEscapingIsCharacterEscaping() {
        var texts = [
            "", "plain", "a|b", "\\|", "~", "~~", "a~~b~c", "<é>", "é|", "|é", "e\u{301}|", "|\u{301}", "`<`<", "``a`` <b>",
            "\r\n", "a\r\nb\rc\nd\te", "\u{1F600}*\u{1F600}", "12345678|12345678<", "1234567`<x>`1234567<",
            String(repeating: "abcdefgh", count: 5) + "<", "é" + String(repeating: "x", count: 15) + "|",
        ]
        // Deterministic random strings over special, ordinary and non-ASCII characters.
        let alphabet: [String] = ["a", " ", "|", "<", ">", "\\", "`", "~", "*", "_", "#", "\n", "\r", "\t", "é", "\u{301}", "\u{200D}", "\u{1F600}", "1"]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            var text = ""
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(seed >> 59) + 1 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += alphabet[Int(seed >> 33) % alphabet.count]
            }
            texts.append(text)
        }
        for text in texts {
            #expect(MarkdownText.escape(text) == MarkdownText.characterEscape(text), "\(text.debugDescription)")
            #expect(MarkdownText.inline(text) == MarkdownText.characterInline(text), "\(text.debugDescription)")
            var escaped: [UInt8] = [0x41]
            MarkdownText.appendEscaped(text, to: &escaped)
            #expect(escaped == [0x41] + Array(MarkdownText.characterEscape(text).utf8))
            var inlined: [UInt8] = [0x41]
            MarkdownText.appendInline(text, to: &inlined)
            #expect(inlined == [0x41] + Array(MarkdownText.characterInline(text).utf8))
            for limit in [1, 5, 90] {
                #expect(ReportViewModel.shortText(text, limit: limit) == FindingsAnalyzer.shortText(text, limit: limit), "\(text.debugDescription)")
            }
        }
    }
}
