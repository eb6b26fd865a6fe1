/// One timeline entry as found in the Markdown, before dates and zones are settled.
///
/// Kept small, because a long log holds one per event until they are resolved: the time
/// is packed (``EntryTime``), places are body lines and byte columns (turned into file
/// locations when the entry is resolved), and what few entries have (a problem with the
/// time, a second reading, a table's zone, an author) is kept out of line.
struct RawEntry {
    /// The leading time expression, packed; nil when the entry is not led by a time.
    var time: EntryTime?
    /// The zone written with the time, as written (`UTC`, `PST`, `+02:00`).
    var zoneName: String?
    var writtenTime: String?
    var text: String
    var details: [String] = []
    var tags: [String] = []
    /// Body line (1-based) and byte column (1-based) where the entry starts.
    var line: Int
    var column: Int
    /// The day given by the closest day heading or date line above the entry.
    private var packedDay: PackedDate
    /// Increases whenever a new day heading or date line starts, so runs of entries under
    /// one day can be told apart even when two headings name the same day.
    var dayGroup: Int
    private var rare: RareEntryParts?

    init(
        expression: TimeExpression?, writtenTime: String? = nil, text: String, details: [String] = [],
        tags: [String] = [], author: String? = nil, line: Int, column: Int, day: WrittenDate?, dayGroup: Int,
        tableZone: ZoneStatement? = nil, problemColumn: Int? = nil, alternateColumn: Int? = nil
    ) {
        self.init(
            timed: expression != nil, expression: expression ?? TimeExpression(), writtenTime: writtenTime, text: text,
            details: details, tags: tags, author: author, line: line, column: column, day: day, dayGroup: dayGroup,
            tableZone: tableZone, problemColumn: problemColumn, alternateColumn: alternateColumn)
    }

    /// The entry led by `expression` when `timed` (else by no time), which is read where
    /// it lies: a long log makes one entry per event.
    init(
        timed: Bool, expression: borrowing TimeExpression, writtenTime: String?, text: String, details: [String],
        tags: [String], author: String? = nil, line: Int, column: Int, day: WrittenDate?, dayGroup: Int,
        tableZone: ZoneStatement? = nil, problemColumn: Int?, alternateColumn: Int?
    ) {
        var problem: TimeExpressionProblem? = nil
        var alternate: AlternateReading? = nil
        if timed {
            time = EntryTime(expression)
            zoneName = expression.zoneName
            problem = expression.problem
            alternate = expression.alternate
        } else {
            time = nil
            zoneName = nil
        }
        self.writtenTime = writtenTime
        self.text = text
        self.details = details
        self.tags = tags
        self.line = line
        self.column = column
        packedDay = PackedDate(day)
        self.dayGroup = dayGroup
        if problem != nil || alternate != nil || tableZone != nil || author != nil {
            rare = RareEntryParts(
                problem: problem, alternate: alternate, problemColumn: problem == nil ? nil : problemColumn,
                alternateColumn: alternate == nil ? nil : alternateColumn, tableZone: tableZone, author: author)
        }
    }

    var day: WrittenDate? { packedDay.date }

    /// Places an entry read before its day was known under that day.
    mutating func settle(day: WrittenDate?, dayGroup: Int) {
        packedDay = PackedDate(day)
        self.dayGroup = dayGroup
    }

    /// The entry's text, details, tags and written time, moved out: the entry keeps
    /// empty ones. An event made from them holds the same strings without a retain of
    /// each (memory another core wrote last) and a release when the entries go.
    mutating func takeContent() -> (text: String, details: [String], tags: [String], writtenTime: String?) {
        var content: (text: String, details: [String], tags: [String], writtenTime: String?) = ("", [], [], nil)
        swap(&content.text, &text)
        swap(&content.details, &details)
        swap(&content.tags, &tags)
        swap(&content.writtenTime, &writtenTime)
        return content
    }

