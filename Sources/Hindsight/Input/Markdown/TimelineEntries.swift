/// One timeline entry as found in the Markdown, before dates and zones are settled.
struct RawEntry {
    var expression: TimeExpression?
    var writtenTime: String?
    var text: String
    var details: [String] = []
    var tags: [String] = []
    var author: String?
    var source: SourceLocation
    /// The day given by the closest day heading or date line above the entry.
    var day: WrittenDate?
    /// Increases whenever a new day heading or date line starts, so runs of entries under
    /// one day can be told apart even when two headings name the same day.
    var dayGroup: Int
    /// A zone stated for this entry's table (`Date and Time in CET`).
    var tableZone: ZoneStatement?
    /// Where the expression's problem, zone and alternate reading were written.
    var problemLocation: SourceLocation?
    var alternateLocation: SourceLocation?
}

/// What one timeline region gave: its entries and the lines they took.
struct RegionEntries {
    var entries: [RawEntry] = []
    /// First and last body line of the blocks that held entries, day headings and date lines.
    var consumedLines: ClosedRange<Int>?
    /// Zones stated in table headers.
    var tableStatements: [ZoneStatement] = []
}

/// Finds the entries of a timeline region: list items, pipe-table rows and paragraphs
/// led by a time, under day headings and date lines.
struct TimelineEntryExtractor {
    let source: MarkdownSource
    let zones: ZoneCache

    /// Tag words accepted besides the milestone names.
    static let extraTags: Set<String> = [
        "escalated", "paged", "handoff", "update", "action", "failed", "change", "decision",
    ]

    /// Entries of top-level blocks `range`, starting under the day `initialDay`.
    func entries(in range: Range<Int>, initialDay: WrittenDate?, dayGroup: inout Int) -> RegionEntries {
        var result = RegionEntries()
        var day = initialDay
        var pending: [MarkdownBlock] = []
        let blocks = source.blocks
        func consume(_ block: MarkdownBlock) {
            let span = block.startLine...max(block.startLine, block.endLine)
            if let current = result.consumedLines {
                result.consumedLines = min(current.lowerBound, span.lowerBound)...max(current.upperBound, span.upperBound)
            } else {
                result.consumedLines = span
            }
        }
        func flushPending() {
            guard !pending.isEmpty, !result.entries.isEmpty else { return }
            for block in pending {
                result.entries[result.entries.count - 1].details.append(source.source(of: block))
                consume(block)
            }
            pending.removeAll()
        }
        var lastIsHeadingEntry = false
        for blockIndex in range {
            let block = blocks[blockIndex]
            if case .heading = block.kind {} else if lastIsHeadingEntry {
                // Blocks under a heading entry belong to it.
                result.entries[result.entries.count - 1].details.append(source.source(of: block))
                consume(block)
                continue
            }
            switch block.kind {
            case .heading:
                if let date = dayDate(of: block) {
                    pending.removeAll()
                    day = date
                    dayGroup += 1
                    consume(block)
                    lastIsHeadingEntry = false
                } else if let entry = headingEntry(block, day: day, dayGroup: dayGroup) {
                    // `### 14:05 UTC - Alert fired`: the blocks under it are its details.
                    flushPending()
                    pending.removeAll()
                    result.entries.append(entry)
                    consume(block)
                    lastIsHeadingEntry = true
                } else {
                    pending.append(block)
                }
            case .list:
                let before = result.entries.count
                let timed = appendListEntries(block, day: day, dayGroup: dayGroup, to: &result.entries)
                if timed > 0 {
                    if before > 0, !pending.isEmpty {
                        for block in pending {
                            result.entries[before - 1].details.append(source.source(of: block))
                            consume(block)
                        }
                    }
                    pending.removeAll()
                    consume(block)
                } else {
                    result.entries.removeSubrange(before...)
                    pending.append(block)
                }
            case .paragraph:
                if isTable(block) {
                    let table = tableEntries(block, day: day, dayGroup: dayGroup)
                    if table.entries.contains(where: { $0.expression != nil }) {
                        flushPending()
                        result.entries.append(contentsOf: table.entries)
                        if let statement = table.statement { result.tableStatements.append(statement) }
                        consume(block)
                    } else {
                        pending.append(block)
                    }
                } else if let date = dateLine(block) {
                    pending.removeAll()
                    day = date
                    dayGroup += 1
                    consume(block)
                } else {
                    let lines = paragraphEntries(block, day: day, dayGroup: dayGroup)
                    if lines.isEmpty {
                        pending.append(block)
                    } else {
                        flushPending()
                        result.entries.append(contentsOf: lines)
                        consume(block)
                    }
                }
            default:
                pending.append(block)
            }
        }
        return result
    }

