import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes a retrospective fit for readers outside the company: drops internal sections
/// and replaces people's names, e-mail addresses, internal host names and IP addresses
/// with neutral placeholders ("an engineer", "[email]", "[host]", "[address]").
///
/// It works on the Markdown before it is rendered, so the published Markdown and HTML
/// say the same; the chart data a report carries in a comment is redacted too.
/// Redaction is deliberately broad: every part of a multi-word name is replaced on its
/// own as well ("Ariana" for "Ariana Costa"), so a first name alone does not leak.
public struct Redactor: Sendable {
    public let policy: PublicationPolicy
    /// Every name redacted: the policy's and the people given, longest first.
    public let names: [String]
    private let rules: [Rule]

    /// One replacement: a pattern, its placeholder, and a check on each match.
    private struct Rule: @unchecked Sendable {
        enum Check { case none, ipv4, ipv6 }
        var pattern: NSRegularExpression
        var placeholder: String
        var check: Check
        var sentenceCase: Bool
    }

    /// Words never redacted on their own, even when part of a name in a role
    /// (`Platform Team`), because they are everywhere in retrospectives.
    static let commonWords: Set<String> = [
        "team", "the", "and", "on-call", "oncall", "engineer", "platform", "security", "support", "desk", "service",
        "ops", "sre", "lead", "manager", "duty", "incident", "commander", "of", "for", "data", "centre", "center",
    ]