    var author: String? { rare?.author }
    /// A zone stated for this entry's table (`Date and Time in CET`).
    var tableZone: ZoneStatement? { rare?.tableZone }
    var problem: TimeExpressionProblem? { rare?.problem }
    var alternate: AlternateReading? { rare?.alternate }
    /// Byte columns on the entry's line where the time's problem and its alternate reading were written.
    var problemColumn: Int? { rare?.problemColumn }
    var alternateColumn: Int? { rare?.alternateColumn }
}

/// What few entries have, out of line so that the common entry stays small.
final class RareEntryParts {
    let problem: TimeExpressionProblem?
    let alternate: AlternateReading?
    let problemColumn: Int?
    let alternateColumn: Int?
    let tableZone: ZoneStatement?
    let author: String?

    init(
        problem: TimeExpressionProblem?, alternate: AlternateReading?, problemColumn: Int?, alternateColumn: Int?,
        tableZone: ZoneStatement?, author: String?
    ) {
        self.problem = problem
        self.alternate = alternate
        self.problemColumn = problemColumn
        self.alternateColumn = alternateColumn
        self.tableZone = tableZone
        self.author = author
    }
}

/// A ``WrittenDate`` in four bytes; month 0 stands for no date. The scanner only makes
/// dates with years of at most four digits, months 1-12 and days 1-31, which fit.
struct PackedDate: Equatable {
    private var year: Int16
    private var month: UInt8
    private var day: UInt8

    init(_ date: WrittenDate?) {
        guard let date, let month = UInt8(exactly: date.month), month > 0, let day = UInt8(exactly: date.day),
            let year = date.year.map({ Int16(exactly: $0) }) ?? Int16(-1), year >= -1
        else {
            self.year = -1
            self.month = 0
            self.day = 0
            return
        }
        self.year = year
        self.month = month
        self.day = day
    }

    var date: WrittenDate? {
        guard month > 0 else { return nil }
        return WrittenDate(year: year < 0 ? nil : Int(year), month: Int(month), day: Int(day))
    }
}

/// The parts of a leading ``TimeExpression`` that resolving needs, in 16 bytes: the
/// written date, the clock and a range's end as seconds into the day, and flags. (The
/// zone name, a problem and an alternate reading are kept by the ``RawEntry``.)
struct EntryTime {
    private var packedDate: PackedDate
    /// Seconds into the day of the clock and of a range's end; -1 for none.
    private var clockSeconds: Int32
    private var endSeconds: Int32
    private var flags: UInt8

    private static let clockHasSeconds: UInt8 = 1
    private static let endHasSeconds: UInt8 = 2
    private static let unknownFlag: UInt8 = 4
    private static let approximateFlag: UInt8 = 8
    private static let problemFlag: UInt8 = 16

    init(_ expression: borrowing TimeExpression) {
        packedDate = PackedDate(expression.date)
        clockSeconds = expression.clock.map { Int32(truncatingIfNeeded: $0.secondsIntoDay) } ?? -1
        endSeconds = expression.endClock.map { Int32(truncatingIfNeeded: $0.secondsIntoDay) } ?? -1
        var flags: UInt8 = 0
        if expression.clock?.hasSeconds == true { flags |= Self.clockHasSeconds }
        if expression.endClock?.hasSeconds == true { flags |= Self.endHasSeconds }
        if expression.unknownTime { flags |= Self.unknownFlag }
        if expression.approximate { flags |= Self.approximateFlag }
        if expression.problem != nil { flags |= Self.problemFlag }
        self.flags = flags
    }

    var date: WrittenDate? { packedDate.date }
    var clock: ClockReading? { Self.reading(clockSeconds, hasSeconds: flags & Self.clockHasSeconds != 0) }
    var endClock: ClockReading? { Self.reading(endSeconds, hasSeconds: flags & Self.endHasSeconds != 0) }
    var unknownTime: Bool { flags & Self.unknownFlag != 0 }
    var approximate: Bool { flags & Self.approximateFlag != 0 }
    /// Whether the expression was recognised but cannot be used (see ``RawEntry/problem``).
    var hasProblem: Bool { flags & Self.problemFlag != 0 }
    /// The clock's seconds into the day, when there is a clock.
    var secondsIntoDay: Int? { clockSeconds < 0 ? nil : Int(clockSeconds) }

