/// Reads service-level statements people write in front matter: `99.9% over 30d`,
/// `resolve within 4h`, `2h 30m`.
enum ServiceTargets {
    /// Parses a duration: `4h`, `4 hours`, `90m`, `1d`, `2h30m`, `1 day 2 hours`, `45 min`.
    static func seconds(in text: String) -> Int? {
        var total = 0
        var number: Double?
        var digits = ""
        var unit = ""
        var found = false
        func flush() -> Bool {
            if !digits.isEmpty {
                guard number == nil, let value = Double(digits) else { return false }
                number = value
                digits = ""
            }
            if !unit.isEmpty {
                guard let value = number else {
                    unit = ""
                    return true  // a word such as "within"
                }
                let multiplier: Double
                switch unit {
                case "s", "sec", "secs", "second", "seconds": multiplier = 1
                case "m", "min", "mins", "minute", "minutes": multiplier = 60
                case "h", "hr", "hrs", "hour", "hours": multiplier = 3600
                case "d", "day", "days": multiplier = 86_400
                case "w", "wk", "week", "weeks": multiplier = 604_800
                default:
                    unit = ""
                    return true
                }
                guard value * multiplier < 1e10 else { return false }
                total += Int(value * multiplier)
                found = true
                number = nil
                unit = ""
            }
            return true
        }
        for character in text.lowercased() {
            if character.isNumber || character == "." {
                if !unit.isEmpty { guard flush() else { return nil } }
                digits.append(character)
            } else if character.isLetter {
                if !digits.isEmpty { guard flush() else { return nil } }
                unit.append(character)
            } else {
                guard flush() else { return nil }
            }
        }
        guard flush(), number == nil else { return nil }
        return found ? total : nil
    }

    /// Parses an SLO such as `99.9% over 30d` or `99.95% per 28 days` into its target
    /// fraction and window (30 days when none is written).
    static func slo(_ text: String) -> (target: Double, windowSeconds: Int)? {
        guard let percent = text.firstIndex(of: "%") else { return nil }
        let number = text[..<percent].reversed().prefix { $0.isNumber || $0 == "." }
        guard let value = Double(String(number.reversed())), value > 0, value < 100 else { return nil }
        let rest = String(text[text.index(after: percent)...])
        let window = seconds(in: rest) ?? (rest.lowercased().contains("week") ? 604_800 : 30 * 86_400)
        guard window > 0 else { return nil }
        return (value / 100, window)
    }
}

/// Human-readable durations for reports: `47 min`, `1 h 05 min`, `2 d 3 h 10 min`.
enum DurationText {
    static func format(_ seconds: Int) -> String {
        let negative = seconds < 0
        var remaining = abs(seconds)
        let days = remaining / 86_400
        remaining %= 86_400
        let hours = remaining / 3600
        remaining %= 3600
        let minutes = remaining / 60
        let secs = remaining % 60
        var text: String
        if days > 0 {
            text = "\(days) d \(hours) h \(DigitText.padded(minutes, width: 2)) min"
        } else if hours > 0 {
            text = "\(hours) h \(DigitText.padded(minutes, width: 2)) min"
        } else if minutes > 0 {
            text = secs == 0 ? "\(minutes) min" : "\(minutes) min \(DigitText.padded(secs, width: 2)) s"
        } else {
            text = "\(secs) s"
        }
        if negative { text = "−" + text }
        return text
    }
}
