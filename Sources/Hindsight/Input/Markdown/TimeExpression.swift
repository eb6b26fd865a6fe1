/// A calendar date as an author wrote it; the year may be missing (`Jan 14`, `[01-14 13:26]`).
struct WrittenDate: Hashable, Sendable {
    var year: Int?
    var month: Int
    var day: Int

    /// The date in `year` (or its own year), nil when the day does not exist.
    func calendarDate(defaultYear: Int?) -> CalendarDate? {
        guard let year = year ?? defaultYear else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}

/// A wall-clock reading as written, already converted to a 24-hour clock.
struct ClockReading: Hashable, Sendable {
    var hour: Int
    var minute: Int
    var second: Int
    var hasSeconds: Bool

    var secondsIntoDay: Int { hour * 3600 + minute * 60 + second }
    var wallTime: WallTime? { WallTime(hour: hour, minute: minute, second: second) }
}

/// A second reading of the same moment written next to the first (`13:14 EDT (17:14 UTC)`).
struct AlternateReading: Hashable, Sendable {
    var clock: ClockReading
    var zoneName: String
    /// Byte offset of the reading in its line, for diagnostics.
    var offset: Int
}

/// What went wrong with a time expression that was recognised but cannot be used.
enum TimeExpressionProblem: Hashable, Sendable {
    /// A date that does not exist (`2026-02-30`).
    case impossibleDate(String)
    /// A clock reading that does not exist (`25:61`).
    case impossibleTime(String)
    /// A template date such as `YYYY-MM-DD` or `2023-MM-DD`.
    case placeholderDate(String)
}

/// The time expression that leads a timeline entry (`**16:58 UTC** -`, `[01-14 13:26]`,
/// `2024-06-28 7:09 AM Eastern:`), with the byte offsets needed to cut it off the text.
struct TimeExpression: Hashable, Sendable {
    var date: WrittenDate?
    var clock: ClockReading?
    /// `--:--`, `??:??`, `[???]`, `TBD`: the author says the time is not known.
    var unknownTime = false
    /// The zone written with the time, as written (`UTC`, `PST`, `Eastern`, `+02:00`).
    var zoneName: String?
    var zoneOffset = 0
    var alternate: AlternateReading?
    /// The end of a range (`10:00 - 10:05`, `21:45 to 23:28`).
    var endClock: ClockReading?
    var approximate = false
    var problem: TimeExpressionProblem?
    var problemOffset = 0
    /// Byte offsets in the scanned line: where the written time starts and ends.
    var writtenStart = 0
    var writtenEnd = 0
    /// Byte offset where the entry's own text starts (after closers and the separator).
    var textStart = 0
    /// Emphasis opened before the time and still open where the text starts (`**21:17 UTC: text**`).
    var openEmphasis: String?
}

/// Hand-written scanning of the time expressions found in timelines, over UTF-8 bytes.
///
/// No regular expressions: the reader calls this once per entry on documents with
/// hundreds of thousands of entries.
enum TimeExpressionScanner {
    typealias Bytes = [UInt8]

    // MARK: - Entry prefixes

    /// Scans the time expression that leads an entry, starting at byte `start`. Nil when
    /// the text does not start with a time, a date, or an unknown-time marker.
    static func scanEntryPrefix(_ bytes: Bytes, from start: Int = 0, zones: ZoneCache) -> TimeExpression? {
        var expression = TimeExpression()
        return scanEntryPrefix(bytes, from: start, zones: zones, into: &expression) ? expression : nil
    }

    /// ``scanEntryPrefix(_:from:zones:)`` into `expression`, which must be a fresh
    /// `TimeExpression()`: false (and `expression` not to be used) when the text does not
    /// start with a time. The expression is built where it lies instead of being copied
    /// out of each step, as a long log's every entry would have it.
    static func scanEntryPrefix(_ bytes: Bytes, from start: Int = 0, zones: ZoneCache, into expression: inout TimeExpression) -> Bool {
        var index = skipSpaces(bytes, start)
        var emphasis: [UInt8] = []
        if index + 1 < bytes.count, bytes[index] == 42 || bytes[index] == 95, bytes[index + 1] == bytes[index] {
            emphasis = [bytes[index], bytes[index]]
        } else if index < bytes.count, bytes[index] == 42 || bytes[index] == 95 {
            emphasis = [bytes[index]]
        }
        index += emphasis.count
        var closer: UInt8? = nil
        if index < bytes.count, bytes[index] == 91 {  // [
            closer = 93
            index += 1
        } else if index < bytes.count, bytes[index] == 96 {  // `
            closer = 96
            index += 1
        } else if index < bytes.count, bytes[index] == 40 {  // (
            closer = 41
            index += 1
        }
        index = skipSpaces(bytes, index)
        var approximate = false
        if let after = approximationPrefix(bytes, index) {
            approximate = true
            index = skipSpaces(bytes, after)
        }
        guard scanMoment(bytes, from: index, zones: zones, into: &expression) else { return false }
        if approximate { expression.approximate = true }
        var cursor = expression.writtenEnd
        if let closer {
            let closing = skipSpaces(bytes, cursor)
            guard closing < bytes.count, bytes[closing] == closer else { return false }
            cursor = closing + 1
        }
        var emphasisOpen = !emphasis.isEmpty
        func closeEmphasis() {
            guard emphasisOpen else { return }
            let at = skipSpaces(bytes, cursor)
            if has(bytes, at, emphasis) {
                cursor = at + emphasis.count
                emphasisOpen = false
            }
        }
        closeEmphasis()
        if let after = separator(bytes, skipSpaces(bytes, cursor)) {
            cursor = after
            closeEmphasis()
        }
        expression.textStart = skipSpaces(bytes, cursor)
        if emphasisOpen { expression.openEmphasis = String(decoding: emphasis, as: UTF8.self) }
        if expression.textStart < bytes.count, !isSpace(bytes[expression.textStart]), expression.textStart == cursor,
            cursor > 0, isWordByte(bytes[cursor - 1]), isWordByte(bytes[cursor])
        {
            return false  // `10:00abc` is not a time
        }
        return true
    }