    /// A heading led by a time (`### 14:05 UTC - Alert fired`), as an entry.
    private func headingEntry(_ block: MarkdownBlock, day: WrittenDate?, dayGroup: Int) -> RawEntry? {
        let bytes = Array(source.line(block.startLine).utf8)
        var start = max(block.startColumn - 1, 0)
        while start < bytes.count, bytes[start] == 35 { start += 1 }  // #
        start = TimeExpressionScanner.skipSpaces(bytes, start)
        guard start < bytes.count, block.startLine == block.endLine,
            let expression = TimeExpressionScanner.scanEntryPrefix(bytes, from: start, zones: zones),
            expression.clock != nil || expression.unknownTime || expression.problem != nil
        else { return nil }
        var end = bytes.count
        // A closing sequence of `#` is not text.
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 35 { end -= 1 }
        let line = Array(bytes[..<end])
        return entry(bytes: line, start: start, lineNumber: block.startLine, continuation: [], day: day, dayGroup: dayGroup)
    }

    // MARK: - Day headings and date lines

    /// The date a heading starts with (`### 2026-03-04`, `### Wednesday, 4 March 2026`,
    /// `### October 21, 2025 - Redis overload`).
    func dayDate(of heading: MarkdownBlock) -> WrittenDate? {
        let bytes = Array(heading.text.utf8)
        let start = TimeExpressionScanner.skipSpaces(bytes, 0)
        guard let scanned = TimeExpressionScanner.scanDate(bytes, start), case .date(let date) = scanned.result else {
            return nil
        }
        let after = TimeExpressionScanner.skipSpaces(bytes, scanned.end)
        guard after == bytes.count || !TimeExpressionScanner.isWordByte(bytes[after]) else { return nil }
        return date
    }

    /// A paragraph that is only a date (`2019-01-22`, `**March 4, 2026**`, `Wednesday 4 March:`).
    func dateLine(_ block: MarkdownBlock) -> WrittenDate? {
        guard block.startLine == block.endLine, block.text.utf8.count <= 60 else { return nil }
        var bytes = Array(block.text.utf8)
        while let last = bytes.last, last == 58 || last == 32 || last == 46 { bytes.removeLast() }
        let start = TimeExpressionScanner.skipSpaces(bytes, 0)
        guard let scanned = TimeExpressionScanner.scanDate(bytes, start), case .date(let date) = scanned.result,
            TimeExpressionScanner.skipSpaces(bytes, scanned.end) == bytes.count
        else { return nil }
        return date
    }

    // MARK: - Lists

    /// Appends an entry for each item of a list; returns how many are led by a time.
    private func appendListEntries(_ list: MarkdownBlock, day: WrittenDate?, dayGroup: Int, to entries: inout [RawEntry]) -> Int {
        var timed = 0
        for item in list.children {
            guard let first = item.children.first else { continue }
            var entry: RawEntry
            var rest = item.children.dropFirst()
            if case .paragraph = first.kind {
                entry = paragraphEntry(
                    firstLine: first.startLine, column: first.startColumn, lastLine: first.endLine,
                    day: day, dayGroup: dayGroup)
            } else {
                entry = RawEntry(
                    text: "", source: source.location(of: first), day: day, dayGroup: dayGroup)
                rest = item.children[...]
            }
            for child in rest {
                if case .list = child.kind {
                    for nested in child.children {
                        entry.details.append(itemContent(nested))
                    }
                } else {
                    entry.details.append(source.source(of: child))
                }
            }
            if entry.expression != nil { timed += 1 }
            entries.append(entry)
        }
        return timed
    }

    /// A nested list item's content without its bullet.
    private func itemContent(_ item: MarkdownBlock) -> String {
        guard let first = item.children.first, let last = item.children.last else { return "" }
        return source.dedented(fromLine: first.startLine, column: first.startColumn, toLine: last.endLine)
    }

    // MARK: - Paragraph entries

    /// The entry whose text starts at body line `firstLine`, byte `column`, and runs to `lastLine`.
    func paragraphEntry(firstLine: Int, column: Int, lastLine: Int, day: WrittenDate?, dayGroup: Int) -> RawEntry {
        let line = source.line(firstLine)
        let bytes = Array(line.utf8)
        let start = min(column - 1, bytes.count)
        var lines: [Substring] = []
        if firstLine < lastLine {
            lines.reserveCapacity(lastLine - firstLine)
            for number in (firstLine + 1)...lastLine { lines.append(trimmedLeading(source.line(number))) }
        }
        return entry(bytes: bytes, start: start, lineNumber: firstLine, continuation: lines, day: day, dayGroup: dayGroup)
    }

