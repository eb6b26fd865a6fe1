import Foundation

// The built-in report's timeline rows, written as bytes straight from the events: the
// same text as ``TimelineRows/text(_:dualClock:)`` over the view model's rows, without a
// `TimelineRow` of four strings per event, and with each wall-clock time worked out once.

extension TimelineRows {
    /// The rows as the built-in section renders them, without the last line's newline:
    /// the bytes of ``text(_:dualClock:)`` over ``ReportViewModel/timeline``.
    static func bytes(_ r: Reconstruction, dualClock: Bool) -> [UInt8] {
        bytes(r, dualClock: dualClock, events: r.events.indices)
    }

    /// The rows of the events in `range`, as they read among all the rows: a row leaves
    /// out a date the timed row before it showed, in this range or before it.
    static func bytes(_ r: Reconstruction, dualClock: Bool, events range: Range<Int>) -> [UInt8] {
        // Room for every row at once: a buffer that grows is copied into new memory, and
        // memory the process touches for the first time is what costs most. Room
        // reserved and never written is never touched.
        var writer = TimelineRowWriter(zone: r.reportZone, dualClock: dualClock, output: [UInt8]())
        writer.output.reserveCapacity(estimatedBytes(of: r.events, range))
        write(r, events: range, with: &writer)
        return writer.output
    }

    /// Writes the rows of the events in `range` (``bytes(_:dualClock:events:)``).
    static func write<Output: ByteSink>(_ r: Reconstruction, events range: Range<Int>, with writer: inout TimelineRowWriter<Output>) {
        // Events are read where they lie, not copied (a copy retains each of their strings).
        r.events.withUnsafeBufferPointer { events in
            guard let base = events.baseAddress else { return }
            if let previous = events[..<range.lowerBound].lastIndex(where: { $0.event.time != nil }) {
                writer.follow(events[previous])
            }
            for index in range {
                if index > range.lowerBound { writer.output.append(10) }
                writer.append(base + index)
            }
        }
    }

    /// About the bytes of the rows of the events in `range`, and an eighth more.
    static func estimatedBytes(of events: [ReconstructedEvent], _ range: Range<Int>) -> Int {
        events.withUnsafeBufferPointer { events in
            guard let base = events.baseAddress else { return 0 }
            var bytes = 0
            for index in range { bytes += estimatedBytes(base + index) }
            return bytes + bytes / 8
        }
    }

    /// About the bytes of an event's row: its text, author and details (which a few
    /// escapes lengthen) and the time, a milestone's title and the source around them.
    static func estimatedBytes(_ item: UnsafePointer<ReconstructedEvent>) -> Int {
        var bytes = 128 + item.pointee.event.text.utf8.count + (item.pointee.event.author?.utf8.count ?? 0)
        for detail in item.pointee.event.details { bytes += detail.utf8.count + 4 }
        return bytes
    }

    /// The room left before and after the rows of `events` events for the rest of the
    /// report: its header, facts and findings, and the chart comment, which grow with
    /// the events (a report whose text does not fit is copied into a buffer of its own).
    static func reportRoom(events: Int) -> Int {
        256 * 1024 + 16 * events
    }
}

/// The timeline's rows written in pieces, each by the core that takes it, straight into
/// one buffer: each piece into a stretch of its own (as long as its rows are estimated
/// to need), after room for the text a report puts before the rows and with room for
/// the text after them. The pieces are then closed up behind the first (``rows()``) and
/// the report made around them in the same buffer, so the rows, the most of a long
/// report, are written once and never copied into other memory.
final class PlacedRows: @unchecked Sendable {
    private struct Layout {
        var buffer: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var front: Int
        var pieces: [Range<Int>]
        var starts: [Int]
        var lengths: [Int]
    }

    private let lock = NSLock()
    /// Made by the first piece written; the buffer is this object's until handed on.
    private var layout: Layout?
    private var written: [Int: BufferStretch] = [:]
    /// The bytes a piece's stretch is given for the rows of some events.
    private let estimate: @Sendable ([ReconstructedEvent], Range<Int>) -> Int

    init(estimate: @escaping @Sendable ([ReconstructedEvent], Range<Int>) -> Int = TimelineRows.estimatedBytes(of:_:)) {
        self.estimate = estimate
    }

    deinit { layout?.buffer.deallocate() }

    /// Writes piece `piece` of ``ReportRenderer/rowPieces(of:)`` of the rows of `r`'s
    /// events (nothing when there is no such piece); each piece once, on any thread.
    func write(piece: Int, of r: Reconstruction, dualClock: Bool) {
        guard let stretch = stretch(piece, of: r.events) else { return }
        var writer = TimelineRowWriter(zone: r.reportZone, dualClock: dualClock, output: stretch.output)
        TimelineRows.write(r, events: stretch.events, with: &writer)
        lock.withLock { written[piece] = writer.output }
    }

