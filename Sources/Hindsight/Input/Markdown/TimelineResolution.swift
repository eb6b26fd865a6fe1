import Foundation

/// Settles the dates, zones and instants of one incident's raw entries: days from
/// headings and date lines, years for month-day dates, midnight roll-overs, newest-first
/// lists, zones written with the time, stated for a table or for the document.
struct TimelineResolver {
    let file: String
    let zones: ZoneCache
    /// The zone for times written without one.
    let documentZone: NamedZone
    let frontDate: CalendarDate?
    let optionDate: CalendarDate?

    /// A time earlier than the one before it by more than this starts the next day
    /// (in a newest-first list: later by more than this goes back a day).
    static let rolloverThreshold = 4 * 3600

    /// The events of one incident and what was learnt while resolving them.
    struct Outcome {
        var events: [TimelineEvent] = []
        var diagnostics: [Diagnostic] = []
        /// Whether some time was read in the document's zone.
        var usedDocumentZone = false
        /// A table-header zone that some time was read in.
        var usedTableStatement: ZoneStatement?
        /// Zones written with times, in order of first use.
        var writtenZones: [String] = []
        /// Errors for entries too long to analyse (``IncidentReader/maximumEntryBytes``),
        /// in entry order; the reader reports them after everything else.
        var oversized: [Diagnostic] = []
    }