    /// The approximation words and signs written before a time.
    private static let approximationWords: [[UInt8]] = [
        "approximately", "approx.", "approx", "around", "about", "circa", "ca.", "c.", "roughly",
    ].map { Array($0.utf8) }

    private static func approximationPrefix(_ bytes: Bytes, _ index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        if bytes[index] == 126 { return index + 1 }  // ~
        if bytes[index] >= 0x80 || bytes[index] == 43 {
            if has(bytes, index, [0xC2, 0xB1]) { return index + 2 }  // ±
            if has(bytes, index, [0xE2, 0x89, 0x88]) { return index + 3 }  // ≈
            if has(bytes, index, "+/-") { return index + 3 }
        }
        guard isLetter(bytes[index]) else { return nil }
        for wordBytes in approximationWords {
            if hasIgnoringCase(bytes, index, wordBytes) {
                let after = index + wordBytes.count
                if after < bytes.count, bytes[after] == 32 || (wordBytes.last == 46 && isDigit(bytes[after])) {
                    return after
                }
            }
        }
        return nil
    }

    /// After the time: `-`, `–`, `—`, `:` or `|`, and the spaces after it.
    private static func separator(_ bytes: Bytes, _ index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case 45, 58, 124:  // - : |
            let after = index + 1
            // `-` or `:` glued to the next word (`-ish`, `:30`) is not a separator.
            if after < bytes.count, isWordByte(bytes[after]) { return nil }
            return after
        case 0xE2:
            if has(bytes, index, [0xE2, 0x80, 0x93]) || has(bytes, index, [0xE2, 0x80, 0x94]) { return index + 3 }
            return nil
        default:
            return nil
        }
    }

    // MARK: - A moment: date, clock, zone, range, alternate reading

    /// Scans `[weekday] [date] [clock] [zone] [-ish] [range] [(alternate)]` at `start`.
    static func scanMoment(_ bytes: Bytes, from start: Int, zones: ZoneCache) -> TimeExpression? {
        var expression = TimeExpression()
        return scanMoment(bytes, from: start, zones: zones, into: &expression) ? expression : nil
    }

