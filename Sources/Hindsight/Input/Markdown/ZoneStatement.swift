/// A sentence in which the author says which zone the document's times are in
/// (`All times PDT`, `All times in UTC.`, `(times in Europe/Berlin)`, a table header
/// `Date and Time in CET`, a heading `Timeline (UTC)`).
struct ZoneStatement: Hashable {
    var zone: NamedZone
    /// The words that said it, quoted in the log's time zone note.
    var quote: String

    /// Where a statement may be written; headings and table headers allow shorter forms.
    enum Place {
        case prose
        case label
    }

    /// The lead-ins of a statement in prose, lowercased.
    private static let proseLeads: [String] = [
        "all times", "all timestamps", "times are", "timestamps are", "times in", "timestamps in",
        "time zone", "timezone", "times shown", "times given", "times listed",
    ]
    /// The lead-ins allowed in headings and table headers, lowercased.
    private static let labelLeads: [String] = proseLeads + ["time", "date", "when"]
    /// Words that may stand between the lead-in and the zone.
    private static let fillers: Set<String> = [
        "are", "is", "in", "as", "of", "shown", "given", "listed", "displayed", "written", "expressed",
        "reported", "using", "use", "this", "the", "document", "doc", "postmortem", "report", "below",
        "and", "zone", "timeline", "at", "all", "times", "time", "used", "on", "here",
    ]

    /// Finds a statement in `text`; nil when there is none. Cheap for text without one.
    static func find(in text: Substring, place: Place, zones: ZoneCache) -> ZoneStatement? {
        let bytes = Array(text.utf8)
        guard bytes.count <= 600 else { return nil }
        let lower = bytes.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
        let leads = place == .prose ? proseLeads : labelLeads
        var index = 0
        while index < lower.count {
            // Lead-ins start at a word boundary.
            if index > 0, TimeExpressionScanner.isWordByte(lower[index - 1]) {
                index += 1
                continue
            }
            for lead in leads {
                let leadBytes = Array(lead.utf8)
                guard TimeExpressionScanner.has(lower, index, leadBytes),
                    !TimeExpressionScanner.isWordByte(at: lower, index + leadBytes.count)
                else { continue }
                if let (zone, end) = zoneAfter(bytes, lower, index + leadBytes.count, place: place, zones: zones) {
                    var quote = String(decoding: bytes[index..<end], as: UTF8.self)
                    if quote.filter({ $0 == "(" }).count > quote.filter({ $0 == ")" }).count { quote += ")" }
                    if let first = quote.first, first.isLowercase, index == 0 || place == .prose && startsSentence(lower, index) {
                        quote = first.uppercased() + quote.dropFirst()
                    }
                    return ZoneStatement(zone: zone, quote: quote)
                }
            }
            index += 1
        }
        // `Timeline (UTC)`, `Time (PDT)` in labels.
        if place == .label, let open = bytes.lastIndex(of: 40), let close = bytes.lastIndex(of: 41), close > open + 1 {
            let inner = String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
            if let zone = zones.resolve(inner) { return ZoneStatement(zone: zone, quote: String(text)) }
        }
        return nil
    }

    private static func startsSentence(_ lower: [UInt8], _ index: Int) -> Bool {
        var cursor = index - 1
        while cursor >= 0, lower[cursor] == 32 || lower[cursor] == 40 { cursor -= 1 }
        return cursor < 0 || lower[cursor] == 46
    }

    /// Skips filler words, punctuation (`:`, `(`), then reads a zone of one or two words.
    private static func zoneAfter(_ bytes: [UInt8], _ lower: [UInt8], _ start: Int, place: Place, zones: ZoneCache)
        -> (NamedZone, Int)?
    {
        var index = start
        for _ in 0..<6 {
            while index < bytes.count, bytes[index] == 32 || bytes[index] == 58 || bytes[index] == 40 || bytes[index] == 61 {
                index += 1
            }
            guard index < bytes.count else { return nil }
            var end = index
            while end < bytes.count, bytes[end] != 32, bytes[end] != 41, bytes[end] != 44, bytes[end] != 59 { end += 1 }
            var word = end
            while word > index, bytes[word - 1] == 46 || bytes[word - 1] == 58 { word -= 1 }
            guard word > index else { return nil }
            let token = String(decoding: bytes[index..<word], as: UTF8.self)
            if let zone = resolveWord(token, bytes, word, zones: zones) { return zone }
            let lowered = String(decoding: lower[index..<word], as: UTF8.self)
            guard fillers.contains(lowered) else { return nil }
            index = end
        }
        return nil
    }

    private static func resolveWord(_ token: String, _ bytes: [UInt8], _ end: Int, zones: ZoneCache) -> (NamedZone, Int)? {
        let upper = token.uppercased()
        let isAbbreviation = ZoneNames.abbreviations[upper] != nil && token == upper
        let isWord = ZoneNames.words[upper] != nil && token != token.lowercased()
        guard isAbbreviation || isWord || token.contains("/") || ZoneNames.offsetMinutes(token) != nil,
            let zone = zones.resolve(token)
        else { return nil }
        // `Pacific Time`.
        if isWord, TimeExpressionScanner.hasIgnoringCase(bytes, end, " time"),
            !TimeExpressionScanner.isWordByte(at: bytes, end + 5)
        {
            return (NamedZone(name: String(decoding: bytes[(end - token.utf8.count)..<(end + 5)], as: UTF8.self), zone: zone.zone), end + 5)
        }
        return (zone, end)
    }
}
