import Foundation

/// Remembers how zone names resolved while one document is read, so each distinct
/// name (`PDT`, `Europe/Berlin`) is looked up once however many entries use it; and
/// the spans of time over which a zone's offset does not change, so converting
/// thousands of wall-clock readings asks the zone a few times rather than six times
/// per reading.
final class ZoneCache {
    private var resolved: [String: NamedZone?] = [:]

    /// The zone a name stands for, or nil when it is not a zone (see ``ZoneNames/resolve(_:)``).
    func resolve(_ name: String) -> NamedZone? {
        if let known = resolved[name] { return known }
        let zone = ZoneNames.resolve(name)
        resolved[name] = zone
        return zone
    }

    // MARK: - Offsets

    /// A zone's offset from UTC over the instants `start..<end` (seconds since 1970).
    private struct Span {
        var zone: TimeZone
        /// The zone's bytes (see ``ZoneCache/key(of:)``).
        var key: Key?
        var start: Double
        var end: Double
        var offset: Int
    }

    private var spans: [Span] = []
    /// Spans kept at most; the oldest goes first.
    private static let spanLimit = 16

    /// `zone.secondsFromGMT(for:)` at `seconds` since 1970. The zone is asked for its offset
    /// there and for its next transition; until that transition the offset is the same,
    /// so later readings in the span are answered from it.
    func secondsFromGMT(_ zone: TimeZone, at seconds: Double) -> Int {
        offsetSpan(zone, at: seconds).offset
    }

    /// The zone's offset at `seconds`, and the first instant after it at which the offset
    /// may differ (`seconds` itself when that is not known).
    private func offsetSpan(_ zone: TimeZone, at seconds: Double) -> (offset: Int, end: Double) {
        // The zone is told by its bytes first: a zone compared as a value is a reference
        // counted up and down on an object every core's cache shares, for every event.
        let key = Self.key(of: zone)
        func covers(_ span: borrowing Span) -> Bool {
            span.start <= seconds && seconds < span.end && (key != nil && span.key == key || span.zone == zone)
        }
        if lastHit < spans.count, covers(spans[lastHit]) { return (spans[lastHit].offset, spans[lastHit].end) }
        if let hit = spans.indices.first(where: { covers(spans[$0]) }) {
            lastHit = hit
            return (spans[hit].offset, spans[hit].end)
        }
        let instant = Date(timeIntervalSince1970: seconds)
        let offset = zone.secondsFromGMT(for: instant)
        var end = zone.nextDaylightSavingTimeTransition(after: instant)?.timeIntervalSince1970 ?? .infinity
        // The span is kept only if the zone agrees that its last second has the same offset.
        if end.isFinite, end > seconds + 1, zone.secondsFromGMT(for: Date(timeIntervalSince1970: end - 1)) != offset {
            end = seconds
        }
        if end > seconds {
            if spans.count >= Self.spanLimit { spans.removeFirst() }
            spans.append(Span(zone: zone, key: key, start: seconds, end: end, offset: offset))
            lastHit = spans.count - 1
        } else {
            end = seconds
        }
        return (offset, end)
    }

    private var lastHit = 0

    /// A zone value's bytes, when it is two words long (as it is: a reference to the
    /// zone's object and that object's table). Equal bytes are the same object, hence the
    /// same zone (a span holds its zone, so no other object can take that address while
    /// the span is kept); different bytes say nothing, and the zones are compared as
    /// values.
    private struct Key: Equatable {
        var first: UInt
        var second: UInt
    }

    private static func key(of zone: borrowing TimeZone) -> Key? {
        guard MemoryLayout<TimeZone>.size == 2 * MemoryLayout<UInt>.size else { return nil }
        return withUnsafeBytes(of: zone) { bytes in
            Key(first: bytes.loadUnaligned(as: UInt.self),
                second: bytes.loadUnaligned(fromByteOffset: MemoryLayout<UInt>.size, as: UInt.self))
        }
    }

    /// ``Instants/instant(_:_:in:)`` with the zone's offsets looked up through this cache:
    /// the same computation, so the same instant.
    func instant(_ date: CalendarDate, _ time: WallTime, in zone: TimeZone) -> Date {
        let local = Double(date.daysSinceEpoch * 86_400 + time.secondsIntoDay)
        let (before, end) = offsetSpan(zone, at: local - 86_400)
        // One offset from a day before to a day after: both readings below are
        // `local - before`, and valid (it lies inside the span).
        if end > local + 86_400, abs(before) < 86_400 {
            return Date(timeIntervalSince1970: local - Double(before))
        }
        let after = Double(secondsFromGMT(zone, at: local + 86_400))
        var chosen: Double? = nil
        for candidate in [local - Double(before), local - after]
        where candidate + Double(secondsFromGMT(zone, at: candidate)) == local {
            if chosen.map({ candidate < $0 }) ?? true { chosen = candidate }
        }
        return Date(timeIntervalSince1970: chosen ?? (local - Double(before)))
    }

    /// Whether a wall clock in `zone` showed `date` and `seconds` into the day at `instant`
    /// (``Instants/wallClock(_:in:)``, through this cache).
    func wallClock(_ instant: Date, in zone: TimeZone, is date: CalendarDate, _ seconds: Int) -> Bool {
        let total = Int(instant.timeIntervalSince1970.rounded(.down)) + secondsFromGMT(zone, at: instant.timeIntervalSince1970)
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        return days == date.daysSinceEpoch && total - days * 86_400 == seconds
    }
}