    /// The events of `entries`, found in `source`; each entry's text, details, tags and
    /// written time are moved into its event (``RawEntry/takeContent()``).
    ///
    /// `lettingGo` is let go of while the events are made, on whichever core is free
    /// first (the parsed document's blocks, which nothing needs any more).
    func resolve(
        _ entries: inout [RawEntry], in source: MarkdownSource, lettingGo finished: consuming [MarkdownBlock] = [],
        entriesPerPiece: Int = Self.entriesPerPiece
    ) -> Outcome {
        var fallbackYear: Int? = nil
        for index in entries.indices {
            if let year = entries[index].time?.date?.year ?? entries[index].day?.year {
                fallbackYear = year
                break
            }
        }
        func year(day: WrittenDate?, current: CalendarDate?) -> Int? {
            day?.year ?? frontDate?.year ?? optionDate?.year ?? current?.year ?? fallbackYear
        }

        // Explicit dates and day contexts, as calendar dates.
        var explicitDates = [PackedCalendarDate](repeating: .none, count: entries.count)
        var dayDates = [PackedCalendarDate](repeating: .none, count: entries.count)
        var impossible = [Bool](repeating: false, count: entries.count)
        var missingDate = [Bool](repeating: false, count: entries.count)
        var previousExplicit: CalendarDate? = nil
        for index in entries.indices {
            let day = entries[index].day
            if let day {
                dayDates[index] = PackedCalendarDate(day.calendarDate(defaultYear: frontDate?.year ?? optionDate?.year ?? fallbackYear))
            }
            guard let time = entries[index].time, !time.hasProblem, let written = time.date else { continue }
            guard let resolvedYear = written.year ?? year(day: day, current: nil) else {
                missingDate[index] = true
                continue
            }
            if var date = CalendarDate(year: resolvedYear, month: written.month, day: written.day) {
                // A month-day without a year that jumps by most of a year crosses New Year.
                if written.year == nil, let previous = previousExplicit {
                    let gap = date.daysSinceEpoch - previous.daysSinceEpoch
                    let shifted = CalendarDate(year: resolvedYear + (gap > 0 ? -1 : 1), month: written.month, day: written.day)
                    if abs(gap) > 183, let shifted { date = shifted }
                }
                explicitDates[index] = PackedCalendarDate(date)
                previousExplicit = date
            } else {
                impossible[index] = true
            }
        }

        // Runs of entries that share one base date, and whether each runs newest first.
        var descendingRun = [Bool](repeating: false, count: entries.count)
        var runStart = 0
        func closeRun(_ end: Int) {
            guard end > runStart else { return }
            var previous: Int? = nil
            var forward = 0
            var backward = 0
            for index in runStart..<end {
                guard let time = entries[index].time, !time.hasProblem, let seconds = time.secondsIntoDay else { continue }
                // Jumps larger than the threshold cross midnight in either order; only
                // the small steps tell which way the list runs.
                if let previous, abs(seconds - previous) <= Self.rolloverThreshold {
                    if seconds > previous { forward += 1 } else if seconds < previous { backward += 1 }
                }
                previous = seconds
            }
            let descending = backward > forward && backward >= 2
            for index in runStart..<end { descendingRun[index] = descending }
            runStart = end
        }
        for index in entries.indices where index > 0 {
            if entries[index].dayGroup != entries[index - 1].dayGroup || explicitDates[index] != .none { closeRun(index) }
        }
        closeRun(entries.count)

        // The first explicit date at or after each entry, for times written before any date.
        var nextExplicit = [PackedCalendarDate](repeating: .none, count: entries.count + 1)
        for index in entries.indices.reversed() { nextExplicit[index] = explicitDates[index] != .none ? explicitDates[index] : nextExplicit[index + 1] }

        // Each entry's date, in order (the date carries from one entry to the next), with
        // what stops an entry from having a time; `.none` where it has none.
        var dates = [PackedCalendarDate](repeating: .none, count: entries.count)
        /// Diagnostics by the entry they are about, in order.
        var settling: [(entry: Int, diagnostic: Diagnostic)] = []
        var currentGroup = Int.min
        var currentDate: CalendarDate? = nil
        var previousSeconds: Int? = nil
        var reportedMissingDate = false
        for index in entries.indices {
            if entries[index].dayGroup != currentGroup {
                currentGroup = entries[index].dayGroup
                if let day = dayDates[index].date { currentDate = day }
                previousSeconds = nil
            }
            guard let time = entries[index].time else { continue }
            let line = entries[index].line
            var location: SourceLocation { source.location(line: line, byteColumn: entries[index].column) }
            if let problem = entries[index].problem {
                let at = entries[index].problemColumn.map { source.location(line: line, byteColumn: $0) } ?? location
                settling.append((index, Self.diagnostic(problem, at: at)))
                continue
            }
            if time.unknownTime { continue }
            if impossible[index], let written = time.date {
                settling.append((index, Diagnostic(
                    .error, "\(Self.describe(written)) is not a day of the calendar; the entry is kept without a time",
                    at: location)))
                continue
            }
            if let explicit = explicitDates[index].date {
                dates[index] = PackedCalendarDate(explicit)
                currentDate = explicit
                previousSeconds = time.secondsIntoDay
            } else if let seconds = time.secondsIntoDay, !missingDate[index] {
                guard var base = currentDate ?? frontDate ?? optionDate ?? nextExplicit[index].date
                else {
                    missingDate[index] = true
                    if !reportedMissingDate {
                        reportedMissingDate = true
                        settling.append((index, Self.missingDateDiagnostic(at: location)))
                    }
                    continue
                }
                if let previous = previousSeconds {
                    if descendingRun[index] {
                        if seconds > previous + Self.rolloverThreshold { base = base.adding(days: -1) }
                    } else if seconds < previous - Self.rolloverThreshold {
                        base = base.adding(days: 1)
                    }
                }
                currentDate = base
                previousSeconds = seconds
                dates[index] = PackedCalendarDate(base)
            } else if !reportedMissingDate {
                reportedMissingDate = true
                settling.append((index, Self.missingDateDiagnostic(at: location)))
            }
        }

        // The events, made in pieces on every core (each with a zone cache of its own):
        // their locations and instants, and each entry's text, details, tags and written
        // time moved into its event where it lies in the array. A whole event made first
        // and put there would be copied, and each of its strings retained (on memory
        // another core wrote last) and released.
        let pieces = ParallelWork.pieces(of: entries.indices, minimum: entriesPerPiece)
        let held = Held(finished)
        let dated = dates
        let resolver = (file: file, zone: documentZone, frontDate: frontDate, optionDate: optionDate)
        var made: [PieceOutcome] = []
        let events = entries.withUnsafeMutableBufferPointer { entryBuffer in
            [TimelineEvent](unsafeUninitializedCapacity: entryBuffer.count) { buffer, initialized in
                let shared = ResolutionBuffers(entries: entryBuffer, events: buffer, source: source)
                if pieces.count <= 1 {
                    made = [makeEvents(entryBuffer.indices, dates: dated, buffers: shared)]
                } else {
                    // One more task than pieces: letting go of `finished`.
                    made = ParallelWork.map(pieces.map { Optional($0) } + [nil]) { range in
                        guard let range else {
                            held.letGo()
                            return PieceOutcome()
                        }
                        return TimelineResolver(
                            file: resolver.file, zones: ZoneCache(), documentZone: resolver.zone, frontDate: resolver.frontDate,
                            optionDate: resolver.optionDate
                        ).makeEvents(range, dates: dated, buffers: shared)
                    }
                    made.removeLast()
                }
                initialized = entryBuffer.count
            }
        }

        // What was learnt, as one pass in order would have learnt it.
        var outcome = Outcome()
        outcome.events = events
        var timed: [(entry: Int, diagnostic: Diagnostic)] = []
        for piece in made {
            timed += piece.diagnostics
            outcome.oversized += piece.oversized
            outcome.usedDocumentZone = outcome.usedDocumentZone || piece.usedDocumentZone
            outcome.usedTableStatement = outcome.usedTableStatement ?? piece.usedTableStatement
            for zone in piece.writtenZones where !outcome.writtenZones.contains(zone) { outcome.writtenZones.append(zone) }
        }
        // An entry has diagnostics from settling its date or from reading its time, never
        // both: together, in entry order (a sort that keeps an entry's own in order).
        let all = settling + timed
        outcome.diagnostics = all.indices.sorted { (all[$0].entry, $0) < (all[$1].entry, $1) }.map { all[$0].diagnostic }
        return outcome
    }