    /// Clock readings are at most 23:59:59 (the scanner caps seconds at 59), so the
    /// hour, minute and second come back exactly from the seconds into the day.
    private static func reading(_ seconds: Int32, hasSeconds: Bool) -> ClockReading? {
        guard seconds >= 0 else { return nil }
        let value = Int(seconds)
        return ClockReading(hour: value / 3600, minute: (value / 60) % 60, second: value % 60, hasSeconds: hasSeconds)
    }
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

    /// Entries of top-level blocks `range`, starting under the day `initialDay`; the
    /// lists' items are read on every core in pieces of at least `itemsPerPiece`.
    func entries(
        in range: Range<Int>, initialDay: WrittenDate?, dayGroup: inout Int, itemsPerPiece: Int = Self.itemsPerPiece
    ) -> RegionEntries {
        var result = RegionEntries()
        var day = initialDay
        var pending: [MarkdownBlock] = []
        let blocks = source.blocks
        // The lists read on other cores, in pieces. The first piece has room for every
        // list's entries and becomes the timeline's array, the others are moved into it:
        // no array of entries is made twice (on fresh memory that costs more than
        // reading them).
        var lists = readLists(in: range, itemsPerPiece: itemsPerPiece)
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
                let timed: Int
                if var pieces = lists.removeValue(forKey: blockIndex) {
                    if !result.entries.isEmpty {
                        // Entries came before the list: room for all its pieces at once.
                        result.entries.reserveCapacity(result.entries.count + pieces.reduce(0) { $0 + $1.entries.count })
                    }
                    var timedInPieces = 0
                    for piece in pieces.indices {
                        for index in pieces[piece].entries.indices {
                            pieces[piece].entries[index].settle(day: day, dayGroup: dayGroup)
                        }
                        result.entries.append(moving: &pieces[piece].entries)
                        timedInPieces += pieces[piece].timed
                    }
                    timed = timedInPieces
                } else {
                    timed = appendListEntries(block, day: day, dayGroup: dayGroup, to: &result.entries)
                }
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
                    if table.entries.contains(where: { $0.time != nil }) {
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
        let bytes = source.lineBytes(block.startLine)
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
        return entry(bytes: line, start: start, lineNumber: block.startLine, following: nil, day: day, dayGroup: dayGroup)
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
        if entries.capacity - entries.count < list.children.count {
            entries.reserveCapacity(max(entries.count + list.children.count, 2 * entries.capacity))
        }
        list.children.withUnsafeBufferPointer { items in
            guard let base = items.baseAddress else { return }
            for index in items.indices {
                guard let entry = listEntry(at: base + index, day: day, dayGroup: dayGroup) else { continue }
                if entry.time != nil { timed += 1 }
                entries.append(entry)
            }
        }
        return timed
    }

    /// The entries of every list among top-level blocks `range`, by block index, read on
    /// every core when there are enough items (a long log is a list per day), each
    /// piece of items with a zone cache of its own; empty when there are few. Items
    /// are independent of one another and of the day, which is settled when the list's
    /// turn comes (``RawEntry/settle(day:dayGroup:)``). A list cut between pieces of
    /// items comes in several, in order; the very first has room for every item found.
    private func readLists(in range: Range<Int>, itemsPerPiece: Int) -> [Int: [ListPiece]] {
        let blocks = source.blocks
        var found: [(block: Int, item: Int)] = []
        for index in range {
            guard case .list = blocks[index].kind else { continue }
            for item in blocks[index].children.indices { found.append((index, item)) }
        }
        let items = found
        let pieces = ParallelWork.pieces(of: items.indices, minimum: itemsPerPiece)
        guard pieces.count > 1 else { return [:] }
        let shared = SendableSource(source: source)
        var read = ParallelWork.map(pieces) { range -> [ListPiece] in
            let extractor = TimelineEntryExtractor(source: shared.source, zones: ZoneCache())
            let blocks = shared.source.blocks
            // One piece per list the range touches, in order.
            var lists: [ListPiece] = []
            var current = -1
            for position in range {
                let (block, item) = items[position]
                if block != current {
                    // Room for the list's items in this piece, so its entries are not
                    // moved to larger arrays (of fresh memory) as they come; the first
                    // piece's for all items (room not written to takes no memory).
                    var piece = ListPiece(block: block)
                    var end = position
                    while end < range.upperBound, items[end].block == block { end += 1 }
                    piece.entries.reserveCapacity(position == 0 ? items.count : end - position)
                    lists.append(piece)
                    current = block
                }
                let made = blocks.withUnsafeBufferPointer { blocks in
                    blocks[block].children.withUnsafeBufferPointer { items in
                        items.baseAddress.flatMap { extractor.listEntry(at: $0 + item, day: nil, dayGroup: 0) }
                    }
                }
                guard let entry = made else { continue }
                if entry.time != nil { lists[lists.count - 1].timed += 1 }
                lists[lists.count - 1].entries.append(entry)
            }
            return lists
        }
        // Taken apart in order, so each piece's entries are moved, not copied.
        read.reverse()
        for index in read.indices { read[index].reverse() }
        var lists: [Int: [ListPiece]] = [:]
        while var piece = read.popLast() {
            while let list = piece.popLast() {
                lists[list.block, default: []].append(list)
            }
        }
        return lists
    }

    /// The fewest items a piece of the lists read on another core holds.
    static let itemsPerPiece = 2048

    /// The entry of the list item at `item`; nil for an empty item. The blocks are read
    /// where they lie: a copied block counts references on its text and children, for
    /// every entry of a long timeline on every core.
    private func listEntry(at item: UnsafePointer<MarkdownBlock>, day: WrittenDate?, dayGroup: Int) -> RawEntry? {
        item.pointee.children.withUnsafeBufferPointer { children -> RawEntry? in
            guard !children.isEmpty, let first = children.baseAddress else { return nil }
            var entry: RawEntry
            var rest = 1
            if case .paragraph = first.pointee.kind {
                entry = paragraphEntry(
                    firstLine: first.pointee.startLine, column: first.pointee.startColumn, lastLine: first.pointee.endLine,
                    day: day, dayGroup: dayGroup)
            } else {
                entry = RawEntry(
                    expression: nil, text: "", line: first.pointee.startLine, column: first.pointee.startColumn, day: day,
                    dayGroup: dayGroup)
                rest = 0
            }
            for index in rest..<children.count {
                if case .list = children[index].kind {
                    for nested in children[index].children {
                        entry.details.append(itemContent(nested))
                    }
                } else {
                    entry.details.append(source.source(of: children[index]))
                }
            }
            return entry
        }
    }

    /// A nested list item's content without its bullet.
    private func itemContent(_ item: MarkdownBlock) -> String {
        guard let first = item.children.first, let last = item.children.last else { return "" }
        return source.dedented(fromLine: first.startLine, column: first.startColumn, toLine: last.endLine)
    }

    // MARK: - Paragraph entries

    /// The entry whose text starts at body line `firstLine`, byte `column`, and runs to `lastLine`.
    func paragraphEntry(firstLine: Int, column: Int, lastLine: Int, day: WrittenDate?, dayGroup: Int) -> RawEntry {
        let bytes = source.lineBytes(firstLine)
        let start = min(column - 1, bytes.count)
        let following = firstLine < lastLine ? (firstLine + 1)...lastLine : nil
        return entry(bytes: bytes, start: start, lineNumber: firstLine, following: following, day: day, dayGroup: dayGroup)
    }

    /// Lines of a plain paragraph: each line led by a time starts an entry; the lines after
    /// it continue it. Empty when the first line is not led by a time.
    private func paragraphEntries(_ block: MarkdownBlock, day: WrittenDate?, dayGroup: Int) -> [RawEntry] {
        let firstBytes = source.lineBytes(block.startLine)
        let firstStart = min(block.startColumn - 1, firstBytes.count)
        guard TimeExpressionScanner.scanEntryPrefix(firstBytes, from: firstStart, zones: zones) != nil else { return [] }
        var starts: [(line: Int, column: Int)] = [(block.startLine, block.startColumn)]
        if block.endLine > block.startLine {
            for number in (block.startLine + 1)...block.endLine {
                let bytes = source.lineBytes(number)
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

    /// The line without its leading spaces and tabs. (A space or tab followed by a
    /// combining mark is not a `Character` of its own, so the bytes decide only up to
    /// the first byte that is neither, and only when that byte is ASCII.)
    private func trimmedLeading(_ line: Substring) -> Substring {
        let utf8 = line.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex, utf8[index] == 32 || utf8[index] == 9 { index = utf8.index(after: index) }
        if index < utf8.endIndex, utf8[index] >= 0x80, index > utf8.startIndex {
            var slow = line.startIndex
            while slow < line.endIndex, line[slow] == " " || line[slow] == "\t" { slow = line.index(after: slow) }
            return line[slow...]
        }
        return line[index...]
    }

    /// Builds an entry from its first line (from byte `start`) and the body lines `following`
    /// it that continue it.
    private func entry(
        bytes: [UInt8], start: Int, lineNumber: Int, following: ClosedRange<Int>?, day: WrittenDate?, dayGroup: Int
    ) -> RawEntry {
        var expression = TimeExpression()
        let timed = TimeExpressionScanner.scanEntryPrefix(bytes, from: start, zones: zones, into: &expression)
        var textStart = start
        var written: String? = nil
        var prefix = ""
        var problemColumn: Int? = nil
        var alternateColumn: Int? = nil
        if timed {
            textStart = expression.textStart
            written = String(decoding: bytes[expression.writtenStart..<expression.writtenEnd], as: UTF8.self)
            if let emphasis = expression.openEmphasis { prefix = emphasis }
            problemColumn = expression.problemOffset + 1
            alternateColumn = expression.alternate.map { $0.offset + 1 }
        }
        var textEnd = bytes.count
        while textEnd > textStart, bytes[textEnd - 1] == 32 || bytes[textEnd - 1] == 9 || bytes[textEnd - 1] == 13 {
            textEnd -= 1
        }
        // Tags right after the time.
        var tags: [String] = []
        if timed { textStart = Self.scanTags(bytes, from: textStart, to: textEnd, into: &tags) }
        var text = ""
        var details: [String] = []
        // ASCII text (every byte a character) is joined on bytes and made a string once;
        // any other text goes by `Character`.
        let known = source.document.isASCII
        let first = bytes[textStart..<textEnd]
        var joined = false
        if known || !first.contains(where: { $0 >= 0x80 }) {
            if following == nil, !Self.asciiOnlyFootnotes(first) {
                text = String(decoding: first, as: UTF8.self)
                joined = true
            } else if let result = asciiJoin(first: first, following: following, known: known) {
                (text, details) = result
                if timed, tags.isEmpty, first.isEmpty { (tags, text) = Self.tags(in: text) }
                joined = true
            }
        }
        if !joined {
            var continuation: [Substring] = []
            if let following {
                continuation.reserveCapacity(following.count)
                for number in following { continuation.append(trimmedLeading(source.line(number))) }
            }
            let firstText = String(decoding: first, as: UTF8.self)
            text = firstText
            if !continuation.isEmpty || Self.isOnlyFootnotes(firstText) {
                (text, details) = Self.joinContinuation(first: firstText, continuation: continuation)
                if timed, tags.isEmpty, firstText.isEmpty { (tags, text) = Self.tags(in: text) }
            }
        }
        if !prefix.isEmpty, text.contains(prefix) { text = prefix + text }
        return RawEntry(
            timed: timed, expression: expression, writtenTime: written, text: text, details: details, tags: tags,
            line: lineNumber, column: start + 1, day: day, dayGroup: dayGroup,
            problemColumn: problemColumn, alternateColumn: alternateColumn)
    }

    /// ``joinContinuation(first:continuation:)`` for ASCII text, with the continuation lines
    /// read where they lie (their leading spaces and tabs dropped, as ``trimmedLeading(_:)``
    /// drops them from ASCII lines) instead of gathered first; nil when a line holds
    /// another byte (unless the whole document is `known` to be ASCII).
    private func asciiJoin(first: ArraySlice<UInt8>, following: ClosedRange<Int>?, known: Bool) -> (String, [String])? {
        var joiner = ASCIIContinuationJoiner(
            first: first, expectedLines: following?.count ?? 0, known: known, trimsLeading: true)
        if let following {
            for number in following {
                source.withLineBytes(number) { joiner.add($0) }
                if joiner.failed { return nil }
            }
        }
        return joiner.finished()
    }

    /// ``isOnlyFootnotes(_:)`` for ASCII bytes (`[^1]`, `[^note]:`, no space).
    private static func asciiOnlyFootnotes(_ bytes: ArraySlice<UInt8>) -> Bool {
        let start = bytes.startIndex
        let end = bytes.endIndex
        return bytes.count >= 2 && bytes[start] == 91 && bytes[start + 1] == 94
            && (bytes[end - 1] == 93 || (bytes.count >= 3 && bytes[end - 2] == 93 && bytes[end - 1] == 58))
            && !bytes.contains(32)
    }

    /// The entry's text and details from its first line and the lines after it: wrapped
    /// sentences continue the text; once a sentence ends, the remaining lines are a detail.
    /// (`ascii`: the lines are known to be ASCII, and are not checked again.)
    static func joinContinuation(first: String, continuation: [Substring], ascii: Bool = false) -> (String, [String]) {
        if let joined = asciiJoinContinuation(first: first, continuation: continuation, known: ascii) { return joined }
        return characterJoinContinuation(first: first, continuation: continuation)
    }

    /// ``joinContinuation(first:continuation:)`` by `Character`, for any text.
    static func characterJoinContinuation(first: String, continuation: [Substring]) -> (String, [String]) {
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

    /// ``joinContinuation(first:continuation:)`` on bytes, for ASCII text (where every byte
    /// is a `Character` of its own, as lines hold no line feed); nil for any other text.
    /// Lines are taken in order: joined to the text until a sentence ends, then gathered
    /// into one detail.
    private static func asciiJoinContinuation(first: String, continuation: [Substring], known: Bool) -> (String, [String])? {
        let bytes = Array(first.utf8)
        guard known || !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        var joiner = ASCIIContinuationJoiner(
            first: bytes[...], expectedLines: continuation.count, known: known, trimsLeading: false)
        for var line in continuation {
            line.withUTF8 { joiner.add($0) }
            if joiner.failed { return nil }
        }
        return joiner.finished()
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
            var text = others.joined(separator: " — ")
            var writtenTime: String? = nil
            var tags: [String] = []
            if let expression {
                writtenTime = String(decoding: bytes[expression.writtenStart..<expression.writtenEnd], as: UTF8.self)
                let leftover = String(decoding: bytes[expression.textStart...], as: UTF8.self)
                if !leftover.isEmpty { text = text.isEmpty ? leftover : leftover + " — " + text }
                (tags, text) = Self.tags(in: text)
            } else if !written.isEmpty {
                text = text.isEmpty ? written : written + " — " + text
            }
            let problemColumn = expression.map { dateColumn == nil ? timeCell.byteColumn + $0.problemOffset : timeCell.byteColumn }
            let entry = RawEntry(
                expression: expression, writtenTime: writtenTime, text: text, tags: tags, author: author,
                line: row.line, column: timeCell.byteColumn, day: day, dayGroup: dayGroup, tableZone: statement,
                problemColumn: problemColumn, alternateColumn: timeCell.byteColumn)
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

/// Joins an entry's ASCII continuation lines as ``TimelineEntryExtractor/joinContinuation(first:continuation:)``
/// does: wrapped sentences continue the text; once a sentence ends, the remaining lines are
/// one detail. Lines are added one at a time as bytes, their trailing spaces, tabs and
/// carriage returns dropped (and their leading spaces and tabs, when asked).
struct ASCIIContinuationJoiner {
    private var text: [UInt8] = []
    private var detail: [UInt8] = []
    private var hasDetail = false
    /// The first line after an empty text (or only footnotes) is joined whatever it holds.
    private var joinNext: Bool
    /// Lines may hold other bytes unless the document is known to be ASCII.
    private let known: Bool
    /// Whether lines lose their leading spaces and tabs here (or came without them).
    private let trimsLeading: Bool
    /// Whether a line held a byte that is not ASCII (the joiner then gives nothing).
    private(set) var failed = false

    init(first: ArraySlice<UInt8>, expectedLines: Int, known: Bool, trimsLeading: Bool) {
        text.reserveCapacity(first.count + expectedLines * 80)
        text.append(contentsOf: first)
        if Self.onlyFootnotes(text), text.last == 58 { text.removeLast() }
        joinNext = text.isEmpty || Self.onlyFootnotes(text)
        self.known = known
        self.trimsLeading = trimsLeading
    }

    /// `[^1]`, `[^note]:` and nothing else.
    static func onlyFootnotes(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 91 && bytes[1] == 94
            && (bytes.last == 93 || (bytes.count >= 3 && bytes[bytes.count - 2] == 93 && bytes.last == 58))
            && !bytes.contains(32)
    }

    mutating func add(_ buffer: UnsafeBufferPointer<UInt8>) {
        var from = 0
        while trimsLeading, from < buffer.count, buffer[from] == 32 || buffer[from] == 9 { from += 1 }
        var end = buffer.count
        while end > from, buffer[end - 1] == 32 || buffer[end - 1] == 9 || buffer[end - 1] == 13 { end -= 1 }
        let trimmed = UnsafeBufferPointer(rebasing: buffer[from..<end])
        if !known, trimmed.contains(where: { $0 >= 0x80 }) {
            failed = true
            return
        }
        if hasDetail {
            detail.append(10)
            detail.append(contentsOf: trimmed)
        } else if joinNext {
            if !text.isEmpty { text.append(32) }
            text.append(contentsOf: trimmed)
            joinNext = false
        } else if !Self.endsSentence(text) {
            text.append(32)
            text.append(contentsOf: trimmed)
        } else {
            hasDetail = true
            detail.append(contentsOf: trimmed)
        }
    }

    /// The text and details.
    mutating func finished() -> (String, [String]) {
        if text.last == 92 { text.removeLast() }
        while let last = text.last, last == 32 || last == 9 || last == 13 { text.removeLast() }
        return (String(decoding: text, as: UTF8.self), hasDetail ? [String(decoding: detail, as: UTF8.self)] : [])
    }

    /// Whether ASCII text ends a sentence (or a hard line break ends it).
    static func endsSentence(_ text: [UInt8]) -> Bool {
        let count = text.count
        if count >= 2, text[count - 1] == 32, text[count - 2] == 32 { return true }
        if count >= 1, text[count - 1] == 92 { return true }
        for byte in text.reversed() {
            switch byte {
            case 32, 9, 42, 95, 96, 41, 34, 39, 93: continue
            case 46, 33, 63, 58, 59: return true
            default: return false
            }
        }
        return false
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

/// A list's entries (or a piece of them) read on another core, and how many are timed.
/// (Entries hold only values and immutable objects, made and then handed over whole.)
private struct ListPiece: @unchecked Sendable {
    var block: Int
    var entries: [RawEntry] = []
    var timed = 0
}

/// The log's source, read (never changed) by the workers reading a long list.
private struct SendableSource: @unchecked Sendable {
    let source: MarkdownSource
}
