import Foundation

/// The time at the start of a timeline entry, as written.
struct TimelineStamp {
    /// The date written with the time (`2026-03-04 03:10`), if any.
    var date: CalendarDate?
    /// Minutes since midnight (12-hour clocks converted); nil for an unknown time (`--:--`).
    var minutes: Int?
    /// A zone is written with the time (`03:10 CET`, `2026-03-04T03:10Z`, `9:41 PM PDT`).
    var hasZone: Bool
    /// The time as written, for messages: `03:10`, `9:41 PM`.
    var written: String
    /// Characters from the start of the scanned text to the time.
    var offset: Int

    /// Reads the stamp that leads `text` (`03:10`, `**14:05 UTC**`, `2026-02-17 ~14:20`,
    /// `9:00 PM PDT:`, `[03-04 10:15]`, `--:--`); nil when the text does not start with one.
    init?(leading text: Substring, year: Int? = nil) {
        let characters = Array(text.prefix(64))
        var index = 0
        func skip(_ set: String) {
            while index < characters.count, set.contains(characters[index]) { index += 1 }
        }
        func digits(_ count: Int, at position: Int) -> Int? {
            guard position + count <= characters.count else { return nil }
            var value = 0
            for character in characters[position..<(position + count)] {
                guard let digit = character.wholeNumberValue, character.isASCII else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        skip(" \t*_[(~±≈`")
        let start = index
        for unknown in ["--:--", "??:??", "?:??", "???"] where characters.count - index >= unknown.count
            && String(characters[index..<(index + unknown.count)]) == unknown
        {
            self.date = nil
            self.minutes = nil
            self.hasZone = false
            self.written = unknown
            self.offset = start
            return
        }
        var date: CalendarDate?
        if let year = digits(4, at: index), index + 4 < characters.count, characters[index + 4] == "-",
            let month = digits(2, at: index + 5), index + 7 < characters.count, characters[index + 7] == "-",
            let day = digits(2, at: index + 8)
        {
            guard let parsed = CalendarDate(year: year, month: month, day: day) else { return nil }
            date = parsed
            index += 10
            guard index < characters.count, characters[index] == " " || characters[index] == "T" || characters[index] == "," else { return nil }
            index += 1
            skip(" ,~±≈")
        } else if let month = digits(2, at: index), index + 2 < characters.count, characters[index + 2] == "-",
            let day = digits(2, at: index + 3), index + 5 < characters.count, characters[index + 5] == " "
        {
            // `[03-04 10:15]`: month and day, the year from the day heading.
            date = CalendarDate(year: year ?? 2000, month: month, day: day)
            guard date != nil else { return nil }
            index += 6
        }
        let timeStart = index
        let hourDigits = digits(2, at: index) != nil ? 2 : (digits(1, at: index) != nil ? 1 : 0)
        guard hourDigits > 0, var hour = digits(hourDigits, at: index) else { return nil }
        index += hourDigits
        guard index < characters.count, characters[index] == ":", let minute = digits(2, at: index + 1), minute < 60 else { return nil }
        index += 3
        if index < characters.count, characters[index] == ":", digits(2, at: index + 1) != nil {
            index += 3
            while index < characters.count, characters[index] == "." || characters[index].isNumber { index += 1 }
        }
        // 12-hour clock.
        var lookahead = index
        while lookahead < characters.count, characters[lookahead] == " " { lookahead += 1 }
        let rest = String(characters[lookahead..<min(lookahead + 4, characters.count)]).lowercased()
        for (marker, afternoon) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] where rest.hasPrefix(marker) {
            let after = lookahead + marker.count
            if after < characters.count, characters[after].isLetter { continue }
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (afternoon ? 12 : 0)
            index = after
            break
        }
        guard hour < 24 else { return nil }
        let written = String(characters[timeStart..<index])
        // A zone right after the time: `Z`, `UTC`, `PDT`, `+02:00`, `UTC+2`, `America/New_York`.
        var hasZone = false
        if index < characters.count, characters[index] == "Z", index + 1 >= characters.count || !characters[index + 1].isLetter {
            hasZone = true
        } else {
            var zoneStart = index
            while zoneStart < characters.count, characters[zoneStart] == " " || characters[zoneStart] == "(" { zoneStart += 1 }
            var zoneEnd = zoneStart
            while zoneEnd < characters.count, characters[zoneEnd].isLetter || characters[zoneEnd].isNumber || "+-:/_".contains(characters[zoneEnd]) {
                zoneEnd += 1
            }
            var token = String(characters[zoneStart..<zoneEnd])
            while let last = token.last, last == ":" || last == "-" { token.removeLast() }
            if let first = token.first {
                if first == "+" || token.contains("/") || first.isUppercase {
                    hasZone = ZoneNames.resolve(token) != nil
                }
                // A leading `-` is a range (`10:00-10:05`), not an offset.
            }
        }
        self.date = date
        self.minutes = hour * 60 + minute
        self.hasZone = hasZone
        self.written = written
        self.offset = timeStart
    }
}

/// Checks the timeline of an incident log (not of a report): entries out of order,
/// and dated times with no zone anywhere in the document.
enum TimelineChecker {
    /// An entry found in a timeline section.
    struct Entry {
        var stamp: TimelineStamp
        var line: Int
        var column: Int
    }

