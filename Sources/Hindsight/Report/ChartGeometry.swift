/// Maps instants (seconds since 1970) to x positions of a chart, linearly.
struct TimeScale: Hashable, Sendable {
    var start: Double
    var end: Double
    var left: Double
    var right: Double

    /// A scale over `start…end`; a span of zero is widened to ten minutes around it.
    init(start: Int, end: Int, left: Double, right: Double) {
        var low = Double(min(start, end))
        var high = Double(max(start, end))
        if high - low < 1 {
            low -= 300
            high += 300
        }
        self.start = low
        self.end = high
        self.left = left
        self.right = right
    }

    var span: Double { end - start }

    func x(_ instant: Int) -> Double {
        left + (Double(instant) - start) / span * (right - left)
    }
}

/// Tick spacing and labels for a time axis in the report zone's local time.
struct TimeAxis: Hashable, Sendable {
    /// One tick: where, and its label lines (time, then the date where it changes).
    struct Tick: Hashable, Sendable {
        var instant: Int
        var time: String
        var date: String?
    }

    /// The steps an axis may use, in seconds: 1 s … 30 s, 1 min … 30 min, 1 h … 12 h,
    /// 1 d, 2 d, a week, two weeks, four weeks.
    static let steps = [
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200,
        86_400, 172_800, 604_800, 1_209_600, 2_419_200,
    ]

    /// The smallest step that gives at most `maxTicks` intervals over `span` seconds;
    /// beyond four weeks, whole days.
    static func step(forSpan span: Double, maxTicks: Int) -> Int {
        let limit = Double(max(1, maxTicks))
        guard span.isFinite, span > 0 else { return steps[0] }
        for step in steps where span / Double(step) <= limit { return step }
        let days = min(max((span / limit / 86_400).rounded(.up), 1), 1_000_000)
        return Int(days) * 86_400
    }

    var step: Int
    var ticks: [Tick]

    init(scale: TimeScale, utcOffset: Int, maxTicks: Int) {
        let step = Self.step(forSpan: scale.span, maxTicks: maxTicks)
        self.step = step
        let low = Int(scale.start.rounded(.up))
        let high = Int(scale.end.rounded(.down))
        // Weeks start on Mondays (1970-01-05 was one); everything else on multiples of the step.
        let anchor = step >= 604_800 ? 4 * 86_400 : 0
        let first = LocalClock.floorDivide(low + utcOffset - anchor + step - 1, step) * step + anchor - utcOffset
        let crossesMidnight = LocalClock.day(low, utcOffset) != LocalClock.day(high, utcOffset)
        var ticks: [Tick] = []
        var previousDay: Int?
        var instant = first
        while instant <= high && ticks.count < 1000 {
            let day = LocalClock.day(instant, utcOffset)
            if step >= 86_400 {
                ticks.append(Tick(instant: instant, time: LocalClock.dayMonth(instant, utcOffset, weekday: step < 604_800), date: nil))
            } else {
                let showDate = crossesMidnight && day != previousDay
                ticks.append(Tick(
                    instant: instant, time: LocalClock.clock(instant, utcOffset, seconds: step < 60),
                    date: showDate ? LocalClock.dayMonth(instant, utcOffset, weekday: true) : nil))
            }
            previousDay = day
            instant += step
        }
        self.ticks = ticks
    }
}

/// Wall-clock text for instants at a fixed offset from UTC, without Foundation's
/// calendars or locale: `03:00`, `Wed 4 Mar`.
enum LocalClock {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// Days since 1970-01-01 of the local date.
    static func day(_ instant: Int, _ offset: Int) -> Int {
        floorDivide(instant + offset, 86_400)
    }

    /// Seconds into the local day.
    static func secondsIntoDay(_ instant: Int, _ offset: Int) -> Int {
        let local = instant + offset
        return local - floorDivide(local, 86_400) * 86_400
    }

