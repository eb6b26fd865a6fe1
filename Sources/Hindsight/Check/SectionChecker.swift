import Foundation

/// Finds sections nobody wrote: a heading with nothing under it before the next
/// heading of the same or a higher level (or the end), and the prompts a drafted
/// report leaves for the review meeting (`_Prompt: …_`).
enum SectionChecker {
    static func findings(in text: CheckedMarkdown) -> [CheckFinding] {
        emptySections(in: text) + prompts(in: text)
    }

    private static func emptySections(in text: CheckedMarkdown) -> [CheckFinding] {
        let blocks = text.document.blocks
        var result: [CheckFinding] = []
        if case .jsonValue = text.kind, text.enclosingTitle != nil,
            text.lines.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty })
        {
            result.append(CheckFinding(
                .sectionEmpty, .warning, "section \"\(text.enclosingTitle ?? "")\" is empty",
                suggestion: "write what the team knows, say why it does not apply, or remove the section",
                at: text.location(line: 1, column: 1)))
            return result
        }
        for heading in text.headings where heading.level >= 2 {
            var next = heading.blockIndex + 1
            while next < blocks.count, isBlank(blocks[next]) { next += 1 }
            let isEmpty: Bool
            if next >= blocks.count {
                isEmpty = true
            } else if case .heading(let level) = blocks[next].kind {
                isEmpty = level <= heading.level
            } else {
                isEmpty = false
            }
            guard isEmpty else { continue }
            result.append(CheckFinding(
                .sectionEmpty, .warning, "section \"\(heading.title)\" is empty",
                suggestion: "write what the team knows, say why it does not apply, or remove the heading",
                at: text.location(line: heading.line, byteColumn: heading.byteColumn)))
        }
        return result
    }

    /// HTML comments (such as Hindsight's block markers) and rules hold no content.
    private static func isBlank(_ block: MarkdownBlock) -> Bool {
        switch block.kind {
        case .thematicBreak:
            return true
        case .htmlBlock:
            var rest = Substring(block.text)
            while true {
                rest = rest.drop { $0.isWhitespace }
                if rest.isEmpty { return true }
                guard rest.hasPrefix("<!--"), let close = rest.range(of: "-->") else { return false }
                rest = rest[close.upperBound...]
            }
        default:
            return false
        }
    }

    /// `_Prompt for the review meeting: …_` and `_Prompt: …_` lines still in the text.
    private static func prompts(in text: CheckedMarkdown) -> [CheckFinding] {
        var result: [CheckFinding] = []
        for (offset, line) in text.lines.enumerated() where !text.isCode(line: offset + 1) {
            let leading = line.prefix { $0 == " " || $0 == "\t" || $0 == ">" }
            let body = line.dropFirst(leading.count)
            guard let first = body.first, first == "_" || first == "*" else { continue }
            let words = body.drop { $0 == "_" || $0 == "*" }.lowercased()
            guard words.hasPrefix("prompt:") || words.hasPrefix("prompt for ") else { continue }
            let section = text.sectionTitle(atLine: offset + 1) ?? "untitled"
            result.append(CheckFinding(
                .sectionPrompt, .warning, "section not filled in yet: \(section)",
                suggestion: "replace the prompt with what the review found",
                at: text.location(line: offset + 1, column: leading.count + 1)))
        }
        return result
    }
}