    /// The fewest entries in a piece resolved on another core.
    static let entriesPerPiece = 4096

    /// What making the events of a piece of entries learnt.
    struct PieceOutcome: Sendable {
        var diagnostics: [(entry: Int, diagnostic: Diagnostic)] = []
        var usedDocumentZone = false
        var usedTableStatement: ZoneStatement?
        var writtenZones: [String] = []
        var oversized: [Diagnostic] = []
    }

    /// Makes the events of entries `range` in `buffers.events`, each with the date found
    /// for it (none: no time), moving each entry's content into its event.
    private func makeEvents(_ range: Range<Int>, dates: [PackedCalendarDate], buffers: ResolutionBuffers) -> PieceOutcome {
        let entries = buffers.entries
        let source = buffers.source
        var outcome = Outcome()
        var piece = PieceOutcome()
        for index in range {
            let line = entries[index].line
            let location = source.location(line: line, byteColumn: entries[index].column)
            var resolved: EventTime? = nil
            if let date = dates[index].date, let time = entries[index].time {
                resolved = eventTime(
                    time, zoneName: entries[index].zoneName, alternate: entries[index].alternate,
                    tableZone: entries[index].tableZone, date: date, location: location,
                    alternateLocation: entries[index].alternateColumn.map { source.location(line: line, byteColumn: $0) },
                    outcome: &outcome)
                for diagnostic in outcome.diagnostics { piece.diagnostics.append((index, diagnostic)) }
                outcome.diagnostics.removeAll()
            }
            // An event without text is put in place, and its text, details and tags then
            // set there: an event made whole is copied on its way into the array (the
            // compiler does not move a struct this large), retaining every string.
            buffers.events.initializeElement(at: index, to: TimelineEvent(time: resolved, text: "", source: location))
            let (text, details, tags, writtenTime) = entries[index].takeContent()
            // Checked here, on every core, while the text is at hand.
            let size = text.utf8.count + details.reduce(0) { $0 + $1.utf8.count }
            if size > IncidentReader.maximumEntryBytes {
                piece.oversized.append(IncidentReader.oversizedEntry(size: size, at: location))
            }
            buffers.events[index].text = text
            buffers.events[index].details = details
            buffers.events[index].tags = tags
            buffers.events[index].writtenTime = writtenTime
            buffers.events[index].author = entries[index].author
        }
        piece.usedDocumentZone = outcome.usedDocumentZone
        piece.usedTableStatement = outcome.usedTableStatement
        piece.writtenZones = outcome.writtenZones
        return piece
    }

