public import Foundation

/// A time zone as a person named it, resolved to rules Hindsight can compute with.
public struct NamedZone: Hashable, Sendable {
    /// The name as written (`PDT`, `Eastern`, `America/New_York`, `+02:00`).
    public var name: String
    public var zone: TimeZone

    public init(name: String, zone: TimeZone) {
        self.name = name
        self.zone = zone
    }

    public static let utc = NamedZone(name: "UTC", zone: Instants.utc)
}

/// Resolves the zone names found in timelines: `UTC`/`GMT`/`Z`, numeric offsets,
/// abbreviations (fixed offsets: `PDT` is always UTC−7), words (`Eastern`, `Pacific`,
/// which follow daylight-saving rules) and IANA identifiers.
public enum ZoneNames {
    /// Abbreviations and their fixed offsets in minutes east of UTC.
    static let abbreviations: [String: Int] = [
        "UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "ZULU": 0,
        "WET": 0, "WEST": 60, "BST": 60, "IST": 330,
        "CET": 60, "CEST": 120, "MET": 60, "MEST": 120,
        "EET": 120, "EEST": 180, "MSK": 180,
        "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
        "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
        "AKST": -540, "AKDT": -480, "HST": -600,
        "AST": -240, "ADT": -180, "NST": -210, "NDT": -150,
        "JST": 540, "KST": 540, "HKT": 480, "SGT": 480, "AWST": 480,
        "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    ]

    /// Words that name a region's clock, with its daylight-saving rules.
    static let words: [String: String] = [
        "EASTERN": "America/New_York", "CENTRAL": "America/Chicago",
        "MOUNTAIN": "America/Denver", "PACIFIC": "America/Los_Angeles",
        "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles",
        "LONDON": "Europe/London", "BERLIN": "Europe/Berlin", "PARIS": "Europe/Paris",
    ]

    /// The zone a name stands for, or nil when it is not a zone Hindsight knows.
    public static func resolve(_ rawName: String) -> NamedZone? {
        let name = rawName.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 64 else { return nil }
        let upper = name.uppercased()
        if let minutes = abbreviations[upper], let zone = TimeZone(secondsFromGMT: minutes * 60) {
            return NamedZone(name: upper == "Z" ? "UTC" : upper, zone: zone)
        }
        let wordKey = upper.hasSuffix(" TIME") ? String(upper.dropLast(5)) : upper
        if let identifier = words[wordKey], let zone = TimeZone(identifier: identifier) {
            return NamedZone(name: name, zone: zone)
        }
        if let minutes = offsetMinutes(name), let zone = TimeZone(secondsFromGMT: minutes * 60) {
            return NamedZone(name: formatOffset(minutes), zone: zone)
        }
        if name.contains("/"), name.allSatisfy({ $0.isLetter || $0.isNumber || "/_-+".contains($0) }),
            let zone = TimeZone(identifier: name)
        {
            return NamedZone(name: name, zone: zone)
        }
        return nil
    }

    /// Parses `+02:00`, `-0700`, `+5`, `UTC+2`, `GMT-07:00` into minutes east of UTC.
    static func offsetMinutes(_ text: String) -> Int? {
        var body = Substring(text.uppercased())
        for prefix in ["UTC", "GMT"] where body.hasPrefix(prefix) {
            body = body.dropFirst(prefix.count)
        }
        guard let signCharacter = body.first, signCharacter == "+" || signCharacter == "-" || signCharacter == "−"
        else { return nil }
        let sign = signCharacter == "+" ? 1 : -1
        let digits = body.dropFirst().filter { $0 != ":" }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let hours: Int
        let minutes: Int
        if digits.count <= 2 {
            hours = Int(digits) ?? 99
            minutes = 0
        } else {
            hours = Int(digits.prefix(digits.count - 2)) ?? 99
            minutes = Int(digits.suffix(2)) ?? 99
        }
        guard hours <= 14, minutes < 60 else { return nil }
        return sign * (hours * 60 + minutes)
    }

    /// `+02:00`, `-07:00`, or `UTC` for zero.
    static func formatOffset(_ minutes: Int) -> String {
        guard minutes != 0 else { return "UTC" }
        let sign = minutes < 0 ? "-" : "+"
        return sign + DigitText.padded(abs(minutes) / 60, width: 2) + ":" + DigitText.padded(abs(minutes) % 60, width: 2)
    }
}
