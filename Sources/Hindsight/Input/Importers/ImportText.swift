import Foundation

/// Turns free text from tools and JSON logs into what a `TimelineEvent` holds: one
/// line of inline Markdown for `text`, and multi-line bodies as Markdown blocks for
/// `details`. Nothing is Markdown-escaped except what would otherwise be lost: text
/// that looks like an HTML tag (`<module>`), which cmark would drop as raw HTML.
enum ImportText {
    /// The first line of `body` as inline text and the rest as a details block. Code
    /// fences (``` … ```) are put on lines of their own so the details render as code.
    /// With a `limit`, a longer single line is cut at a word and kept whole in details.
    static func inline(_ body: String, limit: Int? = 300) -> (text: String, details: [String]) {
        if isCleanLine(body, limit: limit) { return (body, []) }
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let trimmed = normalised.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return ("", []) }
        let hasFence = trimmed.contains("```")
        let lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false)

        if lines.count == 1 && !hasFence {
            return shortened(oneLine(trimmed), limit: limit)
        }
        var summary = ""
        var summaryIsCode = false
        var inFence = false
        for line in lines {
            let candidate = line.replacingOccurrences(of: "```", with: " ").trimmingCharacters(in: .whitespaces)
            let isCode = inFence || line.hasPrefix("```")
            if line.components(separatedBy: "```").count % 2 == 0 { inFence.toggle() }
            if !candidate.isEmpty {
                summary = candidate
                summaryIsCode = isCode
                break
            }
        }
        var (text, _) = shortened(oneLine(summary), limit: limit ?? 300)
        if summaryIsCode, !summary.contains("`") {
            // A first line of code reads best as inline code (no escaping inside it).
            text = "`" + shortened(collapsed(summary), limit: limit ?? 300).text + "`"
        }
        if hasFence {
            return (text, [fenced(trimmed)])
        }
        let rest = lines.dropFirst().joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let firstLine = oneLine(String(lines[0]))
        if text == firstLine {
            return (text, rest.isEmpty ? [] : [escapeTagLikeText(rest)])
        }
        return (text, [escapeTagLikeText(trimmed)])
    }

    /// Collapses every run of whitespace (newlines included) to one space and escapes
    /// tag-like `<`.
    static func oneLine(_ text: String) -> String {
        if isCleanLine(text, limit: nil) { return text }
        return escapeTagLikeText(collapsed(text))
    }

    /// Whether `text` is already one clean line (the common case, checked in one pass
    /// over its bytes): no control characters, no `<`, no code fence, no doubled or
    /// leading or trailing spaces, and within `limit` characters.
    static func isCleanLine(_ text: String, limit: Int?) -> Bool {
        var previousWasSpace = true
        var bytes = 0
        var backticks = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "<") { return false }
            backticks = byte == UInt8(ascii: "`") ? backticks + 1 : 0
            if backticks == 3 { return false }
            if byte == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
            } else {
                previousWasSpace = false
            }
            bytes += 1
        }
        if previousWasSpace { return false }
        if let limit, bytes > limit, text.count > limit { return false }
        return true
    }

    /// Collapses every run of whitespace (newlines included) to one space.
    static func collapsed(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text {
            if character.isWhitespace || character.isNewline {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(character)
        }
        return result
    }

    /// Joins parts with `": "` when both are non-empty.
    static func joined(_ lead: String, _ tail: String?) -> String {
        guard let tail, !tail.isEmpty else { return lead }
        return lead + ": " + tail
    }

    /// Replaces `<` with `&lt;` where it would start an HTML tag, comment or
    /// declaration; autolinks (`<https://…>`, `<mailto:…>`) are left alone.
    static func escapeTagLikeText(_ text: String) -> String {
        guard text.contains("<") else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<" {
                let rest = text[text.index(after: index)...]
                let isAutolink = rest.hasPrefix("http://") || rest.hasPrefix("https://") || rest.hasPrefix("mailto:")
                if let next = rest.first, !isAutolink, next.isLetter || next == "/" || next == "!" || next == "?" {
                    result += "&lt;"
                    index = text.index(after: index)
                    continue
                }
            }
            result.append(character)
            index = text.index(after: index)
        }
        return result
    }

    private static func shortened(_ text: String, limit: Int?) -> (text: String, details: [String]) {
        guard let limit, text.count > limit else { return (text, []) }
        var cut = String(text.prefix(limit))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = String(cut[..<space])
        }
        return (cut + "…", [text])
    }

    /// Rewrites chat-style fences (```` ```code``` ````) so that each fence stands on a
    /// line of its own; an unclosed fence is closed at the end.
    static func fenced(_ body: String) -> String {
        let segments = body.components(separatedBy: "```")
        var result = ""
        for (index, segment) in segments.enumerated() {
            if index % 2 == 0 {
                let prose = segment.trimmingCharacters(in: .whitespacesAndNewlines)
                if !prose.isEmpty {
                    if !result.isEmpty { result += "\n" }
                    result += escapeTagLikeText(prose)
                }
            } else {
                var code = segment
                while code.hasPrefix("\n") { code.removeFirst() }
                while code.hasSuffix("\n") { code.removeLast() }
                if !result.isEmpty { result += "\n" }
                result += "```\n" + code + "\n```"
            }
        }
        return result
    }
}
