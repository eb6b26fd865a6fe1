import Foundation

/// The few front matter fields the checks need (`timezone`, `date`, `roles`, `title`),
/// read by line scanning; the block itself is blanked before cmark sees the text, so
/// its closing `---` does not turn the fields into a heading.
struct CheckFrontMatter {
    /// 1-based line of the closing `---`; 0 when the document has no front matter.
    var endLine = 0
    /// Top-level `key: value` pairs, keys lowercased, values unquoted, comments removed.
    var values: [String: String] = [:]
    /// The people named under `roles:` (`commander: Ariana Costa`), in order.
    var people: [String] = []
    /// 1-based line of the `title:` field, when there is one.
    var titleLine: Int?

    init() {}

    init(lines: [Substring]) {
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---" else { return }
        var index = 1
        var inRoles = false
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "---" || trimmed == "..." {
                endLine = index + 1
                return
            }
            let indented = line.first == " " || line.first == "\t"
            if let (key, value) = Self.field(trimmed) {
                if !indented {
                    values[key] = value
                    if key == "title" { titleLine = index + 1 }
                    inRoles = key == "roles"
                    if inRoles, value.hasPrefix("{") {
                        people += Self.inlineMapValues(value)
                        inRoles = false
                    }
                } else if inRoles, !value.isEmpty {
                    people.append(value)
                }
            } else if !indented {
                inRoles = false
            }
            index += 1
        }
        // No closing line: not front matter after all.
        self = CheckFrontMatter()
    }

    /// The document's zone as written, when the front matter names one.
    var timeZone: String? {
        for key in ["timezone", "time_zone", "timezone_name", "tz", "zone"] {
            if let value = values[key], !value.isEmpty { return value }
        }
        return nil
    }

    /// `key: value` with the comment and quotes removed; nil for lines without a key.
    private static func field(_ line: String) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return nil }
        let key = line[..<colon].trimmingCharacters(in: .whitespaces)
        guard !key.hasPrefix("#"), !key.hasPrefix("-") else { return nil }
        var value = Substring(line[line.index(after: colon)...])
        if let hash = value.range(of: " #") { value = value[..<hash.lowerBound] }
        var text = value.trimmingCharacters(in: .whitespaces)
        if text.count >= 2, let quote = text.first, quote == "\"" || quote == "'", text.last == quote {
            text = String(text.dropFirst().dropLast())
        }
        return (key.lowercased(), text)
    }

    /// The values of an inline map: `{commander: Ariana, scribe: Kofi}`.
    private static func inlineMapValues(_ text: String) -> [String] {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "{} "))
            .split(separator: ",")
            .compactMap { pair -> String? in
                guard let colon = pair.firstIndex(of: ":") else { return nil }
                let value = pair[pair.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                return value.isEmpty ? nil : value
            }
    }
}

/// The `<!-- hindsight-check: allow … -->` comments of a document, by the line they cover.
struct CheckSuppressions {
    private var namesByLine: [Int: [String]] = [:]

    init() {}

    /// Reads the comments on every line except those `isCode` says are code.
    init(lines: [Substring], isCode: (Int) -> Bool) {
        for (offset, line) in lines.enumerated() where line.contains("hindsight-check") && !isCode(offset + 1) {
            var rest = Substring(line)
            while let open = rest.range(of: "<!--") {
                guard let close = rest[open.upperBound...].range(of: "-->") else { break }
                let inner = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                rest = rest[close.upperBound...]
                guard inner.hasPrefix("hindsight-check:") else { continue }
                let words = inner.dropFirst("hindsight-check:".count)
                    .split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
                    .map { $0.lowercased() }
                guard let verb = words.first else { continue }
                let names = words.count > 1 ? Array(words.dropFirst()) : ["all"]
                switch verb {
                case "allow": namesByLine[offset + 1, default: []] += names
                case "allow-next-line": namesByLine[offset + 2, default: []] += names
                default: continue
                }
            }
        }
    }

    /// Whether a comment allows `rule` on `line`.
    func allows(_ rule: CheckRule, onLine line: Int?) -> Bool {
        guard let line, let names = namesByLine[line] else { return false }
        return rule.isCovered(by: names)
    }
}
