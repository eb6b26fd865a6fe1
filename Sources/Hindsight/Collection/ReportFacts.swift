public import Foundation

/// What a retrospective report drafted by Hindsight says about its incident, read back
/// from its Markdown: the title, the facts under it, the time to resolve, the inputs it
/// was drafted from, and the people it names.
///
/// Reviewers edit reports freely, so every field is optional and read leniently; the
/// report's text itself is never changed by reading it.
public struct ReportFacts: Hashable, Sendable {
    /// One `**Label:** value` item of the header, as plain text.
    public struct Fact: Hashable, Sendable {
        public var label: String
        public var value: String
    }

    /// The text of the first level-one heading.
    public var title: String?
    /// The header's `**Label:** value` items, in order, as plain text.
    public var facts: [Fact] = []
    /// The value of the `Time to resolve` row of the measures table, as written.
    public var timeToResolve: String?
    /// The inputs named in "Drafted by Hindsight from …".
    public var sources: [String] = []
    /// People the report names: role holders in the header, the responders table, and
    /// action-item owners.
    public var people: [String] = []

    /// The header labels that are not roles.
    static let knownLabels: Set<String> = [
        "status", "incident", "severity", "category", "services", "period", "incident status", "date", "id",
    ]

    /// Whether a Markdown text is a report drafted by Hindsight: it starts with the
    /// header block's begin marker.
    public static func isReport(_ markdown: String) -> Bool {
        var text = Substring(markdown)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        return text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
            .hasPrefix(ReportMarkers.prefix + "begin header")
    }

    public init(markdown: String) {
        let document = MarkdownDocument(parsing: markdown)
        var sawTitle = false
        var readFacts = false
        var section = ""
        for block in document.blocks {
            switch block.kind {
            case .heading(let level):
                let text = block.text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
                if level == 1 && !sawTitle {
                    title = text
                    sawTitle = true
                } else if level == 2 {
                    section = text.lowercased()
                }
            case .list where sawTitle && !readFacts:
                readFacts = true
                for item in block.children {
                    guard let paragraph = item.children.first, paragraph.kind == .paragraph,
                        let colon = paragraph.text.firstIndex(of: ":")
                    else { continue }
                    let label = paragraph.text[..<colon].trimmingCharacters(in: .whitespaces)
                    let value = paragraph.text[paragraph.text.index(after: colon)...]
                        .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
                    guard !label.isEmpty, label.count <= 40 else { continue }
                    facts.append(Fact(label: label, value: value))
                    if !Self.knownLabels.contains(label.lowercased()), !value.isEmpty {
                        people.append(value)
                    }
                }
            case .paragraph:
                for line in document.source(fromLine: block.startLine, toLine: block.endLine).split(separator: "\n") {
                    let cells = Self.cells(of: line)
                    if cells.count >= 2, cells[0] == "Time to resolve", timeToResolve == nil {
                        timeToResolve = cells[1]
                    }
                    if section.hasPrefix("responders"), cells.count >= 2, cells[0] != "Person", !cells[0].hasPrefix("---") {
                        people.append(Self.unescaped(cells[0]))
                    }
                    if section.hasPrefix("action items"), cells.count >= 6, cells[2] != "Owner", !cells[2].hasPrefix("---"),
                        !["missing", "to assign", ""].contains(cells[2])
                    {
                        people.append(Self.unescaped(cells[2]))
                    }
                }
                if let range = block.text.range(of: "Drafted by Hindsight from ") {
                    sources = Self.sources(in: String(block.text[range.upperBound...]))
                }
            default:
                break
            }
        }
        var seen = Set<String>()
        people = people.filter { seen.insert($0).inserted }
    }

    /// The value of a header fact, by label (case-insensitive).
    public func fact(_ label: String) -> String? {
        let key = label.lowercased()
        return facts.first { $0.label.lowercased() == key }?.value
    }

    /// The start of the `Period` fact (`2026-03-04 02:56 to … (Europe/Berlin)`) as an
    /// instant, read in the zone named in parentheses (UTC when none is named).
    public var periodStart: Date? {
        guard let period = fact("Period"), period.count >= 16 else { return nil }
        let start = period.prefix(16)
        guard let date = CalendarDate(String(start.prefix(10))) else { return nil }
        let clock = start.dropFirst(11).split(separator: ":")
        guard clock.count == 2, let hour = Int(clock[0]), let minute = Int(clock[1]),
            let time = WallTime(hour: hour, minute: minute)
        else { return nil }
        var zone = NamedZone.utc
        if let open = period.lastIndex(of: "("), period.hasSuffix(")") {
            let name = period[period.index(after: open)..<period.index(before: period.endIndex)]
            zone = ZoneNames.resolve(String(name)) ?? .utc
        }
        return Instants.instant(date, time, in: zone.zone)
    }

    /// The cells of a pipe-table row, trimmed; empty for any other line.
    static func cells(of line: Substring) -> [String] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("|") else { return [] }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in trimmed.dropFirst() {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "|" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { cells.append(last) }
        return cells
    }

    /// Removes Markdown backslash escapes (`\-` → `-`).
    static func unescaped(_ text: String) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if !escaped, character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            result.append(character)
        }
        return result
    }

    /// The input names in the rest of a "Drafted by Hindsight from …" sentence.
    static func sources(in rest: String) -> [String] {
        var text = rest
        if let end = text.range(of: ". Generated text") { text = String(text[..<end.lowerBound]) }
        if let at = text.range(of: #" at \d{4}-\d\d-\d\d"#, options: .regularExpression) { text = String(text[..<at.lowerBound]) }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: " ._\n"))
        return text.components(separatedBy: ", ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
