import Foundation

/// A list item of an authored section, as written.
struct SectionListItem: Hashable, Sendable {
    var text: String
    var done: Bool
    var source: SourceLocation
}

/// Reads the top-level list items of an authored section (factors, action items).
enum SectionLists {
    static func items(in section: AuthoredSection) -> [SectionListItem] {
        let document = MarkdownDocument(parsing: section.markdown)
        var items: [SectionListItem] = []
        for block in document.blocks {
            guard case .list = block.kind else { continue }
            for item in block.children where item.kind == .item {
                guard let first = item.children.first, first.kind == .paragraph else { continue }
                var text = document.source(of: first)
                    .split(separator: "\n").map { String($0.trimmedWhitespace()) }.joined(separator: " ")
                var done = false
                if text.hasPrefix("[ ] ") {
                    text = String(text.dropFirst(4))
                } else if text.hasPrefix("[x] ") || text.hasPrefix("[X] ") {
                    text = String(text.dropFirst(4))
                    done = true
                }
                guard !text.isEmpty else { continue }
                let line = section.source.line.map { $0 + item.startLine }
                items.append(SectionListItem(text: text, done: done, source: SourceLocation(file: section.source.file, line: line, column: line == nil ? nil : item.startColumn)))
            }
        }
        return items
    }
}

/// Reads owner, due date and tracker reference out of an action item's text:
/// `Add an alert (owner: Marie, due: 2026-03-20, OPS-123)`, `@marie`, `by 2026-03-20`.
enum ActionItemParser {
    static func parse(_ raw: String, done: Bool, source: SourceLocation?) -> ActionItem {
        var text = String(raw.trimmedWhitespace())
        var owner: String?
        var due: CalendarDate?
        var tracker: String?

        // Metadata in a trailing parenthesis or after a dash/semicolon: split into fields.
        var fields: [String] = []
        if text.hasSuffix(")"), let open = text.lastIndex(of: "(") {
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
            let parts = inner.split(whereSeparator: { $0 == "," || $0 == ";" }).map { String($0.trimmedWhitespace()) }
            if parts.contains(where: { isField($0) }) {
                fields = parts
                text = String(text[..<open].trimmedWhitespace())
            }
        }
        // Inline `owner: X` / `due: Y` segments separated by commas, semicolons or em dashes.
        let segments = hasSegmentSeparator(text) ? text.components(separatedBy: CharacterSet(charactersIn: ";—|")) : [text]
        if segments.count > 1 {
            var kept: [String] = []
            for segment in segments {
                let trimmed = String(segment.trimmedWhitespace())
                if isField(trimmed) { fields.append(trimmed) } else { kept.append(segment) }
            }
            text = String(kept.joined(separator: ";").trimmedWhitespace())
        }
        for field in fields {
            let lower = field.lowercased()
            if let value = value(of: field, keys: ["owner", "owners", "assignee", "assigned to", "who"]) {
                owner = String(value.trimmed(of: "@ "))
            } else if let value = value(of: field, keys: ["due", "due date", "by", "deadline", "when"]) {
                due = CalendarDate(value)
            } else if let value = value(of: field, keys: ["ticket", "tracker", "issue", "link", "jira"]) {
                tracker = value
            } else if Self.isTracker(field) {
                tracker = field
            } else if lower.hasPrefix("@") {
                owner = String(field.dropFirst())
            } else if let date = CalendarDate(field) {
                due = date
            }
        }
        // Loose forms inside the sentence: "@marie", "by 2026-03-20", a tracker key or URL.
        let words = splitAtSpaces(text)
        var kept: [String] = []
        var index = 0
        while index < words.count {
            let word = trimmedPunctuation(words[index])
            if owner == nil, word.hasPrefix("@"), word.count > 1 {
                owner = String(word.dropFirst())
            } else if due == nil, isByOrDue(word), index + 1 < words.count,
                let date = CalendarDate(String(words[index + 1].trimmed(of: ".,;)")))
            {
                due = date
                index += 1
            } else if tracker == nil, Self.isTracker(word) {
                tracker = word
            } else {
                kept.append(words[index])
            }
            index += 1
        }
        text = String(kept.joined(separator: " ").trimmed(of: " -–—:,"))
        return ActionItem(text: text, owner: owner, due: due, tracker: tracker, kind: kind(of: text), done: done, suggested: false, source: source)
    }

    /// `String(word.trimmed(of: ".,;"))`, without trimming when neither end is one of them.
    private static func trimmedPunctuation(_ word: String) -> String {
        guard let first = word.utf8.first, let last = word.utf8.last else { return word }
        let marks: (UInt8, UInt8, UInt8) = (0x2E, 0x2C, 0x3B)
        if first != marks.0 && first != marks.1 && first != marks.2 && last != marks.0 && last != marks.1 && last != marks.2 {
            return word
        }
        return String(word.trimmed(of: ".,;"))
    }

