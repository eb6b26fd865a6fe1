public import Foundation

/// A day on the Gregorian calendar, without a time or zone (`2026-03-04`).
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD`); nil for anything else or an impossible day.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "-" || $0 == "/" })
        guard parts.count == 3, parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        // `%04d-%02d-%02d`, without a format string: reports print one per event.
        func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value.magnitude)
            let sign = value < 0 ? "-" : ""
            let missing = width - sign.count - text.count
            return sign + (missing > 0 ? String(repeating: "0", count: missing) : "") + text
        }
        return digits(year, 4) + "-" + digits(month, 2) + "-" + digits(day, 2)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// The next or previous day.
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + days)
    }
}

/// A wall-clock time of day.
public struct WallTime: Hashable, Sendable {
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init?(hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        self.hour = hour
        self.minute = minute
        self.second = min(second, 59)
    }

    public var secondsIntoDay: Int { hour * 3600 + minute * 60 + second }
}

/// Converting between instants and wall-clock readings in a zone, exactly, across
/// daylight-saving changes.
public enum Instants {
    /// The instant at which a wall clock in `zone` read `date` `time`. In a gap (clocks
    /// jumped forward) the reading is taken with the offset before the change; in an
    /// overlap the earlier instant is chosen.
    public static func instant(_ date: CalendarDate, _ time: WallTime, in zone: TimeZone) -> Date {
        let local = Double(date.daysSinceEpoch * 86_400 + time.secondsIntoDay)
        let before = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local - 86_400)))
        let after = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local + 86_400)))
        let valid = [local - before, local - after].filter { candidate in
            candidate + Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: candidate))) == local
        }
        return Date(timeIntervalSince1970: valid.min() ?? (local - before))
    }

    /// The date and seconds into the day a wall clock in `zone` showed at `instant`.
    public static func wallClock(_ instant: Date, in zone: TimeZone) -> (CalendarDate, Int) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (CalendarDate(daysSinceEpoch: days), seconds - days * 86_400)
    }

    /// `2026-03-04T05:06:07Z`, always UTC, seconds always shown.
    public static func iso8601(_ instant: Date) -> String {
        let (date, seconds) = wallClock(instant, in: utc)
        return String(
            format: "%@T%02d:%02d:%02dZ", date.description, seconds / 3600, (seconds / 60) % 60, seconds % 60)
    }

    /// Parses ISO-8601 / RFC 3339 instants: `YYYY-MM-DD[T ]HH:MM[:SS[.fff]](Z|±HH[:MM])`.
    /// A missing zone is read in `defaultZone`; nil when that is also nil.
    public static func parseISO8601(_ text: String, defaultZone: TimeZone? = utc) -> Date? {
        // Text that starts and ends with a visible ASCII character has nothing to trim
        // (and skips `trimmingCharacters`, which copies through `NSString`).
        let utf8 = text.utf8
        let visibleEnds = utf8.first.map { $0 > 0x20 && $0 < 0x7F } == true && utf8.last.map { $0 > 0x20 && $0 < 0x7F } == true
        let bytes = Array(visibleEnds ? utf8 : text.trimmingCharacters(in: .whitespaces).utf8)
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
            let date = CalendarDate(year: year, month: month, day: day)
        else { return nil }
        guard index < bytes.count, bytes[index] == 84 || bytes[index] == 116 || bytes[index] == 32 else {
            return index == bytes.count ? defaultZone.map { instant(date, WallTime(hour: 0, minute: 0)!, in: $0) } : nil
        }
        index += 1
        guard let hour = number(2), expect(58), let minute = number(2) else { return nil }
        var second = 0
        var fraction = 0.0
        if expect(58) {
            guard let s = number(2) else { return nil }
            second = s
            if index < bytes.count, bytes[index] == 46 || bytes[index] == 44 {
                index += 1
                var scale = 0.1
                var digits = 0
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    fraction += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                    digits += 1
                }
                guard digits > 0 else { return nil }
            }
        }
        guard let time = WallTime(hour: hour, minute: minute, second: second) else { return nil }
        let local = Double(date.daysSinceEpoch * 86_400 + time.secondsIntoDay) + fraction
        if index == bytes.count {
            guard let zone = defaultZone else { return nil }
            return instant(date, time, in: zone).addingTimeInterval(fraction)
        }
        if bytes[index] == 90 || bytes[index] == 122 {  // Z
            index += 1
            return index == bytes.count ? Date(timeIntervalSince1970: local) : nil
        }
        guard bytes[index] == 43 || bytes[index] == 45 else { return nil }
        let sign = bytes[index] == 45 ? -1 : 1
        index += 1
        guard let offsetHours = number(2) else { return nil }
        var offsetMinutes = 0
        if index < bytes.count {
            _ = expect(58)
            guard let m = number(2) else { return nil }
            offsetMinutes = m
        }
        guard index == bytes.count, offsetHours <= 18, offsetMinutes < 60 else { return nil }
        return Date(timeIntervalSince1970: local - Double(sign * (offsetHours * 3600 + offsetMinutes * 60)))
    }

    public static let utc = TimeZone(secondsFromGMT: 0)!
}
