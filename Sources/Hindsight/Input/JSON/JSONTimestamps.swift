import Foundation

/// Reads the timestamps JSON inputs carry: ISO-8601 strings (with `Z`, an offset, or no
/// zone) and epoch numbers in seconds, milliseconds, microseconds or nanoseconds.
enum JSONTimestamps {
    /// Parses an ISO-8601 instant, keeping how precise it was and which zone it was
    /// written in (`UTC`, `-06:00`, or `defaultZone`'s name when it names none).
    /// A date alone gives midnight with day precision. Nil when the text is not an
    /// instant or names no zone and `defaultZone` is nil.
    static func parse(_ raw: String, defaultZone: NamedZone?) -> EventTime? {
        let text = trimmedSpaces(raw)
        let utf8 = Array(text.utf8)
        guard utf8.count >= 10, let instant = Instants.parseISO8601(text, defaultZone: defaultZone?.zone) else {
            return nil
        }
        if utf8.count == 10 {
            return EventTime(instant: instant, precision: .day, zone: defaultZone?.name ?? "UTC")
        }
        var timePart = utf8[11...]
        var zone = defaultZone?.name ?? "UTC"
        if let last = timePart.last, last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") {
            zone = "UTC"
            timePart = timePart.dropLast()
        } else if let sign = timePart.lastIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
            let offsetText = String(decoding: utf8[sign...], as: UTF8.self)
            if let minutes = ZoneNames.offsetMinutes(offsetText) { zone = ZoneNames.formatOffset(minutes) }
            timePart = utf8[11..<sign]
        }
        let colons = timePart.reduce(0) { $0 + ($1 == UInt8(ascii: ":") ? 1 : 0) }
        return EventTime(instant: instant, precision: colons >= 2 ? .second : .minute, zone: zone)
    }

    /// `raw.trimmingCharacters(in: .whitespaces)`, without the trip through `NSString` when
    /// the text starts and ends with a visible ASCII character (every timestamp does):
    /// then there is nothing to trim.
    static func trimmedSpaces(_ raw: String) -> String {
        let utf8 = raw.utf8
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return raw
        }
        return raw.trimmingCharacters(in: .whitespaces)
    }

    /// The instant an epoch number stands for, its unit told by its magnitude: below
    /// 10^11 seconds, below 10^14 milliseconds, below 10^17 microseconds, else
    /// nanoseconds. Nil outside 1970-01-02 … 2999-12-31.
    static func epoch(_ value: Double) -> Date? {
        guard value.isFinite, value > 0 else { return nil }
        let seconds: Double
        switch value {
        case ..<1e11: seconds = value
        case ..<1e14: seconds = value / 1e3
        case ..<1e17: seconds = value / 1e6
        default: seconds = value / 1e9
        }
        guard seconds > 86_400, seconds < 32_503_680_000 else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    /// Reads a timestamp member written as an ISO-8601 string or an epoch number.
    /// Nil (and a warning naming the path) when present but unreadable.
    static func eventTime(
        _ cursor: JSONCursor, _ what: String, report: JSONDiagnostics, defaultZone: NamedZone? = .utc
    ) -> EventTime? {
        guard cursor.isPresent else { return nil }
        if let string = cursor.string {
            if let time = parse(string, defaultZone: defaultZone) { return time }
            if let number = Double(string.trimmingCharacters(in: .whitespaces)), let instant = epoch(number) {
                return EventTime(instant: instant, precision: .second, zone: "UTC")
            }
            report.warning("\(what) \"\(string.prefix(60))\" is not a valid ISO-8601 time", at: cursor.path)
            return nil
        }
        if let number = cursor.number {
            if let instant = epoch(number.doubleValue) {
                return EventTime(instant: instant, precision: .second, zone: "UTC")
            }
            report.warning("\(what) \(number.stringValue) is out of range for an epoch time", at: cursor.path)
            return nil
        }
        report.warning("\(what) should be a time, found \(cursor.kindDescription)", at: cursor.path)
        return nil
    }
}