    /// Whether `components(separatedBy:)` with `;`, `—` and `|` could split the text.
    private static func hasSegmentSeparator(_ text: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            // `—` is E2 80 94.
            if byte == 0x3B || byte == 0x7C || (byte == 0x94 && previous == (0xE2, 0x80)) { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// `text.split(separator: " ").map(String.init)`; for ASCII text from the bytes
    /// (there the space character is the byte 0x20).
    private static func splitAtSpaces(_ text: String) -> [String] {
        let words = text.utf8.withContiguousStorageIfAvailable { bytes -> [String]? in
            var high: UInt8 = 0
            for byte in bytes { high |= byte }
            guard high < 0x80 else { return nil }
            return bytes.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
        }
        return (words ?? nil) ?? text.split(separator: " ").map(String.init)
    }

    /// `word.lowercased() == "by" || word.lowercased() == "due"`, from the bytes for ASCII.
    private static func isByOrDue(_ word: String) -> Bool {
        var folded: UInt32 = 0
        var count = 0
        for byte in word.utf8 {
            guard byte < 0x80 else {
                let lower = word.lowercased()
                return lower == "by" || lower == "due"
            }
            count += 1
            if count <= 3 { folded = folded << 8 | UInt32(byte &- 0x41 < 26 ? byte | 0x20 : byte) }
        }
        // "by" and "due" in ASCII.
        return (count == 2 && folded == 0x6279) || (count == 3 && folded == 0x64_7565)
    }

    private static func isField(_ text: String) -> Bool {
        let lower = text.lowercased()
        return ["owner", "owners", "assignee", "assigned to", "who", "due", "due date", "deadline", "ticket", "tracker", "issue", "jira"]
            .contains { lower.hasPrefix($0 + ":") || lower.hasPrefix($0 + " :") } || isTracker(text) || lower.hasPrefix("@")
            || CalendarDate(text) != nil
    }

    private static func value(of field: String, keys: [String]) -> String? {
        let lower = field.lowercased()
        for key in keys where lower.hasPrefix(key + ":") {
            return String(field.dropFirst(key.count + 1).trimmedWhitespace())
        }
        return nil
    }

    /// `OPS-123`, `#456`, or a web address.
    static func isTracker(_ word: String) -> Bool {
        // Every tracker starts with `h` or `#`, or holds a `-`.
        if let first = word.utf8.first, first != 0x68 && first != 0x23 && !word.utf8.contains(0x2D) { return false }
        if word.hasPrefix("https://") || word.hasPrefix("http://") { return true }
        if word.hasPrefix("#"), word.count > 1, word.dropFirst().allSatisfy(\.isNumber) { return true }
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let key = parts.first, let number = parts.last, key.count >= 2, !number.isEmpty else { return false }
        return key.first?.isLetter == true && key.allSatisfy({ ($0.isUppercase && $0.isASCII) || $0.isNumber })
            && number.allSatisfy(\.isNumber)
    }

    static func kind(of text: String) -> ActionItem.Kind {
        // ASCII text from the bytes: its words are the runs of letters, digits and `'`.
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes -> ActionItem.Kind? in
            guard let table = kindWords, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            func isWordByte(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x27 }
            var mitigate = false
            var index = 0
            while index < bytes.count {
                guard isWordByte(bytes[index]) else {
                    index += 1
                    continue
                }
                let start = index
                repeat { index += 1 } while index < bytes.count && isWordByte(bytes[index])
                switch table.value(forLowering: UnsafeBufferPointer(rebasing: bytes[start..<index])) {
                case .detect?: return .detect
                case .mitigate?: mitigate = true
                default: break
                }
            }
            return mitigate ? .mitigate : .prevent
        }
        if let kind = ascii ?? nil { return kind }
        let words = PhraseMatcher<Int>.words(of: text)
        if words.contains(where: { detectWords.contains($0) }) { return .detect }
        if words.contains(where: { mitigateWords.contains($0) }) { return .mitigate }
        return .prevent
    }

    private static let kindWords = WordTable(
        detectWords.sorted().map { ($0, ActionItem.Kind.detect) } + mitigateWords.sorted().map { ($0, ActionItem.Kind.mitigate) })
    private static let detectWords: Set<String> = [
        "alert", "alerts", "alerting", "monitor", "monitoring", "dashboard", "detect", "detection", "page", "paging", "probe",
        "synthetic",
    ]
    private static let mitigateWords: Set<String> = [
        "runbook", "playbook", "failover", "rollback", "escalation", "commander", "drill", "rehearse", "communication",
        "template", "procedure", "on-call", "document", "fallback",
    ]
}