    static func missingDateDiagnostic(at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error,
            "the timeline's times have no date: add `date: YYYY-MM-DD` to the front matter or pass `--date YYYY-MM-DD`; until then its entries have no time",
            at: location)
    }

    static func describe(_ date: WrittenDate) -> String {
        let monthDay = DigitText.padded(date.month, width: 2) + "-" + DigitText.padded(date.day, width: 2)
        if let year = date.year { return DigitText.padded(year, width: 4) + "-" + monthDay }
        return monthDay
    }

    private static func diagnostic(_ problem: TimeExpressionProblem, at location: SourceLocation) -> Diagnostic {
        switch problem {
        case .impossibleDate(let written):
            Diagnostic(.error, "'\(written)' is not a day of the calendar; the entry is kept without a time", at: location)
        case .impossibleTime(let written):
            Diagnostic(.error, "'\(written)' is not a time of day; the entry is kept without a time", at: location)
        case .placeholderDate(let written):
            Diagnostic(.warning, "'\(written)' is a placeholder, not a date; the entry is kept without a time", at: location)
        }
    }

    /// The event time of a dated expression, in the zone written with it, its table's, or the document's.
    private func eventTime(
        _ expression: EntryTime, zoneName: String?, alternate: AlternateReading?, tableZone: ZoneStatement?, date: CalendarDate,
        location: SourceLocation, alternateLocation: SourceLocation?, outcome: inout Outcome
    ) -> EventTime? {
        let zone: NamedZone
        if let name = zoneName, let written = zones.resolve(name) {
            zone = NamedZone(name: name, zone: written.zone)
            if !outcome.writtenZones.contains(name) { outcome.writtenZones.append(name) }
        } else if let statement = tableZone {
            zone = statement.zone
            outcome.usedTableStatement = outcome.usedTableStatement ?? statement
        } else {
            zone = documentZone
            outcome.usedDocumentZone = true
        }
        guard let clock = expression.clock, let wall = clock.wallTime else {
            let midnight = WallTime(hour: 0, minute: 0) ?? WallTime(hour: 0, minute: 0, second: 0)
            guard let midnight else { return nil }
            return EventTime(
                instant: zones.instant(date, midnight, in: zone.zone), precision: .day,
                approximate: expression.approximate, zone: zone.name)
        }
        var instant = zones.instant(date, wall, in: zone.zone)
        var zoneName = zone.name
        if !zones.wallClock(instant, in: zone.zone, is: date, wall.secondsIntoDay) {
            // Clocks jumped forward over this reading: it names no instant in this zone.
            outcome.diagnostics.append(Diagnostic(
                .warning,
                "\(date) \(ReportClock.clock(wall.secondsIntoDay)) does not exist in \(zone.name) (the clocks went forward); read as \(Instants.iso8601(instant))",
                at: location))
        }
        if let alternate, let other = zones.resolve(alternate.zoneName),
            let otherWall = alternate.clock.wallTime
        {
            // The same moment read on another clock; its date may be a day off.
            let candidates = [-1, 0, 1].map { Instants.instant(date.adding(days: $0), otherWall, in: other.zone) }
            let otherInstant = candidates.min { abs($0.timeIntervalSince(instant)) < abs($1.timeIntervalSince(instant)) } ?? instant
            let primaryIsUTC = zone.zone.secondsFromGMT(for: instant) == 0 && Self.isUniversal(zone.name)
            let otherIsUTC = other.zone.secondsFromGMT(for: otherInstant) == 0 && Self.isUniversal(other.name)
            if abs(otherInstant.timeIntervalSince(instant)) >= 60 {
                let chosen = otherIsUTC && !primaryIsUTC ? alternate.zoneName : zone.name
                outcome.diagnostics.append(Diagnostic(
                    .warning,
                    "the two readings of this time disagree (\(Instants.iso8601(instant)) and \(Instants.iso8601(otherInstant))); using the \(chosen) one",
                    at: alternateLocation ?? location))
            }
            if otherIsUTC && !primaryIsUTC {
                instant = otherInstant
                zoneName = other.name
            }
        }
        var end: Date? = nil
        if let endClock = expression.endClock, let endWall = endClock.wallTime {
            var endInstant = zones.instant(date, endWall, in: zone.zone)
            if endInstant < instant { endInstant = zones.instant(date.adding(days: 1), endWall, in: zone.zone) }
            end = endInstant
        }
        return EventTime(
            instant: instant, precision: clock.hasSeconds ? .second : .minute, approximate: expression.approximate,
            end: end, zone: zoneName)
    }

    static func isUniversal(_ name: String) -> Bool {
        ["UTC", "GMT", "Z", "UT", "ZULU"].contains(name.uppercased())
    }

    /// A moment written in the front matter (`impactStarted: 2026-03-04 02:55`).
    func moment(_ text: String, location: SourceLocation) -> (EventTime?, Diagnostic?) {
        let bytes = Array(text.utf8)
        let start = TimeExpressionScanner.skipSpaces(bytes, 0)
        guard let expression = TimeExpressionScanner.scanMoment(bytes, from: start, zones: zones),
            expression.problem == nil, !expression.unknownTime,
            TimeExpressionScanner.skipSpaces(bytes, expression.writtenEnd) == bytes.count
        else {
            return (nil, Diagnostic(.error, "'\(text)' is not a time; write it as YYYY-MM-DD HH:MM (a zone may follow)", at: location))
        }
        let written = expression.date
        guard let date = written.flatMap({ $0.calendarDate(defaultYear: frontDate?.year ?? optionDate?.year) })
            ?? (written == nil ? frontDate ?? optionDate : nil)
        else {
            return (nil, Diagnostic(.error, "'\(text)' has no date: write it as YYYY-MM-DD HH:MM", at: location))
        }
        var outcome = Outcome()
        let time = eventTime(
            EntryTime(expression), zoneName: expression.zoneName, alternate: expression.alternate, tableZone: nil, date: date,
            location: location, alternateLocation: nil, outcome: &outcome)
        return (time, outcome.diagnostics.first)
    }
}

/// A calendar date or none in four bytes (days since 1970), for the resolver's tables of
/// one date per entry: a `CalendarDate?` takes 32, and a long log has 100,000 entries.
struct PackedCalendarDate: Equatable {
    static let none = PackedCalendarDate(raw: .min)
    private var raw: Int32

    private init(raw: Int32) { self.raw = raw }

    init(_ date: CalendarDate?) {
        raw = date.map { Int32($0.daysSinceEpoch) } ?? .min
    }

    var date: CalendarDate? { raw == .min ? nil : CalendarDate(daysSinceEpoch: Int(raw)) }
}

/// The entries, the events being made and the source, shared by the cores making the
/// events: each piece reads and writes only its own entries and events, and reads the
/// source.
private struct ResolutionBuffers: @unchecked Sendable {
    let entries: UnsafeMutableBufferPointer<RawEntry>
    let events: UnsafeMutableBufferPointer<TimelineEvent>
    let source: MarkdownSource
}