    /// Entries that follow one another within one day heading (or date line).
    struct Group {
        var date: CalendarDate?
        var entries: [Entry] = []
    }

    static let timelineTitles: Set<String> = ["timeline", "incident timeline", "timeline of events", "chronology", "event timeline", "detailed timeline"]

    static func findings(in text: CheckedMarkdown) -> [CheckFinding] {
        guard text.isLog else { return [] }
        var sections = timelineSections(of: text, titled: true)
        if sections.isEmpty {
            sections = timelineSections(of: text, titled: false)
        }
        var result: [CheckFinding] = []
        var zoneDeclared = declaresZone(text)
        var firstWithoutZone: Entry?
        let documentDate = text.frontMatter.values["date"].flatMap { CalendarDate($0) }
        for section in sections {
            if let heading = section.heading, mentionsZone(heading) { zoneDeclared = true }
            if section.tableDeclaresZone { zoneDeclared = true }
            for group in section.groups {
                result += orderFindings(group, text: text)
                if firstWithoutZone == nil {
                    firstWithoutZone = group.entries.first {
                        $0.stamp.minutes != nil && !$0.stamp.hasZone && ($0.stamp.date ?? group.date ?? documentDate) != nil
                    }
                }
            }
        }
        if !zoneDeclared, let entry = firstWithoutZone {
            result.append(CheckFinding(
                .timelineZone, .warning, "times have no zone",
                suggestion: "add `timezone:` to the front matter (or a line such as \"All times are UTC\")",
                at: text.location(line: entry.line, column: entry.column)))
        }
        return result
    }

    // MARK: Order

    private static func orderFindings(_ group: Group, text: CheckedMarkdown) -> [CheckFinding] {
        var entries = group.entries.filter { $0.stamp.minutes != nil }
        guard entries.count > 1 else { return [] }
        // A newest-first list is checked from its end.
        var ascending = 0
        var descending = 0
        for (previous, current) in zip(entries, entries.dropFirst()) {
            let before = key(previous.stamp, base: group.date, dayOffset: 0)
            let after = key(current.stamp, base: previous.stamp.date ?? group.date, dayOffset: 0)
            if after > before { ascending += 1 } else if after < before { descending += 1 }
        }
        if descending >= 2 && descending > ascending { entries.reverse() }

        var result: [CheckFinding] = []
        var base = group.date
        var dayOffset = 0
        var previous: (key: Int, written: String)?
        for entry in entries {
            if let date = entry.stamp.date {
                base = date
                dayOffset = 0
            }
            var current = key(entry.stamp, base: base, dayOffset: dayOffset)
            if let last = previous, current < last.key {
                if entry.stamp.date == nil, last.key - current >= 6 * 60 {
                    // Past midnight: the next day.
                    dayOffset += 1
                    current += 24 * 60
                } else {
                    result.append(CheckFinding(
                        .timelineOrder, .warning,
                        "entry at \(entry.stamp.written) is earlier than the entry before it (\(last.written))",
                        suggestion: "put the entries in time order or correct the time; start a new day with a date line such as `### 2026-03-05`",
                        at: text.location(line: entry.line, column: entry.column)))
                    continue
                }
            }
            previous = (current, entry.stamp.written)
        }
        return result
    }