    static func clock(_ instant: Int, _ offset: Int, seconds: Bool) -> String {
        let value = secondsIntoDay(instant, offset)
        let base = DigitText.padded(value / 3600, width: 2) + ":" + DigitText.padded((value / 60) % 60, width: 2)
        return seconds ? base + ":" + DigitText.padded(value % 60, width: 2) : base
    }

    static func dayMonth(_ instant: Int, _ offset: Int, weekday: Bool) -> String {
        let days = day(instant, offset)
        let date = CalendarDate(daysSinceEpoch: days)
        let weekdayIndex = ((days + 4) % 7 + 7) % 7
        let month = months.indices.contains(date.month - 1) ? months[date.month - 1] : "\(date.month)"
        return (weekday ? weekdays[weekdayIndex] + " " : "") + "\(date.day) \(month)"
    }

    static func weekday(_ instant: Int, _ offset: Int) -> String {
        let days = day(instant, offset)
        return weekdays[((days + 4) % 7 + 7) % 7]
    }
}

/// Estimated widths of label text, so labels can be placed without overlapping. The
/// table is calibrated on DejaVu Sans, the widest common fallback for `system-ui`, so
/// narrower faces (San Francisco, Segoe UI, Roboto) only leave more room.
enum TextMetrics {
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        var em = 0.0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "i", "l", "j", "t", "f", "r", "I", ".", ",", ":", ";", "'", "|", "!", "(", ")", "[", "]", "·", "-", "/":
                em += 0.34
            case " ":
                em += 0.32
            case "m", "w", "M", "W", "@", "%", "→", "#":
                em += 0.9
            case "A"..."Z":
                em += 0.68
            case "0"..."9":
                em += 0.64
            case "a"..."z", "_", "~", "+", "?", "&", "…", "–":
                em += 0.6
            default:
                em += scalar.value >= 0x2E80 ? 1.0 : 0.66
            }
        }
        return em * size * (bold ? 1.13 : 1.0)
    }
}

/// Places labels on stacked rows so that none overlaps another and no leader line
/// (from a label down or up to its mark) crosses a label on a row nearer the marks.
///
/// Labels are placed from the latest mark to the earliest, each running rightwards from
/// its mark (leftwards near the right edge): an earlier label that collides moves one
/// row further out, and its leader then passes left of the labels already placed.
struct LabelRows: Sendable {
    /// A placed label: its row (0 is nearest the marks) and horizontal extent.
    struct Placement: Hashable, Sendable {
        var row: Int
        var left: Double
        var right: Double
        var anchorEnd: Bool
    }

    var rows: [[(left: Double, right: Double)]] = []
    /// Leader positions per row they pass through (every row nearer the marks).
    var leaders: [[Double]] = []
    let gap: Double
    let maxRows: Int
    /// Whether a label always goes further out than every label it overlaps in
    /// extent, so a cluster of marks reads in time order from the outermost row in.
    let staircase: Bool
    var extents: [(left: Double, right: Double, row: Int)] = []

    init(gap: Double = 10, maxRows: Int, staircase: Bool = false) {
        self.gap = gap
        self.maxRows = max(1, maxRows)
        self.staircase = staircase
    }

    var rowCount: Int { rows.count }

    /// Places a label of `width` for a mark at `x` in `left…right`; nil when no row has room.
    mutating func place(x: Double, width: Double, left: Double, right: Double) -> Placement? {
        let inset = 5.0
        var start = x - inset
        var end = start + width
        var anchorEnd = false
        if end > right {
            anchorEnd = true
            end = x + inset
            start = end - width
        }
        if start < left {
            // Wider than the room on either side: start at the left edge.
            anchorEnd = false
            start = left
            end = left + width
        }
        // First a row where neither text nor leaders cross; else, for marks closer than a
        // label's inset, a row where at least the texts stay apart.
        var firstRow = 0
        if staircase {
            for extent in extents where start < extent.right + gap && end + gap > extent.left {
                firstRow = max(firstRow, extent.row + 1)
            }
        }
        for strict in [true, false] {
            for row in min(firstRow, maxRows - 1)..<maxRows {
                if row < rows.count, rows[row].contains(where: { start < $0.right + gap && end + gap > $0.left }) { continue }
                if strict {
                    if row < leaders.count, leaders[row].contains(where: { $0 > start - 3 && $0 < end + 3 }) { continue }
                    // The leader to this row passes every nearer row: none may have a label there.
                    let blocked = (0..<min(row, rows.count)).contains { nearer in
                        rows[nearer].contains { x > $0.left - 3 && x < $0.right + 3 }
                    }
                    if blocked { continue }
                }
                while rows.count <= row { rows.append([]) }
                while leaders.count <= row { leaders.append([]) }
                rows[row].append((start, end))
                extents.append((start, end, row))
                for nearer in 0..<row { leaders[nearer].append(x) }
                return Placement(row: row, left: start, right: end, anchorEnd: anchorEnd)
            }
        }
        return nil
    }
}