    /// The stretch piece `piece` is written into and its events; the layout is made the
    /// first time (the same for every piece: each is given the same events).
    private func stretch(_ piece: Int, of events: [ReconstructedEvent]) -> (output: BufferStretch, events: Range<Int>)? {
        lock.withLock {
            if layout == nil {
                let pieces = ReportRenderer.rowPieces(of: events)
                guard !pieces.isEmpty else { return nil }
                let lengths = pieces.map { estimate(events, $0) }
                let room = TimelineRows.reportRoom(events: events.count)
                var starts: [Int] = []
                var end = room
                for length in lengths {
                    starts.append(end)
                    end += length
                }
                let capacity = end + room
                layout = Layout(
                    buffer: .allocate(capacity: capacity), capacity: capacity, front: room, pieces: pieces, starts: starts,
                    lengths: lengths)
            }
            guard let layout, piece < layout.pieces.count else { return nil }
            // One byte of each stretch is never written: the line feed that joins the
            // piece to the next goes there at the latest, so closing up never moves a
            // piece onto bytes not yet moved.
            let stretch = BufferStretch(base: layout.buffer + layout.starts[piece], capacity: max(layout.lengths[piece] - 1, 0))
            return (stretch, layout.pieces[piece])
        }
    }

    /// The rows written: closed up into one run after the room in front, when every
    /// piece fit in its stretch (the buffer is handed on); else the pieces as arrays.
    /// Nil when no rows were written. Called once, after every piece was written.
    func rows() -> AssembledRows? {
        lock.withLock {
            guard let made = layout, written.count == made.pieces.count else { return nil }
            let pieces = made.pieces.indices.compactMap { written[$0] }
            guard pieces.allSatisfy(\.fits) else {
                return .pieces(pieces.enumerated().map { index, piece in
                    piece.overflow ?? Array(UnsafeBufferPointer(start: made.buffer + made.starts[index], count: piece.count))
                })
            }
            // Each piece moves down behind the one before it, a line feed between them.
            var end = made.front
            for (index, piece) in pieces.enumerated() {
                if index > 0 {
                    made.buffer[end] = 10
                    end += 1
                }
                if made.starts[index] != end {
                    (made.buffer + end).update(from: made.buffer + made.starts[index], count: piece.count)
                }
                end += piece.count
            }
            layout = nil
            return .placed(UTF8Output(adopting: made.buffer, count: end, capacity: made.capacity), front: made.front)
        }
    }
}

/// A report's timeline rows, as ``ReportMarkers/assembled(_:lines:placeholderIndex:rows:chartComment:)``
/// takes them.
enum AssembledRows {
    /// Rows in pieces, which line feeds join; copied into the report.
    case pieces([[UInt8]])
    /// Rows from byte `front` of the output to its end, after room (whose bytes are not
    /// set) for the text before them; the report is made in this output.
    case placed(UTF8Output, front: Int)
}

/// Writes timeline rows into one byte buffer. Only ASCII digits, `-`, `:`, `~`, `–`,
/// `Z` and spaces make up a computed time, so those are written without escaping;
/// everything taken from the log goes through ``MarkdownText``.
struct TimelineRowWriter<Output: ByteSink> {
    var output: Output
    let zone: NamedZone
    let dualClock: Bool
    /// The date shown last, which later rows on the same day leave out.
    private var lastDate: CalendarDate?
    /// The last day (days since 1970 in the report zone, then in UTC) and its text.
    private var localDay: (days: Int, date: CalendarDate, text: [UInt8])?
    private var utcDay: (days: Int, text: [UInt8])?
    /// The last source file and its escaped name (events mostly share one).
    private var file: (path: String, name: [UInt8])?
    /// The last file of a source given by a JSON path, and its last path component.
    private var pathFile: (path: String, name: String)?
    /// The report zone's offsets, asked of the zone once per stretch between transitions.
    private let offsets = ZoneCache()

    init(zone: NamedZone, dualClock: Bool, output: Output) {
        self.zone = zone
        self.dualClock = dualClock
        self.output = output
    }

    /// Takes the date a timed event's row shows as the last one shown, as writing its
    /// row would, without writing it.
    mutating func follow(_ item: ReconstructedEvent) {
        guard let time = item.event.time else { return }
        let base = Int(time.instant.timeIntervalSince1970.rounded(.down))
        lastDate = localDate(Self.days(base + offsets.secondsFromGMT(zone.zone, at: time.instant.timeIntervalSince1970)))
    }

