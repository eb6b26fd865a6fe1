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

    /// All the rows, as ``bytes(_:dualClock:)`` writes them, after `front` bytes of room
    /// for the text a report puts before them and with as much room after them, so the
    /// report can be made around them in the same buffer
    /// (``ReportMarkers/assembled(_:lines:placeholderIndex:rows:front:chartComment:)``)
    /// instead of copying them into one. The room is allocated, never touched unless
    /// written, and its bytes before the report's text are never read.
    static func bytesWithRoom(_ r: Reconstruction, dualClock: Bool) -> (bytes: [UInt8], front: Int) {
        let room = reportRoom(events: r.events.count)
        return (bytes(r, dualClock: dualClock, events: r.events.indices, front: room, back: room), room)
    }

    /// The room left before and after the rows of `events` events for the rest of the
    /// report: its header, facts and findings, and the chart comment, which grow with
    /// the events (a report whose text does not fit is copied into a buffer of its own).
    static func reportRoom(events: Int) -> Int {
        256 * 1024 + 16 * events
    }

    /// The rows of the events in `range`, as they read among all the rows: a row leaves
    /// out a date the timed row before it showed, in this range or before it; after
    /// `front` bytes of room (whose bytes are not set), and with `back` more bytes of
    /// capacity after them.
    static func bytes(_ r: Reconstruction, dualClock: Bool, events range: Range<Int>, front: Int = 0, back: Int = 0) -> [UInt8] {
        var writer = TimelineRowWriter(zone: r.reportZone, dualClock: dualClock)
        // Events are read where they lie, not copied (a copy retains each of their strings).
        r.events.withUnsafeBufferPointer { events in
            guard let base = events.baseAddress else { return }
            // Room for every row at once: a buffer that grows is copied into new memory,
            // and memory the process touches for the first time is what costs most.
            // Room reserved and never written is never touched.
            var capacity = 0
            for index in range { capacity += TimelineRowWriter.estimatedBytes(base + index) }
            // (Bytes are a trivial type: the room in front is counted without being
            // written, so its pages are not touched.)
            writer.output = [UInt8](unsafeUninitializedCapacity: front + capacity + capacity / 8 + back) { _, count in
                count = front
            }
            if let previous = events[..<range.lowerBound].lastIndex(where: { $0.event.time != nil }) {
                writer.follow(events[previous])
            }
            for index in range {
                if index > range.lowerBound { writer.output.append(10) }
                writer.append(base + index)
            }
        }
        return writer.output
    }
}

/// Writes timeline rows into one byte buffer. Only ASCII digits, `-`, `:`, `~`, `–`,
/// `Z` and spaces make up a computed time, so those are written without escaping;
/// everything taken from the log goes through ``MarkdownText``.
struct TimelineRowWriter {
    var output: [UInt8] = []
    let zone: NamedZone
    let dualClock: Bool
    /// The date shown last, which later rows on the same day leave out.
    private var lastDate: CalendarDate?
    /// The last day (days since 1970 in the report zone, then in UTC) and its text.
    private var localDay: (days: Int, date: CalendarDate, text: [UInt8])?
    private var utcDay: (days: Int, text: [UInt8])?
    /// The last source file and its escaped name (events mostly share one).
    private var file: (path: String, name: [UInt8])?
    /// The report zone's offsets, asked of the zone once per stretch between transitions.
    private let offsets = ZoneCache()

    init(zone: NamedZone, dualClock: Bool) {
        self.zone = zone
        self.dualClock = dualClock
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
                output.append(contentsOf: localDay?.text ?? [])
            } else {
                if date != lastDate {
                    output.append(contentsOf: localDay?.text ?? [])
                    output.append(0x20)
                }
                Self.appendClock(local - days * 86_400, to: &output)
                utcSeconds = base
            }
            lastDate = date
            if let end = time.end {
                append("–")
                output.append(contentsOf: ReportClock.time(end, in: zone).utf8)
            }
            if let utc = utcSeconds, dualClock {
                append(" | ")
                let utcDays = Self.days(utc)
                if utcDays != days {
                    output.append(contentsOf: utcDate(utcDays))
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
            output.append(contentsOf: milestone.title.utf8)
            append(":** ")
        }
        MarkdownText.appendInline(item.pointee.event.text, to: &output)
        if let author = item.pointee.event.author, !item.pointee.event.text.contains(author) {
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

    /// About the bytes of an event's row: its text, author and details (which a few
    /// escapes lengthen) and the time, a milestone's title and the source around them.
    static func estimatedBytes(_ item: UnsafePointer<ReconstructedEvent>) -> Int {
        var bytes = 128 + item.pointee.event.text.utf8.count + (item.pointee.event.author?.utf8.count ?? 0)
        for detail in item.pointee.event.details { bytes += detail.utf8.count + 4 }
        return bytes
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
            output.append(contentsOf: file?.name ?? [])
            // A colon and digits are never escaped, and never join the name's last character.
            output.append(0x3A)
            if line >= 0 { Self.appendDigits(line, to: &output) } else { output.append(contentsOf: String(line).utf8) }
        } else {
            MarkdownText.appendEscaped(ReportViewModel.reference(source), to: &output)
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
    private static func appendClock(_ seconds: Int, to output: inout [UInt8]) {
        let hours = seconds / 3600
        let minutes = (seconds / 60) % 60
        let rest = seconds % 60
        guard hours >= 0, hours < 100 else {
            output.append(contentsOf: ReportClock.clock(seconds).utf8)
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
    private static func appendTwoDigits(_ value: Int, to output: inout [UInt8]) {
        output.append(0x30 &+ UInt8(truncatingIfNeeded: value / 10))
        output.append(0x30 &+ UInt8(truncatingIfNeeded: value % 10))
    }

    /// The decimal digits of a number of 0 or more.
    private static func appendDigits(_ value: Int, to output: inout [UInt8]) {
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