    /// ``scanMoment(_:from:zones:)`` into a fresh `expression`; false when there is no moment.
    private static func scanMoment(_ bytes: Bytes, from start: Int, zones: ZoneCache, into expression: inout TimeExpression) -> Bool {
        expression.writtenStart = start
        var index = start
        if let after = unknownTimeToken(bytes, index) {
            expression.unknownTime = true
            expression.writtenEnd = after
            return true
        }
        if let scanned = scanDate(bytes, index) {
            index = scanned.end
            switch scanned.result {
            case .date(let date): expression.date = date
            case .problem(let problem):
                expression.problem = problem
                expression.problemOffset = start
            }
            expression.writtenEnd = index
            // The time after a date: `T03:00`, ` 03:00`, `, 10:18 AM`, ` at 10:18`, ` --:--`.
            var clockStart: Int? = nil
            if index < bytes.count, bytes[index] == 84 || bytes[index] == 116, index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                clockStart = index + 1
            } else {
                var probe = index
                if probe < bytes.count, bytes[probe] == 44 { probe += 1 }  // ,
                let spaced = skipSpaces(bytes, probe)
                if spaced > probe || probe > index {
                    var at = spaced
                    if hasIgnoringCase(bytes, at, "at ") { at = skipSpaces(bytes, at + 3) }
                    if hasIgnoringCase(bytes, at, "@ ") { at = skipSpaces(bytes, at + 2) }
                    clockStart = at
                }
            }
            if var clockStart {
                // `2026-02-17 ~14:20`: an approximate time after the date.
                if let after = approximationPrefix(bytes, clockStart) {
                    let at = skipSpaces(bytes, after)
                    if scanClock(bytes, at) != nil {
                        expression.approximate = true
                        clockStart = at
                    }
                }
                if let after = unknownTimeToken(bytes, clockStart) {
                    expression.unknownTime = true
                    expression.writtenEnd = after
                    return true
                }
                if let clock = scanClock(bytes, clockStart) {
                    index = clock.end
                    applyClock(clock, in: bytes, to: &expression, at: clockStart)
                    expression.writtenEnd = index
                    scanAfterClock(bytes, &expression, zones: zones)
                    return true
                }
            }
            if case .placeholderDate = expression.problem {
                // `YYYY-MM-DD HH:MM`: the time is a template too.
                if let clockStart, let after = placeholderClock(bytes, clockStart) { expression.writtenEnd = after }
            }
            return true
        }
        guard let clock = scanClock(bytes, index) else { return false }
        applyClock(clock, in: bytes, to: &expression, at: index)
        expression.writtenEnd = clock.end
        scanAfterClock(bytes, &expression, zones: zones)
        return true
    }

    private static func applyClock(_ clock: ScannedClock, in bytes: Bytes, to expression: inout TimeExpression, at offset: Int) {
        if let reading = clock.reading {
            expression.clock = reading
        } else if expression.problem == nil {
            expression.problem = .impossibleTime(clock.written(in: bytes))
            expression.problemOffset = offset
        }
    }

    /// Zone, `-ish`, a range end, an alternate reading or a parenthesised date after a clock.
    private static func scanAfterClock(_ bytes: Bytes, _ expression: inout TimeExpression, zones: ZoneCache) {
        var index = expression.writtenEnd
        if let zone = scanZone(bytes, index, zones: zones) {
            expression.zoneName = zone.name
            expression.zoneOffset = zone.start
            index = zone.end
            expression.writtenEnd = index
        }
        if let after = ishSuffix(bytes, index) {
            expression.approximate = true
            index = after
            expression.writtenEnd = index
        }
        // A range: `10:00 - 10:05`, `10:00–10:05`, `21:45 to 23:28 UTC`.
        let spaced = skipSpaces(bytes, index)
        var rangeStart: Int? = nil
        if spaced < bytes.count, bytes[spaced] == 45 {
            rangeStart = spaced + 1
        } else if spaced < bytes.count, bytes[spaced] == 0xE2,
            has(bytes, spaced, [0xE2, 0x80, 0x93]) || has(bytes, spaced, [0xE2, 0x80, 0x94])
        {
            rangeStart = spaced + 3
        } else if spaced > index {
            for word in rangeWords where hasIgnoringCase(bytes, spaced, word) {
                rangeStart = spaced + word.count
            }
        }
        if let rangeStart {
            let clockAt = skipSpaces(bytes, rangeStart)
            if let end = scanClock(bytes, clockAt), let reading = end.reading,
                end.end >= bytes.count || !isWordByte(bytes[end.end]) || isZoneLetter(bytes, end.end)
            {
                expression.endClock = reading
                index = end.end
                expression.writtenEnd = index
                if let zone = scanZone(bytes, index, zones: zones) {
                    if expression.zoneName == nil {
                        expression.zoneName = zone.name
                        expression.zoneOffset = zone.start
                    }
                    index = zone.end
                    expression.writtenEnd = index
                }
                if let after = ishSuffix(bytes, index) {
                    expression.approximate = true
                    index = after
                    expression.writtenEnd = index
                }
            }
        }
        // Parentheses: `(17:14 UTC)`, `(Oct 29)`, `(UTC)`, `(approx.)`.
        let open = skipSpaces(bytes, index)
        guard open < bytes.count, bytes[open] == 40 else { return }
        let inner = skipSpaces(bytes, open + 1)
        var innerEnd: Int? = nil
        if let clock = scanClock(bytes, inner), let reading = clock.reading,
            let zone = scanZone(bytes, clock.end, zones: zones)
        {
            expression.alternate = AlternateReading(clock: reading, zoneName: zone.name, offset: inner)
            innerEnd = zone.end
        } else if expression.date == nil, let date = scanDate(bytes, inner), case .date(let written) = date.result {
            expression.date = written
            innerEnd = date.end
        } else if expression.zoneName == nil, let zone = scanZone(bytes, inner, zones: zones, requireSpace: false) {
            expression.zoneName = zone.name
            expression.zoneOffset = zone.start
            innerEnd = zone.end
        } else if let after = approximationWordInParentheses(bytes, inner) {
            expression.approximate = true
            innerEnd = after
        }
        if let innerEnd {
            let close = skipSpaces(bytes, innerEnd)
            if close < bytes.count, bytes[close] == 41 { expression.writtenEnd = close + 1 }
        }
    }

    /// The words that join the two ends of a range (`21:45 to 23:28`).
    private static let rangeWords: [[UInt8]] = ["to ", "until ", "till "].map { Array($0.utf8) }

    private static func approximationWordInParentheses(_ bytes: Bytes, _ index: Int) -> Int? {
        for word in ["approximately", "approx.", "approx", "roughly", "estimated", "est."]
        where hasIgnoringCase(bytes, index, word) {
            return index + word.utf8.count
        }
        return nil
    }

    /// `-ish`, ` ish`, or a `?` right after the time.
    private static func ishSuffix(_ bytes: Bytes, _ index: Int) -> Int? {
        // Each form starts with `-`, a space, `i` or `?`.
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case 45, 32, 105, 73, 63: break
        default: return nil
        }
        if bytes[index] == 63 { return index + 1 }  // ?
        // `ish` after `-` or a space, or glued to the time.
        let word = bytes[index] == 45 || bytes[index] == 32 ? index + 1 : index
        guard word + 3 <= bytes.count, bytes[word] | 0x20 == 105, bytes[word + 1] | 0x20 == 115, bytes[word + 2] | 0x20 == 104,
            !isWordByte(at: bytes, word + 3)
        else { return nil }
        return word + 3
    }

    // MARK: - Unknown times

    /// `--:--`, `??:??`, `xx:xx`, `HH:MM`, `???`, `TBD`, `TBC`, `unknown` (the last only as a whole token).
    static func unknownTimeToken(_ bytes: Bytes, _ index: Int) -> Int? {
        // (None starts with a digit, which most times do.)
        guard index < bytes.count, !isDigit(bytes[index]) else { return nil }
        var cursor = index
        var marks = 0
        var colons = 0
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == 45 || byte == 63 || byte == 120 || byte == 88 || byte == 72 || byte == 77 || byte == 83 {
                marks += 1
            } else if byte == 58 {
                colons += 1
            } else {
                break
            }
            cursor += 1
        }
        if colons >= 1, marks >= 3, cursor - index >= 4, !isWordByte(at: bytes, cursor) {
            let token = bytes[index..<cursor]
            let letters = token.filter { $0 != 58 }
            // `HH:MM` / `HH:MM:SS`, `--:--`, `??:??`, `xx:xx` — but not a mix such as `-:M`.
            let uniform = Set(letters.map { $0 == 77 || $0 == 83 ? 72 : $0 }).count == 1
            if uniform { return cursor }
        }
        if has(bytes, index, "???") {
            var end = index + 3
            while end < bytes.count, bytes[end] == 63 { end += 1 }
            return end
        }
        guard isLetter(bytes[index]) else { return nil }
        for word in ["TBD", "TBC", "tbd", "unknown", "Unknown"] {
            let count = word.utf8.count
            if has(bytes, index, word), !isWordByte(at: bytes, index + count) { return index + count }
        }
        return nil
    }

    private static func placeholderClock(_ bytes: Bytes, _ index: Int) -> Int? {
        unknownTimeToken(bytes, index)
    }

    // MARK: - Clocks

    /// A clock as scanned: its reading (nil when impossible, such as `25:61`) and where it ends.
    struct ScannedClock {
        var reading: ClockReading?
        var end: Int
        /// Where the clock was written; made into text only for a problem, which few clocks have.
        var writtenStart: Int

        func written(in bytes: Bytes) -> String {
            String(decoding: bytes[writtenStart..<end], as: UTF8.self)
        }
    }

    /// `H:MM`, `HH:MM`, `HH:MM:SS(.fff)`, with `AM`/`PM`/`a.m.`; also `2 PM`, `2pm`.
    static func scanClock(_ bytes: Bytes, _ start: Int) -> ScannedClock? {
        var index = start
        guard let (hour, hourDigits) = digits(bytes, &index, max: 2), hourDigits >= 1 else { return nil }
        var minute = 0
        var second = 0
        var hasMinutes = false
        var hasSeconds = false
        if index + 2 < bytes.count, bytes[index] == 58, isDigit(bytes[index + 1]) {
            var cursor = index + 1
            guard let (value, count) = digits(bytes, &cursor, max: 2), count == 2 else { return nil }
            minute = value
            hasMinutes = true
            index = cursor
            if index + 2 < bytes.count, bytes[index] == 58, isDigit(bytes[index + 1]) {
                var secondCursor = index + 1
                if let (value, count) = digits(bytes, &secondCursor, max: 2), count == 2 {
                    second = value
                    hasSeconds = true
                    index = secondCursor
                    if index + 1 < bytes.count, bytes[index] == 46 || bytes[index] == 44, isDigit(bytes[index + 1]) {
                        index += 1
                        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                    }
                }
            }
        }
        if index < bytes.count, isDigit(bytes[index]) { return nil }
        // 12-hour clocks.
        var meridiem: Int? = nil  // 0 AM, 12 PM
        var afterMeridiem = index
        let probe = index < bytes.count && bytes[index] == 32 ? index + 1 : index
        if probe < bytes.count {
            let letter = bytes[probe] | 0x20
            if letter == 97 || letter == 112 {  // a p
                var cursor = probe + 1
                if cursor < bytes.count, bytes[cursor] == 46 { cursor += 1 }
                if cursor < bytes.count, bytes[cursor] | 0x20 == 109 {  // m
                    cursor += 1
                    if cursor < bytes.count, bytes[cursor] == 46 { cursor += 1 }
                    if !isWordByte(at: bytes, cursor) {
                        meridiem = letter == 97 ? 0 : 12
                        afterMeridiem = cursor
                    }
                }
            }
        }
        guard hasMinutes || meridiem != nil else { return nil }
        if meridiem != nil { index = afterMeridiem }
        var hour24 = hour
        if let meridiem {
            guard (1...12).contains(hour) else { return ScannedClock(reading: nil, end: index, writtenStart: start) }
            hour24 = hour % 12 + meridiem
        }
        guard hour24 <= 23, minute <= 59, second <= 60 else {
            return ScannedClock(reading: nil, end: index, writtenStart: start)
        }
        let reading = ClockReading(hour: hour24, minute: minute, second: min(second, 59), hasSeconds: hasSeconds)
        return ScannedClock(reading: reading, end: index, writtenStart: start)
    }

    // MARK: - Zones

    /// A zone written after a clock: attached `Z` or offset (`03:00Z`, `03:00+01:00`), or
    /// after a space an abbreviation, `UTC+2`, an IANA name, or a word (`Eastern [Time]`).
    static func scanZone(_ bytes: Bytes, _ start: Int, zones: ZoneCache, requireSpace: Bool = true)
        -> (name: String, start: Int, end: Int)?
    {
        guard start < bytes.count else { return nil }
        // Attached ISO zones.
        if bytes[start] == 90 || bytes[start] == 122, !isWordByte(at: bytes, start + 1) {
            return ("UTC", start, start + 1)
        }
        if bytes[start] == 43 || bytes[start] == 45, let end = numericOffsetEnd(bytes, start + 1) {
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            if let zone = zones.resolve(text) { return (zone.name, start, end) }
        }
        var index = start
        if requireSpace {
            guard bytes[index] == 32 else { return nil }
            index = skipSpaces(bytes, index)
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == 43 || bytes[index] == 45 {
            guard let end = numericOffsetEnd(bytes, index + 1) else { return nil }
            let text = String(decoding: bytes[index..<end], as: UTF8.self)
            guard let zone = zones.resolve(text) else { return nil }
            return (zone.name, index, end)
        }
        guard isLetter(bytes[index]) else { return nil }
        var end = index
        var hasSlash = false
        while end < bytes.count, isLetter(bytes[end]) || bytes[end] == 47 || bytes[end] == 95
            || (hasSlash && (bytes[end] == 45 || isDigit(bytes[end])))
        {
            if bytes[end] == 47 { hasSlash = true }
            end += 1
        }
        while end > index, bytes[end - 1] == 47 || bytes[end - 1] == 45 { end -= 1 }
        guard end > index, end - index <= 40 else { return nil }
        // Ordinary words after a time are far more common than zones: reject them cheaply.
        if !hasSlash {
            let length = end - index
            let upperFirst = bytes[index] >= 65 && bytes[index] <= 90
            guard length <= 8, upperFirst || length == 3 || length == 1 else { return nil }
        }
        let word = bytes[index..<end]
        // `UTC+2`, `GMT-07:00`.
        if end < bytes.count, bytes[end] == 43 || bytes[end] == 45, let offsetEnd = numericOffsetEnd(bytes, end + 1) {
            let text = String(decoding: bytes[index..<offsetEnd], as: UTF8.self)
            if zones.resolve(text) != nil { return (text, index, offsetEnd) }
        }
        if isDigit(at: bytes, end) { return nil }
        let allUpper = word.allSatisfy { ($0 >= 65 && $0 <= 90) }
        // A word that is neither in capitals, nor `utc` or `gmt`, can only be a zone word
        // (below); most words are not of any zone word's shape, and go without a lookup.
        if !hasSlash, !allUpper, !hasZoneWordShape(word), !isLowercaseUTCOrGMT(word) {
            return nil
        }
        let text = String(decoding: word, as: UTF8.self)
        if hasSlash {
            guard let zone = zones.resolve(text) else { return nil }
            return (zone.name, index, end)
        }
        if allUpper || text == "utc" || text == "gmt" {
            guard ZoneNames.abbreviations[text.uppercased()] != nil else {
                // `ET`, `PT` …: region words written as abbreviations.
                if allUpper, word.count <= 3, zones.resolve(text) != nil, followedBySeparator(bytes, end) {
                    return (text, index, end)
                }
                return nil
            }
            if word.count == 1, !followedBySeparator(bytes, end) { return nil }  // `Z` alone
            let name = text.uppercased() == "Z" ? "UTC" : text.uppercased()
            return (name, index, end)
        }
        // Words with daylight-saving rules: `Eastern`, `Pacific Time`. Most words after a
        // time have no zone word of their length and first letter, and are let go cheaply.
        guard hasZoneWordShape(word), ZoneNames.words[text.uppercased()] != nil else { return nil }
        var wordEnd = end
        if hasIgnoringCase(bytes, end, " time"), !isWordByte(at: bytes, end + 5) { wordEnd = end + 5 }
        guard wordEnd > end || followedBySeparator(bytes, end) else { return nil }
        return (String(decoding: bytes[index..<wordEnd], as: UTF8.self), index, wordEnd)
    }

    /// For each first letter (`A` to `Z`), a bit for each length below 64 that a zone
    /// word (``ZoneNames/words``) starting with it has.
    private static let zoneWordLengths: [UInt64] = {
        var lengths = [UInt64](repeating: 0, count: 26)
        for word in ZoneNames.words.keys {
            guard let first = word.utf8.first, isLetter(first), word.utf8.count < 64 else { continue }
            lengths[Int((first | 0x20) &- 97)] |= 1 << UInt64(word.utf8.count)
        }
        return lengths
    }()

    /// Whether a zone word has this word's length and first letter, in any case. (Case
    /// does not change an ASCII word's length, so a word no zone word is shaped like is
    /// not one.)
    private static func hasZoneWordShape(_ word: ArraySlice<UInt8>) -> Bool {
        guard let first = word.first, isLetter(first), word.count < 64 else { return false }
        return zoneWordLengths[Int((first | 0x20) &- 97)] >> UInt64(word.count) & 1 != 0
    }

    /// Whether the word is `utc` or `gmt`, in lowercase.
    private static func isLowercaseUTCOrGMT(_ word: ArraySlice<UInt8>) -> Bool {
        guard word.count == 3 else { return false }
        let start = word.startIndex
        let (a, b, c) = (word[start], word[start + 1], word[start + 2])
        return (a, b, c) == (117, 116, 99) || (a, b, c) == (103, 109, 116)
    }

    /// Whether what follows a zone word ends the time: a separator, a closer, or the end.
    private static func followedBySeparator(_ bytes: Bytes, _ index: Int) -> Bool {
        let at = skipSpaces(bytes, index)
        guard at < bytes.count else { return true }
        switch bytes[at] {
        case 45, 58, 124, 41, 93, 42, 95, 44, 96, 40: return true
        default: return has(bytes, at, [0xE2, 0x80, 0x93]) || has(bytes, at, [0xE2, 0x80, 0x94])
        }
    }

    /// The end of `HH`, `HHMM`, `HH:MM` after a sign.
    private static func numericOffsetEnd(_ bytes: Bytes, _ start: Int) -> Int? {
        var index = start
        guard let (_, count) = digits(bytes, &index, max: 2), count >= 1 else { return nil }
        if index + 2 < bytes.count || index + 2 == bytes.count {
            var cursor = index
            if cursor < bytes.count, bytes[cursor] == 58 { cursor += 1 }
            if let (_, minuteCount) = digits(bytes, &cursor, max: 2), minuteCount == 2 { index = cursor }
        }
        guard !isWordByte(at: bytes, index) else { return nil }
        return index
    }

    // MARK: - Dates

    /// A scanned date, or why it cannot be used.
    enum DateResult {
        case date(WrittenDate)
        case problem(TimeExpressionProblem)
    }

    /// `[Weekday[,]] YYYY-MM-DD | YYYY/MM/DD | MM-DD | Month D[, YYYY] | D Month [YYYY]`,
    /// and template dates (`YYYY-MM-DD`). Also day ranges (`October 29-30, 2025` gives the 29th).
    static func scanDate(_ bytes: Bytes, _ start: Int) -> (result: DateResult, end: Int)? {
        var index = start
        if let after = weekdayEnd(bytes, index) {
            var cursor = after
            if cursor < bytes.count, bytes[cursor] == 44 || bytes[cursor] == 46 { cursor += 1 }
            let spaced = skipSpaces(bytes, cursor)
            if spaced > cursor || spaced == bytes.count { index = spaced }
        }
        if let numeric = numericDate(bytes, index) { return numeric }
        return namedDate(bytes, index)
    }

    private static func numericDate(_ bytes: Bytes, _ start: Int) -> (result: DateResult, end: Int)? {
        var index = start
        // Template dates: `YYYY-MM-DD`, `2023-MM-DD`.
        if let end = templateDateEnd(bytes, start) {
            let written = String(decoding: bytes[start..<end], as: UTF8.self)
            return (.problem(.placeholderDate(written)), end)
        }
        guard let (first, firstCount) = digits(bytes, &index, max: 4) else { return nil }
        guard index < bytes.count, bytes[index] == 45 || bytes[index] == 47 || bytes[index] == 46 else { return nil }
        let separator = bytes[index]
        index += 1
        guard let (second, secondCount) = digits(bytes, &index, max: 2), secondCount >= 1 else { return nil }
        if firstCount == 4 {
            guard index < bytes.count, bytes[index] == separator else { return nil }
            index += 1
            guard let (third, thirdCount) = digits(bytes, &index, max: 2), thirdCount >= 1,
                !isDigit(at: bytes, index), !(index < bytes.count && isLetter(bytes[index]) && bytes[index] != 84 && bytes[index] != 116)
            else { return nil }
            let written = String(decoding: bytes[start..<index], as: UTF8.self)
            guard CalendarDate(year: first, month: second, day: third) != nil else {
                return (.problem(.impossibleDate(written)), index)
            }
            return (.date(WrittenDate(year: first, month: second, day: third)), index)
        }
        // A year last: `3/14/2026`, `14/03/2026` (month first unless it cannot be),
        // `14.03.2026` (day first).
        if firstCount <= 2, index + 1 < bytes.count, bytes[index] == separator, isDigit(bytes[index + 1]) {
            var cursor = index + 1
            guard let (year, yearCount) = digits(bytes, &cursor, max: 4), yearCount == 4, !isWordByte(at: bytes, cursor)
            else { return nil }
            var month = first
            var day = second
            if separator == 46 || (month > 12 && day <= 12) { swap(&month, &day) }
            let written = String(decoding: bytes[start..<cursor], as: UTF8.self)
            guard CalendarDate(year: year, month: month, day: day) != nil else {
                return (.problem(.impossibleDate(written)), cursor)
            }
            return (.date(WrittenDate(year: year, month: month, day: day)), cursor)
        }
        guard separator != 46 else { return nil }
        // Month-day without a year (`01-14`, `1/14`): only when a clock follows.
        guard firstCount <= 2, secondCount == 2 || separator == 47, index < bytes.count, bytes[index] == 32,
            !(index < bytes.count && bytes[index] == separator)
        else { return nil }
        let clockAt = skipSpaces(bytes, index)
        guard scanClock(bytes, clockAt) != nil || unknownTimeToken(bytes, clockAt) != nil else { return nil }
        var month = first
        var day = second
        if month > 12, day <= 12 { swap(&month, &day) }
        let written = String(decoding: bytes[start..<index], as: UTF8.self)
        guard (1...12).contains(month), (1...CalendarDate.daysIn(month: month, year: 2000)).contains(day) else {
            return (.problem(.impossibleDate(written)), index)
        }
        return (.date(WrittenDate(year: nil, month: month, day: day)), index)
    }

    /// `YYYY-MM-DD`-like tokens holding template letters (Y, M, D, X, ?).
    private static func templateDateEnd(_ bytes: Bytes, _ start: Int) -> Int? {
        let shape = [4, 2, 2]
        var index = start
        var sawTemplate = false
        for (part, length) in shape.enumerated() {
            for _ in 0..<length {
                guard index < bytes.count else { return nil }
                let byte = bytes[index]
                if isDigit(byte) {
                } else if byte == 89 || byte == 77 || byte == 68 || byte == 88 || byte == 63 || byte == 121 || byte == 109
                    || byte == 100 || byte == 120
                {
                    sawTemplate = true
                } else {
                    return nil
                }
                index += 1
            }
            if part < 2 {
                guard index < bytes.count, bytes[index] == 45 || bytes[index] == 47 else { return nil }
                index += 1
            }
        }
        guard sawTemplate, !isLetter(at: bytes, index), !isDigit(at: bytes, index) else { return nil }
        return index
    }

    private static func namedDate(_ bytes: Bytes, _ start: Int) -> (result: DateResult, end: Int)? {
        var index = start
        var month: Int
        var day: Int
        if let (value, end) = monthName(bytes, index) {
            month = value
            index = end
            if index < bytes.count, bytes[index] == 46 { index += 1 }
            let spaced = skipSpaces(bytes, index)
            guard spaced > index else { return nil }
            index = spaced
            guard let (value, count) = digits(bytes, &index, max: 2), count >= 1 else { return nil }
            day = value
            index = ordinalSuffix(bytes, index)
            // `29-30`: a range of days; the first one counts.
            if index + 1 < bytes.count, bytes[index] == 45, isDigit(bytes[index + 1]) {
                var cursor = index + 1
                if let (_, count) = digits(bytes, &cursor, max: 2), count >= 1, !isDigit(at: bytes, cursor), !(cursor < bytes.count && bytes[cursor] == 58) {
                    index = ordinalSuffix(bytes, cursor)
                }
            }
            if isDigit(at: bytes, index) || (index < bytes.count && bytes[index] == 58) { return nil }
        } else {
            guard let (value, count) = digits(bytes, &index, max: 2), count >= 1 else { return nil }
            day = value
            index = ordinalSuffix(bytes, index)
            let spaced = skipSpaces(bytes, index)
            guard spaced > index, let (value, end) = monthName(bytes, spaced) else { return nil }
            month = value
            index = end
            if index < bytes.count, bytes[index] == 46 { index += 1 }
        }
        guard !isLetter(at: bytes, index) else { return nil }
        // An optional year: `, 2026` or ` 2026`.
        var year: Int? = nil
        var probe = index
        if probe < bytes.count, bytes[probe] == 44 { probe += 1 }
        let spaced = skipSpaces(bytes, probe)
        if spaced > index {
            var cursor = spaced
            if let (value, count) = digits(bytes, &cursor, max: 4), count == 4, !isDigit(at: bytes, cursor),
                !(cursor < bytes.count && bytes[cursor] == 58)
            {
                year = value
                index = cursor
            }
        }
        let written = String(decoding: bytes[start..<index], as: UTF8.self)
        guard (1...CalendarDate.daysIn(month: month, year: year ?? 2000)).contains(day),
            year.map({ (1...9999).contains($0) }) ?? true
        else {
            return (.problem(.impossibleDate(written)), index)
        }
        return (.date(WrittenDate(year: year, month: month, day: day)), index)
    }

    private static func ordinalSuffix(_ bytes: Bytes, _ index: Int) -> Int {
        guard isLetter(at: bytes, index) else { return index }
        for suffix in ["st", "nd", "rd", "th"] where hasIgnoringCase(bytes, index, suffix) {
            if !isLetter(at: bytes, index + 2) { return index + 2 }
        }
        return index
    }

    private static let months: [(String, Int)] = [
        ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6), ("july", 7),
        ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12),
        ("sept", 9), ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8),
        ("sep", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    ].map { (String($0.0), $0.1) }

    private static let monthBytes: [([UInt8], Int)] = months.map { (Array($0.0.utf8), $0.1) }

    /// A month name or its abbreviation, case-insensitive, not followed by a letter.
    static func monthName(_ bytes: Bytes, _ index: Int) -> (Int, Int)? {
        guard index < bytes.count, isLetter(bytes[index]) else { return nil }
        for (name, month) in monthBytes where hasIgnoringCase(bytes, index, name) {
            let end = index + name.count
            if !isLetter(at: bytes, end) { return (month, end) }
        }
        return nil
    }

    private static let weekdays: [[UInt8]] = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "tues", "thurs", "thur", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    ].map { Array($0.utf8) }

    private static func weekdayEnd(_ bytes: Bytes, _ index: Int) -> Int? {
        guard index < bytes.count, isLetter(bytes[index]) else { return nil }
        for name in weekdays where hasIgnoringCase(bytes, index, name) {
            let end = index + name.count
            if !isLetter(at: bytes, end) { return end }
        }
        return nil
    }

    // MARK: - Bytes

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 }
    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) || byte >= 0x80 }

    static func isDigit(at bytes: Bytes, _ index: Int) -> Bool { index < bytes.count && isDigit(bytes[index]) }
    static func isLetter(at bytes: Bytes, _ index: Int) -> Bool { index < bytes.count && isLetter(bytes[index]) }
    static func isWordByte(at bytes: Bytes, _ index: Int) -> Bool { index < bytes.count && isWordByte(bytes[index]) }

    /// A zone letter glued to a clock (`03:00Z`).
    private static func isZoneLetter(_ bytes: Bytes, _ index: Int) -> Bool {
        index < bytes.count && (bytes[index] == 90 || bytes[index] == 122) && !isWordByte(at: bytes, index + 1)
    }

    static func skipSpaces(_ bytes: Bytes, _ index: Int) -> Int {
        var cursor = index
        while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
        return cursor
    }

    static func has(_ bytes: Bytes, _ index: Int, _ pattern: [UInt8]) -> Bool {
        guard index >= 0, index + pattern.count <= bytes.count else { return false }
        for offset in 0..<pattern.count where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    static func has(_ bytes: Bytes, _ index: Int, _ pattern: String) -> Bool {
        let utf8 = pattern.utf8
        guard index >= 0, index + utf8.count <= bytes.count else { return false }
        var offset = index
        for byte in utf8 {
            if bytes[offset] != byte { return false }
            offset += 1
        }
        return true
    }

    /// Case-insensitive match for ASCII patterns written in lowercase.
    static func hasIgnoringCase(_ bytes: Bytes, _ index: Int, _ pattern: String) -> Bool {
        let utf8 = pattern.utf8
        guard index >= 0, index + utf8.count <= bytes.count else { return false }
        var offset = index
        for expected in utf8 {
            let byte = bytes[offset]
            if (isLetter(byte) ? byte | 0x20 : byte) != expected { return false }
            offset += 1
        }
        return true
    }

    /// Case-insensitive match for ASCII patterns written in lowercase.
    static func hasIgnoringCase(_ bytes: Bytes, _ index: Int, _ pattern: [UInt8]) -> Bool {
        guard index >= 0, index + pattern.count <= bytes.count else { return false }
        for offset in 0..<pattern.count {
            let byte = bytes[index + offset]
            let folded = isLetter(byte) ? byte | 0x20 : byte
            if folded != pattern[offset] { return false }
        }
        return true
    }

    /// Up to `max` decimal digits at `index`, advancing it; nil when there is none.
    static func digits(_ bytes: Bytes, _ index: inout Int, max: Int) -> (Int, Int)? {
        var value = 0
        var count = 0
        while index < bytes.count, count < max, isDigit(bytes[index]) {
            value = value * 10 + Int(bytes[index] - 48)
            index += 1
            count += 1
        }
        if count == max, isDigit(at: bytes, index) { return nil }
        return count > 0 ? (value, count) : nil
    }
}
