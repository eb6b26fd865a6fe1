import Foundation
import Testing
@testable import Hindsight

/// The compact and cached forms the readers use on long inputs give exactly what the
/// plain forms give: packed entry times, zone offsets answered from spans, lazily
/// written JSON paths, joined continuation lines.
@Suite struct CompactReadingTests {
    // MARK: - Packed times

    @Test func entryTimesKeepEverythingResolvingReads() {
        let zones = ZoneCache()
        let written = [
            "14:05", "2026-03-04 03:10 CET", "03-04 23:59:59", "~10:00", "10:00 - 10:05", "21:45 to 23:28 UTC",
            "2:05 PM PST", "Wednesday, 4 March 2026 00:00", "--:--", "TBD", "2026-02-30 10:00", "25:61",
            "YYYY-MM-DD HH:MM", "13:14 EDT (17:14 UTC)", "October 29-30, 2025 10:00", "9999-12-31 23:59",
            "10:00:60", "12/31/2026 7:09 AM Eastern", "2026-03-04T03:00Z",
        ]
        for text in written {
            guard let expression = TimeExpressionScanner.scanEntryPrefix(Array(text.utf8), zones: zones) else {
                Issue.record("not a time: \(text)")
                continue
            }
            let time = EntryTime(expression)
            #expect(time.date == expression.date, "\(text)")
            #expect(time.clock == expression.clock, "\(text)")
            #expect(time.endClock == expression.endClock, "\(text)")
            #expect(time.secondsIntoDay == expression.clock?.secondsIntoDay, "\(text)")
            #expect(time.unknownTime == expression.unknownTime, "\(text)")
            #expect(time.approximate == expression.approximate, "\(text)")
            #expect(time.hasProblem == (expression.problem != nil), "\(text)")
            let entry = RawEntry(
                expression: expression, text: "", line: 3, column: 5, day: expression.date, dayGroup: 2,
                problemColumn: expression.problemOffset + 1, alternateColumn: expression.alternate.map { $0.offset + 1 })
            #expect(entry.zoneName == expression.zoneName, "\(text)")
            #expect(entry.problem == expression.problem, "\(text)")
            #expect(entry.alternate == expression.alternate, "\(text)")
            #expect(entry.day == expression.date, "\(text)")
            #expect(entry.problemColumn == (expression.problem == nil ? nil : expression.problemOffset + 1), "\(text)")
        }
        #expect(PackedDate(nil).date == nil)
        #expect(PackedDate(WrittenDate(year: nil, month: 1, day: 14)).date == WrittenDate(year: nil, month: 1, day: 14))
    }

    // MARK: - Zone offsets