    /// `| local |[ utc |] text | source |` for the event at `item`, read where it lies: a
    /// copy of the event would retain each of its strings.
    mutating func append(_ item: UnsafePointer<ReconstructedEvent>) {
        output.append(0x7C)
        output.append(0x20)
        var utcSeconds: Int?
        if let time = item.pointee.event.time {
            // ReportClock.date / .time / .utc(besideLocalIn:) from one wall-clock reading.
            let base = Int(time.instant.timeIntervalSince1970.rounded(.down))
            let local = base + offsets.secondsFromGMT(zone.zone, at: time.instant.timeIntervalSince1970)
            let days = Self.days(local)
            let date = localDate(days)
            if time.approximate { output.append(0x7E) }
            if time.precision == .day {
                output.append(bytes: localDay?.text ?? [])
            } else {
                if date != lastDate {
                    output.append(bytes: localDay?.text ?? [])
                    output.append(0x20)
                }
                Self.appendClock(local - days * 86_400, to: &output)
                utcSeconds = base
            }
            lastDate = date
            if let end = time.end {
                append("–")
                output.append(utf8: ReportClock.time(end, in: zone))
            }
            if let utc = utcSeconds, dualClock {
                append(" | ")
                let utcDays = Self.days(utc)
                if utcDays != days {
                    output.append(bytes: utcDate(utcDays))
                    output.append(0x20)
                }
                Self.appendClock(utc - utcDays * 86_400, to: &output)
                append("Z |")
            } else {
                append(dualClock ? " |  |" : " |")
            }
        } else {
            MarkdownText.appendEscaped(item.pointee.event.writtenTime.map { "\($0) (unknown)" } ?? "time unknown", to: &output)
            append(dualClock ? " |  |" : " |")
        }
        output.append(0x20)
        if let milestone = item.pointee.milestone {
            append("**")
            output.append(utf8: milestone.title)
            append(":** ")
        }
        MarkdownText.appendInline(item.pointee.event.text, to: &output)
        if let author = item.pointee.event.author, !TextScanning.contains(item.pointee.event.text, author) {
            append(" — ")
            MarkdownText.appendEscaped(author, to: &output)
        }
        for detail in item.pointee.event.details {
            append(" · ")
            MarkdownText.appendInline(detail, to: &output)
        }
        append(" | ")
        appendSource(item.pointee.event.source)
        append(" |")
    }

    /// Appends a constant's bytes.
    @inline(__always)
    private mutating func append(_ text: StaticString) {
        // Byte by byte: a few bytes each, where a generic append costs more than the copy.
        let start = text.utf8Start
        for offset in 0..<text.utf8CodeUnitCount { output.append(start[offset]) }
    }

    /// ``ReportViewModel/SourceReferences``, escaped: `name:line`, or `name path`.
    private mutating func appendSource(_ source: SourceLocation) {
        if let line = source.line {
            if file?.path != source.file {
                var name: [UInt8] = []
                MarkdownText.appendEscaped((source.file as NSString).lastPathComponent, to: &name)
                file = (source.file, name)
            }
            output.append(bytes: file?.name ?? [])
            // A colon and digits are never escaped, and never join the name's last character.
            output.append(0x3A)
            if line >= 0 { Self.appendDigits(line, to: &output) } else { output.append(utf8: String(line)) }
        } else {
            // A JSON path: the file's last component taken once per file, not per event.
            if pathFile?.path != source.file { pathFile = (source.file, (source.file as NSString).lastPathComponent) }
            MarkdownText.appendEscaped(ReportViewModel.reference(source, fileName: pathFile?.name ?? ""), to: &output)
        }
    }

    /// Days since 1970-01-01 of a count of seconds, rounded down.
    private static func days(_ seconds: Int) -> Int {
        seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    private mutating func localDate(_ days: Int) -> CalendarDate {
        if let day = localDay, day.days == days { return day.date }
        let date = CalendarDate(daysSinceEpoch: days)
        localDay = (days, date, Array(date.description.utf8))
        return date
    }

    private mutating func utcDate(_ days: Int) -> [UInt8] {
        if let day = utcDay, day.days == days { return day.text }
        let text = Array(CalendarDate(daysSinceEpoch: days).description.utf8)
        utcDay = (days, text)
        return text
    }

    /// ``ReportClock/clock(_:)``: `HH:MM`, `:SS` when the seconds are not zero, for
    /// seconds into a day (so every part has two digits).
    private static func appendClock(_ seconds: Int, to output: inout Output) {
        let hours = seconds / 3600
        let minutes = (seconds / 60) % 60
        let rest = seconds % 60
        guard hours >= 0, hours < 100 else {
            output.append(utf8: ReportClock.clock(seconds))
            return
        }
        appendTwoDigits(hours, to: &output)
        output.append(0x3A)
        appendTwoDigits(minutes, to: &output)
        if rest != 0 {
            output.append(0x3A)
            appendTwoDigits(rest, to: &output)
        }
    }

    /// A number from 0 to 99 as two digits.
    @inline(__always)
    private static func appendTwoDigits(_ value: Int, to output: inout Output) {
        output.append(0x30 &+ UInt8(truncatingIfNeeded: value / 10))
        output.append(0x30 &+ UInt8(truncatingIfNeeded: value % 10))
    }

    /// The decimal digits of a number of 0 or more.
    private static func appendDigits(_ value: Int, to output: inout Output) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            output.append(0x30 &+ UInt8(truncatingIfNeeded: rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