/// Numbers and text for SVG output: fixed one-decimal numbers without locale, and
/// XML-safe escaped text.
enum SVGText {
    /// `12.5`, `-3.0`, `0.0`: always one decimal; non-finite values become `0.0`.
    static func number(_ value: Double) -> String {
        let output = UTF8Output(capacity: 24)
        appendNumber(value, to: output)
        return output.string()
    }

    /// ``number(_:)`` appended as UTF-8.
    static func appendNumber(_ value: Double, to output: UTF8Output) {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e15 else {
            output.appendLiteral("0.0")
            return
        }
        let integer = Int(tenths)
        if integer < 0 { output.append(UInt8(ascii: "-")) }
        let magnitude = integer.magnitude
        appendInteger(Int(magnitude / 10), to: output)
        output.append(UInt8(ascii: "."))
        output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
    }

    /// The decimal digits of a number ≥ 0 (`"\(value)"`) appended as UTF-8.
    static func appendInteger(_ value: Int, to output: UTF8Output) {
        guard value >= 10 else {
            output.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: max(value, 0)))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var end = buffer.count
            var rest = value
            repeat {
                end -= 1
                buffer[end] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if let base = buffer.baseAddress {
                output.append(base.advanced(by: end).assumingMemoryBound(to: UInt8.self), count: buffer.count - end)
            }
        }
    }

    /// Escaped for element content and quoted attributes; characters XML 1.0 does not
    /// allow (C0 controls other than tab and line breaks, U+FFFE, U+FFFF) become spaces.
    static func escape(_ text: String) -> String {
        // Byte by byte: controls are single bytes, U+FFFE and U+FFFF are EF BF BE/BF.
        var copy = text
        let unchanged = copy.withUTF8 { bytes in
            !bytes.contains { byte in
                switch byte {
                case 0x09, 0x0A, 0x0D: false
                case 0..<0x20, 0xEF, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
                default: false
                }
            }
        }
        if unchanged { return text }
        let clean = copy.withUTF8 { bytes -> String in
            var output = [UInt8](bytes)
            var index = 0
            while index < output.count {
                let byte = output[index]
                if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                    output[index] = 0x20
                } else if byte == 0xEF, index + 2 < output.count, output[index + 1] == 0xBF,
                    output[index + 2] == 0xBE || output[index + 2] == 0xBF
                {
                    output.replaceSubrange(index..<(index + 3), with: [0x20])
                }
                index += 1
            }
            return String(decoding: output, as: UTF8.self)
        }
        return HTMLText.escape(clean)
    }

    /// ``escape(_:)`` scalar by scalar, as it was written first (the tests compare them).
    static func scalarEscape(_ text: String) -> String {
        var clean = ""
        clean.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                clean.unicodeScalars.append(" ")
            } else {
                clean.unicodeScalars.append(scalar)
            }
        }
        return HTMLText.escape(clean)
    }

    /// A CSS class suffix: lowercase ASCII letters only, `other` when nothing is left.
    static func classSuffix(_ key: String) -> String {
        let letters = String(key.lowercased().unicodeScalars.filter { $0 >= "a" && $0 <= "z" }.map(Character.init))
        return letters.isEmpty ? "other" : letters
    }
}