    @Test func cachedInstantsMatchInstants() throws {
        let names = [
            "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "America/Sao_Paulo",
            "Asia/Kolkata", "UTC", "Africa/Casablanca",
        ]
        var zonesToTest = try names.map { try #require(TimeZone(identifier: $0), "\($0)") }
        zonesToTest.append(try #require(TimeZone(secondsFromGMT: -9_000)))
        let days = [
            try #require(CalendarDate(year: 2026, month: 3, day: 27)), try #require(CalendarDate(year: 2026, month: 10, day: 24)),
            try #require(CalendarDate(year: 2011, month: 12, day: 28)), try #require(CalendarDate(year: 2026, month: 4, day: 3)),
            try #require(CalendarDate(year: 1995, month: 9, day: 22)), try #require(CalendarDate(year: 2026, month: 11, day: 1)),
        ]
        for zone in zonesToTest {
            let cache = ZoneCache()
            for start in days {
                for offset in 0..<5 {
                    let date = start.adding(days: offset)
                    for quarter in stride(from: 0, to: 24 * 60, by: 15) {
                        let wall = try #require(WallTime(hour: quarter / 60, minute: quarter % 60))
                        let expected = Instants.instant(date, wall, in: zone)
                        #expect(cache.instant(date, wall, in: zone) == expected, "\(zone.identifier) \(date) \(quarter)")
                        let shown = Instants.wallClock(expected, in: zone)
                        #expect(cache.wallClock(expected, in: zone, is: date, wall.secondsIntoDay) == (shown == (date, wall.secondsIntoDay)))
                        #expect(cache.secondsFromGMT(zone, at: expected.timeIntervalSince1970) == zone.secondsFromGMT(for: expected))
                    }
                }
            }
        }
    }

    /// One cache asked about several zones in turn holds spans of each: a span is taken
    /// for a zone only when it is that zone (the same object, or an equal zone made apart).
    @Test func oneCacheAnswersForSeveralZonesInTurn() throws {
        var zones = try ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"].map {
            try #require(TimeZone(identifier: $0), "\($0)")
        }
        zones.append(try #require(TimeZone(secondsFromGMT: 3_600)))
        zones.append(try #require(TimeZone(secondsFromGMT: 3_600)))
        zones.append(try #require(TimeZone(secondsFromGMT: -3_600)))
        let cache = ZoneCache()
        let start = try #require(CalendarDate(year: 2026, month: 3, day: 20))
        for offset in 0..<20 {
            let date = start.adding(days: offset)
            for hour in stride(from: 0, to: 24, by: 5) {
                let wall = try #require(WallTime(hour: hour, minute: 30))
                for zone in zones {
                    let expected = Instants.instant(date, wall, in: zone)
                    #expect(cache.instant(date, wall, in: zone) == expected, "\(zone.identifier) \(date) \(hour)")
                    #expect(cache.secondsFromGMT(zone, at: expected.timeIntervalSince1970) == zone.secondsFromGMT(for: expected))
                }
            }
        }
    }

    // MARK: - Character columns

    /// Columns counted in the lines' bytes are the characters before them (Unicode
    /// scalars), as counting in the string gives; a byte column inside a character is
    /// that character's column.
    @Test func characterColumnsOfByteColumns() {
        let text = "- plain entry\n- caf\u{E9} 09:00 \u{1F600} x\n\u{3000}- wide space\n"
        let source = MarkdownSource(document: MarkdownDocument(parsing: text[...], nestedText: false), file: "log.md", lineOffset: 2)
        for number in 1...3 {
            let line = source.line(number)
            let bytes = Array(line.utf8)
            for byteColumn in 1...(bytes.count + 3) {
                let offset = min(byteColumn - 1, bytes.count)
                let end = line.utf8.index(line.startIndex, offsetBy: offset)
                let expected = line.unicodeScalars[line.startIndex..<end].count + 1
                #expect(source.characterColumn(line: number, byteColumn: byteColumn) == expected, "line \(number) byte \(byteColumn)")
            }
        }
        #expect(source.characterColumn(line: 2, byteColumn: 8) == 7)  // after "- café"
        #expect(source.characterColumn(line: 2, byteColumn: 7) == 6)  // inside "é": its column
        #expect(source.characterColumn(line: 9, byteColumn: 4) == 1)  // no such line
        #expect(source.location(line: 2, byteColumn: 8) == SourceLocation(file: "log.md", line: 4, column: 7))
    }

    // MARK: - Event kinds

    /// ``EventKinds`` behaves as the array of distinct kinds it stands for.
    @Test func eventKindsActAsTheirArray() {
        var kinds: EventKinds = [.page, .escalation]
        var array: [EventKind] = [.page, .escalation]
        #expect(Array(kinds) == array)
        kinds.append(.page)  // already there: stays where it is
        #expect(Array(kinds) == array)
        for kind in EventKind.allCases.reversed() where !array.contains(kind) {
            kinds.append(kind)
            array.append(kind)
        }
        #expect(Array(kinds) == array)
        #expect(kinds.count == EventKind.allCases.count)
        #expect(kinds.first == .page)
        #expect(kinds[EventKind.allCases.count - 1] == array.last)
        for kind in EventKind.allCases { #expect(kinds.contains(kind)) }
        kinds.removeAll { $0 == .remediation || $0 == .recovery || $0 == .failedRemediation }
        array.removeAll { $0 == .remediation || $0 == .recovery || $0 == .failedRemediation }
        #expect(Array(kinds) == array)
        #expect(!kinds.contains(.recovery))
        kinds.insert(.failedRemediation, at: 0)
        array.insert(.failedRemediation, at: 0)
        #expect(Array(kinds) == array)
        kinds.insert(.note, at: 1)  // moved from its place
        array.removeAll { $0 == .note }
        array.insert(.note, at: 1)
        #expect(Array(kinds) == array)
        #expect(EventKinds(array) == kinds)
        #expect(EventKinds([.note]) != EventKinds([.note, .page]))
        #expect(EventKinds().isEmpty)
        // Two words hold 23 kinds beside the count: a kind more than that needs a wider form.
        #expect(EventKind.allCases.count <= 23)
        #expect(MemoryLayout<EventKinds>.size == 16)
        #expect(EventKinds([.alert]).description == [EventKind.alert].description)
    }

    // MARK: - JSON paths and presence

    @Test func lazyPathsAreTheWrittenOutPaths() throws {
        let data = Data(#"{"log_entries": [{"agent": {"summary": "A", "odd key": {"deep": {"er": [1, null]}}}}], "x": null}"#.utf8)
        let (parsed, _) = JSONDocument.parse(data, file: "f.json")
        let root = try #require(parsed).root
        let entry = try #require(root["log_entries"].elements?.first)
        #expect(entry.path == "$.log_entries[0]")
        #expect(entry["agent"]["summary"].path == "$.log_entries[0].agent.summary")
        #expect(entry["agent"]["odd key"]["deep"]["er"][1].path == #"$.log_entries[0].agent["odd key"].deep.er[1]"#)
        #expect(entry["agent"]["odd key"]["deep"]["er"].elements?.map(\.path) == [
            #"$.log_entries[0].agent["odd key"].deep.er[0]"#, #"$.log_entries[0].agent["odd key"].deep.er[1]"#,
        ])
        #expect(root["missing", "x"].path == "$.x")
        #expect(JSONCursor(absentAt: "$.events")["time"].path == "$.events.time")
        // Present means there and not `null`, for every kind of value.
        let values = Data(#"[null, "text", {"a": 1}, [1, 2], 3, true, false, "", {}, []]"#.utf8)
        let (document, _) = JSONDocument.parse(values, file: "v.json")
        let elements = try #require(document?.root.elements)
        #expect(elements.map(\.isPresent) == [false, true, true, true, true, true, true, true, true, true])
        #expect(JSONCursor(absentAt: "$").isPresent == false)
        #expect(elements[0][0].isPresent == false)
        #expect(root["x"].isPresent == false)
        #expect(entry["agent"]["odd key"]["deep"]["er"][1].isPresent == false)
        #expect(entry["agent"]["odd key"]["deep"]["er"][0].number == NSNumber(value: 1))
        #expect(entry["agent"]["summary"].number == nil)
    }

    // MARK: - Continuation lines

    @Test func asciiJoiningMatchesCharacterJoining() {
        let firsts = ["", "Alert fired", "Alert fired.", "[^1]", "[^1]:", "[^2] x", "ends with a backslash\\", "two spaces  "]
        let lines: [[Substring]] = [
            [], ["more text"], ["more text.", "then a detail", "  indented detail  "], ["", "after a blank"],
            ["ends here!", ""], ["(quoted.)\"", "next"], ["tab\t", "x"], ["trailing \\", "y"],
        ]
        for first in firsts {
            for continuation in lines {
                let joined = TimelineEntryExtractor.joinContinuation(first: first, continuation: continuation)
                let reference = TimelineEntryExtractor.characterJoinContinuation(first: first, continuation: continuation)
                #expect(joined.0 == reference.0, "\(first) \(continuation)")
                #expect(joined.1 == reference.1, "\(first) \(continuation)")
            }
        }
    }

    @Test func bodyLinesMatchSplittingTheText() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\n", "a\rb\n\n", "\n\n", "é\nü\r\n"] {
            let expected = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.utf8.last == 13 ? line.dropLast() : line
            }
            #expect(MarkdownDocument.lines(of: text[...]).map(String.init) == expected.map(String.init), "\(text.debugDescription)")
        }
    }

    // MARK: - Packed dates

    @Test func packedCalendarDatesGiveBackTheDateOrNone() throws {
        #expect(PackedCalendarDate(nil).date == nil)
        #expect(PackedCalendarDate(nil) == .none)
        var checked = 0
        for year in stride(from: 1, through: 9999, by: 37) + [1969, 1970, 2000, 2024, 2026, 9999] {
            for (month, day) in [(1, 1), (2, 28), (2, 29), (3, 1), (12, 31)] {
                guard let date = CalendarDate(year: year, month: month, day: day) else { continue }
                #expect(PackedCalendarDate(date).date == date)
                #expect(PackedCalendarDate(date) != .none)
                checked += 1
            }
        }
        #expect(checked > 1_000)
    }

    // MARK: - Long lines

    /// The long-line check looks only at stretches without a line feed; it finds the
    /// same first long line (number and length) as a scan of every line.
    @Test func longLineCheckFindsTheFirstLongLineAsAScanOfEveryLineDoes() {
        func scanned(_ bytes: [UInt8], limit: Int) -> (line: Int, length: Int)? {
            var line = 1
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == 10 {
                if index - start > limit { return (line, index - start) }
                line += 1
                start = index + 1
            }
            return nil
        }
        var random = RobustnessTests.SeededGenerator(state: 7)
        var found = 0
        for round in 0..<600 {
            let limit = [0, 1, 2, 3, 5, 8, 13, 32, 100][round % 9]
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                let length = Int.random(in: 0...(limit * 2 + 3), using: &random)
                bytes += [UInt8](repeating: 97, count: length)
                if Bool.random(using: &random) || bytes.isEmpty { bytes.append(10) }
            }
            let expected = scanned(bytes, limit: limit)
            let problem = IncidentReader.longLine(in: Data(bytes), name: "log.md", limit: limit)
            #expect(problem?.location?.line == expected?.line, "limit \(limit): \(bytes)")
            if let expected {
                found += 1
                let size = String(format: "%.1f", Double(expected.length) / 1_048_576)
                #expect(problem?.message.hasPrefix("line \(expected.line) is \(size) MiB long") == true)
                #expect(problem?.location?.column == 1)
            }
        }
        #expect(found > 100)
    }

    // MARK: - JSON or Markdown

    /// Texts starting with ASCII are told from their bytes; the answer is the one the
    /// first non-whitespace scalar gives (a byte order mark skipped).
    @Test func jsonIsToldFromTheFirstCharacterLikeTheUnicodeRuleTellsIt() {
        func byScalars(_ text: String) -> Bool {
            guard let first = text.unicodeScalars.first(where: { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }) else {
                return false
            }
            return first == "{" || first == "["
        }
        let starts = ["", " ", "\n", "\r\n\t", "\u{0B}\u{0C}", "\u{1C}", "\u{FEFF}", "\u{A0}", "\u{2003}", "\u{85}", "é", "—"]
        let rests = ["", "{", "[", "# Log", "- 10:00 x", "{\"a\": 1}", " [1]", "x{"]
        var checked = 0
        for start in starts {
            for middle in starts {
                for rest in rests {
                    let text = start + middle + rest
                    #expect(IncidentReader.startsLikeJSON(text) == byScalars(text), "\(Array(text.unicodeScalars))")
                    checked += 1
                }
            }
        }
        #expect(IncidentReader.startsLikeJSON(" \n{\"title\": \"x\"}"))
        #expect(IncidentReader.startsLikeJSON("\u{FEFF}[1]"))
        #expect(!IncidentReader.startsLikeJSON("---\ntitle: x\n---\n"))
        #expect(checked == 1_152)
    }
}