    /// Minutes on one scale: the entry's own date, else `base` plus the days passed
    /// at midnight rollovers.
    private static func key(_ stamp: TimelineStamp, base: CalendarDate?, dayOffset: Int) -> Int {
        let minutes = stamp.minutes ?? 0
        let days = (stamp.date ?? base).map { $0.daysSinceEpoch + 1_000_000 } ?? 0
        return (days + (stamp.date == nil ? dayOffset : 0)) * 24 * 60 + minutes
    }

    // MARK: Zone statements

    /// Front matter `timezone:`, a sentence such as "All times are PDT", or a
    /// `Timezone: UTC` line.
    private static func declaresZone(_ text: CheckedMarkdown) -> Bool {
        if text.frontMatter.timeZone != nil { return true }
        for (offset, line) in text.lines.enumerated() where offset + 1 > text.frontMatter.endLine && !text.isCode(line: offset + 1) {
            let lower = line.lowercased()
            if lower.contains("all times") || lower.contains("times are in ") || lower.contains("times are utc") { return true }
            let trimmed = lower.trimmingCharacters(in: CharacterSet(charactersIn: " \t*_>-"))
            if trimmed.hasPrefix("timezone:") || trimmed.hasPrefix("time zone:") || trimmed.hasPrefix("timezone :") { return true }
        }
        return false
    }

    /// Whether a heading or table header names a zone: `Timeline (UTC)`, `Time (CET)`,
    /// `Date and Time in CET`.
    static func mentionsZone(_ text: String) -> Bool {
        text.split(whereSeparator: { " ,()[]:*_\t".contains($0) }).contains { word in
            guard let first = word.first, first.isUppercase else { return false }
            return ZoneNames.resolve(String(word)) != nil
        }
    }

    // MARK: Finding the timeline

    /// A timeline section and its entries.
    struct Section {
        var heading: String?
        var groups: [Group]
        var tableDeclaresZone: Bool
        var candidateCount: Int
    }

    /// The sections titled Timeline (or Chronology …); with `titled: false`, every
    /// section whose entries are mostly timed.
    private static func timelineSections(of text: CheckedMarkdown, titled: Bool) -> [Section] {
        let blocks = text.document.blocks
        var sections: [Section] = []
        if !titled, text.headings.isEmpty {
            let section = entries(in: blocks[...], heading: nil, text: text)
            let timed = section.groups.reduce(0) { $0 + $1.entries.count }
            return timed >= 3 && timed * 2 > section.candidateCount ? [section] : []
        }
        let ends = text.sectionEnds()
        for (position, heading) in text.headings.enumerated() {
            let end = ends[position]
            let range = blocks[(heading.blockIndex + 1)..<max(heading.blockIndex + 1, end)]
            if titled {
                guard isTimelineTitle(heading.title) else { continue }
                sections.append(entries(in: range, heading: heading.title, text: text))
            } else {
                // Only the innermost sections, so a day heading's entries are not counted twice.
                let next = position + 1 < text.headings.count ? text.headings[position + 1] : nil
                if let next, next.level > heading.level, next.blockIndex < end { continue }
                let section = entries(in: range, heading: heading.title, text: text)
                let timed = section.groups.reduce(0) { $0 + $1.entries.count }
                if timed >= 3 && timed * 2 > section.candidateCount { sections.append(section) }
            }
        }
        return sections
    }

    static func isTimelineTitle(_ title: String) -> Bool {
        var key = title.lowercased()
        if let open = key.firstIndex(of: "(") { key = String(key[..<open]) }
        key = key.filter { $0.isLetter || $0 == " " }.split(separator: " ").joined(separator: " ")
        return timelineTitles.contains(key) || key.hasPrefix("timeline")
    }