    /// Lines of a plain paragraph: each line led by a time starts an entry; the lines after
    /// it continue it. Empty when the first line is not led by a time.
    private func paragraphEntries(_ block: MarkdownBlock, day: WrittenDate?, dayGroup: Int) -> [RawEntry] {
        let firstBytes = Array(source.line(block.startLine).utf8)
        let firstStart = min(block.startColumn - 1, firstBytes.count)
        guard TimeExpressionScanner.scanEntryPrefix(firstBytes, from: firstStart, zones: zones) != nil else { return [] }
        var starts: [(line: Int, column: Int)] = [(block.startLine, block.startColumn)]
        if block.endLine > block.startLine {
            for number in (block.startLine + 1)...block.endLine {
                let bytes = Array(source.line(number).utf8)
                let indent = TimeExpressionScanner.skipSpaces(bytes, 0)
                if TimeExpressionScanner.scanEntryPrefix(bytes, from: indent, zones: zones).map({ $0.clock != nil || $0.date != nil || $0.unknownTime }) == true {
                    starts.append((number, indent + 1))
                }
            }
        }
        var entries: [RawEntry] = []
        for (position, start) in starts.enumerated() {
            let last = position + 1 < starts.count ? starts[position + 1].line - 1 : block.endLine
            entries.append(paragraphEntry(firstLine: start.line, column: start.column, lastLine: last, day: day, dayGroup: dayGroup))
        }
        return entries
    }

    private func trimmedLeading(_ line: Substring) -> Substring {
        var index = line.startIndex
        while index < line.endIndex, line[index] == " " || line[index] == "\t" { index = line.index(after: index) }
        return line[index...]
    }

    /// Builds an entry from its first line (from byte `start`) and continuation lines.
    private func entry(
        bytes: [UInt8], start: Int, lineNumber: Int, continuation: [Substring], day: WrittenDate?, dayGroup: Int
    ) -> RawEntry {
        let expression = TimeExpressionScanner.scanEntryPrefix(bytes, from: start, zones: zones)
        var textStart = start
        var written: String? = nil
        var prefix = ""
        var problemLocation: SourceLocation? = nil
        var alternateLocation: SourceLocation? = nil
        if let found = expression {
            textStart = found.textStart
            written = String(decoding: bytes[found.writtenStart..<found.writtenEnd], as: UTF8.self)
            if let emphasis = found.openEmphasis { prefix = emphasis }
            if found.problem != nil {
                problemLocation = source.location(line: lineNumber, byteColumn: found.problemOffset + 1)
            }
            if let alternate = found.alternate {
                alternateLocation = source.location(line: lineNumber, byteColumn: alternate.offset + 1)
            }
        }
        var textEnd = bytes.count
        while textEnd > textStart, bytes[textEnd - 1] == 32 || bytes[textEnd - 1] == 9 || bytes[textEnd - 1] == 13 {
            textEnd -= 1
        }
        // Tags right after the time.
        var tags: [String] = []
        if expression != nil { textStart = Self.scanTags(bytes, from: textStart, to: textEnd, into: &tags) }
        let firstText = String(decoding: bytes[textStart..<textEnd], as: UTF8.self)
        let location = source.location(line: lineNumber, byteColumn: start + 1)
        var text = firstText
        var details: [String] = []
        if !continuation.isEmpty || Self.isOnlyFootnotes(firstText) {
            (text, details) = Self.joinContinuation(first: firstText, continuation: continuation)
            if expression != nil, tags.isEmpty, firstText.isEmpty { (tags, text) = Self.tags(in: text) }
        }
        if !prefix.isEmpty, text.contains(prefix) { text = prefix + text }
        return RawEntry(
            expression: expression, writtenTime: written, text: text, details: details, tags: tags,
            source: location, day: day, dayGroup: dayGroup,
            problemLocation: problemLocation, alternateLocation: alternateLocation)
    }

