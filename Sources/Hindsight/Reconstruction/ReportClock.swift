import Foundation

/// Formats instants for reports: wall-clock in the report's zone, and UTC beside it.
enum ReportClock {
    /// `2026-03-04 03:00` in `zone` (seconds shown when not zero).
    static func local(_ instant: Date, in zone: NamedZone) -> String {
        let (date, seconds) = Instants.wallClock(instant, in: zone.zone)
        return "\(date) \(clock(seconds))"
    }

    /// `2026-03-04 02:00Z`.
    static func utc(_ instant: Date) -> String {
        let (date, seconds) = Instants.wallClock(instant, in: Instants.utc)
        return "\(date) \(clock(seconds))Z"
    }

    /// UTC beside a local time of the same instant: `02:00Z` when the UTC date is the
    /// local date, else the full `2026-03-05 00:10Z`, so columns stay narrow without
    /// hiding a change of day.
    static func utc(_ instant: Date, besideLocalIn zone: NamedZone) -> String {
        let (utcDate, seconds) = Instants.wallClock(instant, in: Instants.utc)
        return utcDate == date(instant, in: zone) ? "\(clock(seconds))Z" : "\(utcDate) \(clock(seconds))Z"
    }

    /// `02:00` / `02:00:07` for seconds into a day.
    static func clock(_ seconds: Int) -> String {
        let hours = seconds / 3600
        let minutes = (seconds / 60) % 60
        let rest = seconds % 60
        let base = DigitText.padded(hours, width: 2) + ":" + DigitText.padded(minutes, width: 2)
        return rest == 0 ? base : base + ":" + DigitText.padded(rest, width: 2)
    }

    /// The date in the zone.
    static func date(_ instant: Date, in zone: NamedZone) -> CalendarDate {
        Instants.wallClock(instant, in: zone.zone).0
    }

    /// The time of day in the zone.
    static func time(_ instant: Date, in zone: NamedZone) -> String {
        clock(Instants.wallClock(instant, in: zone.zone).1)
    }

    /// The zone's abbreviation-like label at an instant: its offset (`UTC+01:00`), or `UTC`.
    static func offsetLabel(_ instant: Date, in zone: NamedZone) -> String {
        let minutes = zone.zone.secondsFromGMT(for: instant) / 60
        return minutes == 0 ? "UTC" : "UTC" + ZoneNames.formatOffset(minutes)
    }
}