    private static func entries(in blocks: ArraySlice<MarkdownBlock>, heading: String?, text: CheckedMarkdown) -> Section {
        var section = Section(heading: heading, groups: [Group()], tableDeclaresZone: false, candidateCount: 0)
        let documentYear = text.frontMatter.values["date"].flatMap { CalendarDate($0) }?.year
        func startGroup(_ date: CalendarDate?) {
            if section.groups.last?.entries.isEmpty == true {
                section.groups[section.groups.count - 1].date = date
            } else {
                section.groups.append(Group(date: date))
            }
        }
        func add(_ source: Substring, line: Int, column: Int) {
            section.candidateCount += 1
            let year = section.groups.last?.date?.year
            guard let stamp = TimelineStamp(leading: source, year: year) else { return }
            section.groups[section.groups.count - 1].entries.append(Entry(stamp: stamp, line: line, column: column + stamp.offset))
        }
        for block in blocks {
            switch block.kind {
            case .heading:
                let year = section.groups.last?.date?.year ?? documentYear
                if let date = dateLine(block.text, year: year) ?? dateLine(headingDatePart(block.text), year: year) { startGroup(date) }
            case .list:
                for item in block.children where item.kind == .item {
                    guard let paragraph = item.children.first, paragraph.kind == .paragraph else {
                        section.candidateCount += 1
                        continue
                    }
                    add(text.text(ofLine: paragraph.startLine, fromByteColumn: paragraph.startColumn), line: paragraph.startLine,
                        column: text.characterColumn(line: paragraph.startLine, byteColumn: paragraph.startColumn))
                }
            case .paragraph:
                if let date = dateLine(block.text, year: section.groups.last?.date?.year ?? documentYear) {
                    startGroup(date)
                    continue
                }
                var isTable = false
                for line in block.startLine...max(block.startLine, block.endLine) {
                    let source = line == block.startLine ? text.text(ofLine: line, fromByteColumn: block.startColumn) : text.text(ofLine: line)
                    let column = line == block.startLine ? text.characterColumn(line: line, byteColumn: block.startColumn) : 1
                    if source.trimmingCharacters(in: .whitespaces).hasPrefix("|") {
                        let cells = ActionItemChecker.tableCells(source)
                        guard let first = cells.first else { continue }
                        if !isTable {
                            // The header row.
                            isTable = true
                            if cells.contains(where: { mentionsZone($0.text) }) { section.tableDeclaresZone = true }
                            if TimelineStamp(leading: Substring(first.text)) == nil { continue }
                        }
                        if cells.allSatisfy({ $0.text.allSatisfy { "-: ".contains($0) } }) { continue }
                        add(Substring(first.text), line: line, column: column + first.column - 1)
                    } else if line == block.startLine || TimelineStamp(leading: source) != nil {
                        add(source, line: line, column: column)
                    }
                }
            default:
                continue
            }
        }
        return section
    }

    /// The part of a heading before ` - `, ` — `, ` – ` or `: ` (`October 24, 2025 - Rate limiting`).
    static func headingDatePart(_ text: String) -> String {
        for separator in [" - ", " — ", " – ", ": "] {
            if let range = text.range(of: separator) { return String(text[..<range.lowerBound]) }
        }
        return text
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let dayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// A heading or line that is only a date: `2026-03-04`, `Wednesday 2026-03-04`,
    /// `April 9, 2026`, `9 April 2026`, or `March 6` with the year from `defaultYear`.
    static func dateLine(_ text: String, year defaultYear: Int? = nil) -> CalendarDate? {
        let tokens = text.split(whereSeparator: { " ,()*_#\t".contains($0) }).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ":.")) }
            .filter { !$0.isEmpty }
        guard !tokens.isEmpty, tokens.count <= 5 else { return nil }
        var month: Int?
        var day: Int?
        var year: Int?
        for token in tokens {
            if let date = CalendarDate(token) { return tokens.allSatisfy({ $0 == token || dayNames.contains(String($0.lowercased().prefix(3))) }) ? date : nil }
            let lower = token.lowercased()
            if lower.allSatisfy(\.isLetter) {
                if let index = monthNames.firstIndex(of: String(lower.prefix(3))), month == nil {
                    month = index + 1
                } else if !dayNames.contains(String(lower.prefix(3))) {
                    return nil
                }
            } else {
                let number = lower.hasSuffix("st") || lower.hasSuffix("nd") || lower.hasSuffix("rd") || lower.hasSuffix("th") ? String(lower.dropLast(2)) : lower
                guard number.allSatisfy(\.isNumber), let value = Int(number) else { return nil }
                if number.count == 4 { year = value } else if number.count <= 2 { day = value } else { return nil }
            }
        }
        guard let year = year ?? defaultYear, let month, let day else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}