    /// The entry's text and details from its first line and the lines after it: wrapped
    /// sentences continue the text; once a sentence ends, the remaining lines are a detail.
    static func joinContinuation(first: String, continuation: [Substring]) -> (String, [String]) {
        var text = first
        var index = 0
        if isOnlyFootnotes(text), text.hasSuffix(":") { text.removeLast() }
        if text.isEmpty || isOnlyFootnotes(text), index < continuation.count {
            let next = String(continuation[index]).trimmingTrailingSpaces()
            text = text.isEmpty ? next : text + " " + next
            index += 1
        }
        while index < continuation.count, !endsSentence(text) {
            text += " " + String(continuation[index]).trimmingTrailingSpaces()
            index += 1
        }
        var details: [String] = []
        if index < continuation.count {
            details.append(continuation[index...].map { String($0).trimmingTrailingSpaces() }.joined(separator: "\n"))
        }
        if text.hasSuffix("\\") { text.removeLast() }
        return (text.trimmingTrailingSpaces(), details)
    }

    static func isOnlyFootnotes(_ text: String) -> Bool {
        text.hasPrefix("[^") && (text.hasSuffix("]") || text.hasSuffix("]:")) && !text.contains(" ")
    }

    /// Whether a line ends a sentence (or a hard line break ends it).
    private static func endsSentence(_ text: String) -> Bool {
        if text.hasSuffix("  ") || text.hasSuffix("\\") { return true }
        var scalars = text.unicodeScalars.reversed().makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case " ", "\t", "*", "_", "`", ")", "\"", "'", "]": continue
            case ".", "!", "?", ":", ";": return true
            default: return false
            }
        }
        return false
    }

    /// Leading `[tag]` words that are known tags, removed from the text and lowercased.
    static func tags(in text: String) -> ([String], String) {
        let bytes = Array(text.utf8)
        var tags: [String] = []
        let start = scanTags(bytes, from: 0, to: bytes.count, into: &tags)
        guard !tags.isEmpty else { return ([], text) }
        return (tags, String(decoding: bytes[start...], as: UTF8.self))
    }

    /// Reads known `[tag]` words at `start`, appending them lowercased; returns where the
    /// text after them (and their spaces) starts. Unknown words, links (`[x](…)`) and
    /// reference links stay text.
    static func scanTags(_ bytes: [UInt8], from start: Int, to end: Int, into tags: inout [String]) -> Int {
        var index = start
        while index < end, bytes[index] == 91 {  // [
            var close = index + 1
            while close < end, close - index <= 33,
                TimeExpressionScanner.isLetter(bytes[close]) || bytes[close] == 45 || bytes[close] == 95
            {
                close += 1
            }
            guard close < end, close > index + 1, bytes[close] == 93 else { break }
            let after = close + 1
            if after < end, bytes[after] == 40 || bytes[after] == 58 { break }
            let word = String(decoding: bytes[(index + 1)..<close], as: UTF8.self).lowercased()
            guard extraTags.contains(word) || MilestoneKind(tag: word) != nil else { break }
            tags.append(word)
            index = min(TimeExpressionScanner.skipSpaces(bytes, after), end)
        }
        return index
    }

    // MARK: - Tables

    /// A paragraph whose lines are pipe-table rows (cmark 0.30 has no table extension).
    func isTable(_ block: MarkdownBlock) -> Bool {
        let line = source.line(block.startLine)
        return line.utf8.dropFirst(max(block.startColumn - 1, 0)).first == 124
    }

    private func tableEntries(_ block: MarkdownBlock, day: WrittenDate?, dayGroup: Int) -> (entries: [RawEntry], statement: ZoneStatement?) {
        var rows: [(line: Int, cells: [TableCell])] = []
        for number in block.startLine...max(block.startLine, block.endLine) {
            let cells = Self.cells(source.line(number))
            if !cells.isEmpty { rows.append((number, cells)) }
        }
        guard !rows.isEmpty else { return ([], nil) }
        var header: [TableCell]? = nil
        if rows.count >= 2, Self.isDelimiterRow(rows[1].cells) {
            header = rows[0].cells
            rows.removeFirst(2)
        }
        let width = rows.map(\.cells.count).max() ?? 0
        var timeColumn: Int? = nil
        var dateColumn: Int? = nil
        var authorColumn: Int? = nil
        var statement: ZoneStatement? = nil
        if let header {
            for (column, cell) in header.enumerated() {
                let name = cell.text.lowercased()
                if timeColumn == nil, name.contains("time") || name.contains("when") || name.contains("timestamp") {
                    timeColumn = column
                } else if dateColumn == nil, name.contains("date") || name == "day" {
                    dateColumn = column
                } else if authorColumn == nil, ["who", "author", "owner", "by", "person", "actor", "responder"].contains(name) {
                    authorColumn = column
                }
            }
            if timeColumn == nil, let date = dateColumn {
                timeColumn = date
                dateColumn = nil
            }
            if let column = timeColumn {
                statement = ZoneStatement.find(in: Substring(header[column].text), place: .label, zones: zones)
            }
        }
        if timeColumn == nil {
            // By content: the first column whose cells mostly start with a time.
            for column in 0..<width {
                let timed = rows.filter { row in
                    column < row.cells.count
                        && TimeExpressionScanner.scanEntryPrefix(Array(row.cells[column].text.utf8), zones: zones) != nil
                }.count
                if timed * 2 >= rows.count, timed > 0 {
                    timeColumn = column
                    break
                }
            }
        }
        guard let timeColumn else { return ([], nil) }
        var entries: [RawEntry] = []
        for row in rows {
            var written = timeColumn < row.cells.count ? row.cells[timeColumn].text : ""
            if let dateColumn, dateColumn < row.cells.count, !row.cells[dateColumn].text.isEmpty {
                written = row.cells[dateColumn].text + " " + written
            }
            let timeCell = timeColumn < row.cells.count ? row.cells[timeColumn] : row.cells[0]
            var others: [String] = []
            var author: String? = nil
            for (column, cell) in row.cells.enumerated() where column != timeColumn && column != dateColumn {
                if column == authorColumn {
                    author = cell.text.isEmpty ? nil : cell.text
                } else if !cell.text.isEmpty {
                    others.append(cell.text)
                }
            }
            let bytes = Array(written.utf8)
            let expression = TimeExpressionScanner.scanEntryPrefix(bytes, zones: zones)
            let location = source.location(line: row.line, byteColumn: timeCell.byteColumn)
            var entry = RawEntry(text: others.joined(separator: " — "), author: author, source: location, day: day, dayGroup: dayGroup)
            entry.tableZone = statement
            if let expression {
                entry.expression = expression
                entry.writtenTime = String(decoding: bytes[expression.writtenStart..<expression.writtenEnd], as: UTF8.self)
                let leftover = String(decoding: bytes[expression.textStart...], as: UTF8.self)
                if !leftover.isEmpty { entry.text = entry.text.isEmpty ? leftover : leftover + " — " + entry.text }
                if expression.problem != nil {
                    entry.problemLocation = dateColumn == nil
                        ? source.location(line: row.line, byteColumn: timeCell.byteColumn + expression.problemOffset)
                        : location
                }
                if expression.alternate != nil { entry.alternateLocation = location }
                (entry.tags, entry.text) = Self.tags(in: entry.text)
            } else if !written.isEmpty {
                entry.text = entry.text.isEmpty ? written : written + " — " + entry.text
            }
            entries.append(entry)
        }
        return (entries, statement)
    }

    /// A table cell's text (trimmed) and the byte column where it starts.
    struct TableCell {
        var text: String
        var byteColumn: Int
    }

    /// Splits `| a | b |` into cells; `\|` and pipes inside code spans do not split.
    static func cells(_ line: Substring) -> [TableCell] {
        let bytes = Array(line.utf8)
        var index = TimeExpressionScanner.skipSpaces(bytes, 0)
        guard index < bytes.count, bytes[index] == 124 else { return [] }
        index += 1
        var cells: [TableCell] = []
        var cellStart = index
        var inCode = false
        func finish(_ end: Int) {
            var from = cellStart
            var to = end
            while from < to, bytes[from] == 32 || bytes[from] == 9 { from += 1 }
            while to > from, bytes[to - 1] == 32 || bytes[to - 1] == 9 || bytes[to - 1] == 13 { to -= 1 }
            cells.append(TableCell(text: String(decoding: bytes[from..<to], as: UTF8.self), byteColumn: from + 1))
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 92, index + 1 < bytes.count {
                index += 2
                continue
            }
            if byte == 96 { inCode.toggle() }
            if byte == 124, !inCode {
                finish(index)
                cellStart = index + 1
            }
            index += 1
        }
        let tail = bytes[cellStart...].contains { $0 != 32 && $0 != 9 && $0 != 13 }
        if tail { finish(bytes.count) }
        return cells
    }

    static func isDelimiterRow(_ cells: [TableCell]) -> Bool {
        !cells.isEmpty && cells.allSatisfy { cell in
            cell.text.contains("-") && cell.text.allSatisfy { $0 == "-" || $0 == ":" || $0 == " " }
        }
    }
}

extension String {
    /// The text without trailing spaces, tabs and carriage returns.
    fileprivate func trimmingTrailingSpaces() -> String {
        var result = self
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result.removeLast() }
        return result
    }
}