    public init(policy: PublicationPolicy, people: [String] = []) {
        self.policy = policy
        var seen = Set<String>()
        var names: [String] = []
        for name in policy.names + people {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.count >= 2, seen.insert(trimmed.lowercased()).inserted else { continue }
            names.append(trimmed)
        }
        names.sort { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        self.names = names

        var rules: [Rule] = []
        func add(_ pattern: String, _ placeholder: String, _ check: Rule.Check = .none, caseInsensitive: Bool = true, sentenceCase: Bool = false) {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : []) else { return }
            rules.append(Rule(pattern: regex, placeholder: placeholder, check: check, sentenceCase: sentenceCase))
        }
        if policy.emails {
            add(#"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"#, "[email]")
        }
        let hostPatterns = policy.hosts.compactMap(Self.hostPattern)
        if !hostPatterns.isEmpty {
            add(#"(?<![\w.-])(?:"# + hostPatterns.joined(separator: "|") + #")(?![\w-]|\.\w)"#, "[host]")
        }
        if policy.ipAddresses {
            add(#"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w]|\.\d)"#, "[address]", .ipv4)
            add(#"(?<![\w:.])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*[0-9A-Fa-f](?:%[\w]+)?(?:/\d{1,3})?(?![\w:])"#, "[address]", .ipv6)
        }
        if !names.isEmpty {
            // A name followed by a capitalised word (with particles such as "de") takes it
            // along: "Sanne de Vries" when only "Sanne" was known.
            let surname = #"(?-i:(?:[ \t]+(?:(?:de|van|von|der|den|da|di|du|le|la|del|dos|ten|ter)[ \t]+)*\p{Lu}[\p{L}'’-]*\p{L})?)"#
            let full = names.map { NSRegularExpression.escapedPattern(for: $0) }
            add(#"(?<![\p{L}\p{N}_])(?:"# + full.joined(separator: "|") + #")"# + surname + #"(?![\p{L}\p{N}_])"#, "an engineer", sentenceCase: true)
            var parts = Set<String>()
            for name in names {
                let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard words.count > 1 else { continue }
                for word in words where word.count >= 3 && word.first?.isUppercase == true && !Self.commonWords.contains(word.lowercased()) {
                    parts.insert(String(word))
                }
            }
            if !parts.isEmpty {
                let sorted = parts.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
                add(#"(?<![\p{L}\p{N}_])(?:"# + sorted.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|") + #")"# + surname + #"(?![\p{L}\p{N}_])"#,
                    "an engineer", caseInsensitive: false, sentenceCase: true)
            }
        }
        self.rules = rules
    }

    // MARK: - Text

    /// The text with every configured kind of detail replaced by its placeholder.
    public func redact(_ text: String) -> String {
        var result = text
        for rule in rules {
            result = apply(rule, to: result)
        }
        return result
    }

    private func apply(_ rule: Rule, to text: String) -> String {
        let source = text as NSString
        let matches = rule.pattern.matches(in: text, range: NSRange(location: 0, length: source.length))
        guard !matches.isEmpty else { return text }
        var output = ""
        var cursor = 0
        for match in matches {
            let range = match.range
            switch rule.check {
            case .none: break
            case .ipv4: guard Self.isIPv4(source.substring(with: range)) else { continue }
            case .ipv6: guard Self.isIPv6(source.substring(with: range)) else { continue }
            }
            if range.location < cursor { continue }
            let before = source.substring(with: NSRange(location: cursor, length: range.location - cursor))
            output += before
            var placeholder = rule.placeholder
            if rule.sentenceCase, startsSentence(output) {
                placeholder = placeholder.prefix(1).uppercased() + placeholder.dropFirst()
            }
            output += placeholder
            cursor = range.location + range.length
        }
        output += source.substring(from: cursor)
        return output
    }

    /// Whether text placed after `prefix` begins a sentence: at the start of a line (after
    /// list, quote, table and emphasis markers) or after `.`, `!` or `?`.
    private func startsSentence(_ prefix: String) -> Bool {
        let line = prefix.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        let trimmed = line.drop(while: { " \t-*+>|#_".contains($0) || $0.isNumber })
            .trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "." { return true }
        let stripped = trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "*_ "))
        guard let last = stripped.last else { return true }
        return last == "." || last == "!" || last == "?" || last == "|"
    }

    static func isIPv4(_ text: String) -> Bool {
        let address = text.split(separator: "/").first.map(String.init) ?? text
        let parts = address.split(separator: ".")
        return parts.count == 4 && parts.allSatisfy { part in Int(part).map { (0...255).contains($0) } ?? false }
    }

    static func isIPv6(_ text: String) -> Bool {
        var address = text.split(separator: "/").first.map(String.init) ?? text
        address = address.split(separator: "%").first.map(String.init) ?? address
        guard address.contains(where: { $0.isHexDigit }) else { return false }
        var buffer = in6_addr()
        return address.withCString { inet_pton(AF_INET6, $0, &buffer) } == 1
    }

    /// A host glob (`*.corp.example.com`, `build-??`) as a regular expression; nil when empty.
    static func hostPattern(_ glob: String) -> String? {
        let trimmed = glob.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let label = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
        var pattern = ""
        for character in trimmed {
            switch character {
            case "*": pattern += "\(label)(?:\\.\(label))*"
            case "?": pattern += "[A-Za-z0-9-]"
            default: pattern += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        return pattern
    }

    // MARK: - Markdown

    /// The public version of a Markdown report: internal sections dropped, then every
    /// line redacted; the chart comment's strings are redacted inside its JSON.
    public func publicMarkdown(_ markdown: String) -> String {
        var charts: [String] = []
        var body: [String] = []
        for line in droppingInternalSections(markdown).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(ChartData.commentPrefix) {
                // Unreadable chart data is left out rather than published unredacted.
                guard let chart = redactedChartComment(String(line)) else { continue }
                charts.append(chart)
                body.append("\u{1}chart \(charts.count - 1)\u{1}")
            } else {
                body.append(String(line))
            }
        }
        // The rest is redacted as one text, so patterns see whole paragraphs.
        var redacted = redact(body.joined(separator: "\n"))
        for (index, chart) in charts.enumerated() {
            redacted = redacted.replacingOccurrences(of: "\u{1}chart \(index)\u{1}", with: chart)
        }
        return redacted
    }

    /// Whether a heading's title marks an internal section.
    public func isInternal(_ title: String) -> Bool {
        let folded = Self.fold(title)
        if folded.hasSuffix("(internal)") { return true }
        return policy.droppedSections.contains { Self.fold($0) == folded }
    }

    static func fold(_ title: String) -> String {
        title.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    /// The Markdown without internal sections: each runs from its heading to the next
    /// heading of the same or a higher level.
    func droppingInternalSections(_ markdown: String) -> String {
        let document = MarkdownDocument(parsing: markdown)
        var headings: [(line: Int, level: Int, title: String)] = []
        for block in document.blocks {
            if case .heading(let level) = block.kind { headings.append((block.startLine, level, block.text)) }
        }
        var drop: [ClosedRange<Int>] = []
        for (index, heading) in headings.enumerated() where isInternal(heading.title) {
            let next = headings[(index + 1)...].first { $0.level <= heading.level }
            let last = (next?.line ?? (document.lines.count + 1)) - 1
            if last >= heading.line { drop.append(heading.line...last) }
        }
        guard !drop.isEmpty else { return markdown }
        var kept: [Substring] = []
        for (offset, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !drop.contains(where: { $0.contains(offset + 1) }) {
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }

    /// The chart comment with every string value redacted; nil when it cannot be read
    /// (then it is left out rather than published unredacted).
    func redactedChartComment(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("-->") else { return nil }
        let json = trimmed.dropFirst(ChartData.commentPrefix.count).dropLast(3).trimmingCharacters(in: .whitespaces)
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) else { return nil }
        let redacted = redactStrings(in: object)
        guard let data = try? JSONSerialization.data(withJSONObject: redacted, options: [.sortedKeys, .withoutEscapingSlashes]) else { return nil }
        return ChartData.commentPrefix + ChartData.commentSafe(String(decoding: data, as: UTF8.self)) + " -->"
    }

    private func redactStrings(in value: Any) -> Any {
        if let text = value as? String { return redact(text) }
        if let array = value as? [Any] { return array.map { redactStrings(in: $0) } }
        if let object = value as? [String: Any] { return object.mapValues { redactStrings(in: $0) } }
        return value
    }
}
