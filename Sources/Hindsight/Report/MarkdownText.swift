internal import Mustache

/// Prepares text for Hindsight's Markdown reports.
enum MarkdownText {
    /// Escapes plain text (a title, a name, a service) so it reads literally in
    /// Markdown: every ASCII punctuation character that could start syntax gets a
    /// backslash, and line breaks become spaces, so a field cannot change the
    /// report's structure.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        var previous: Character = " "
        for character in text {
            defer { previous = character }
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "!", "&":
                result.append("\\")
                result.append(character)
            case "~":
                // A single tilde is text (`~14:20`); a pair would strike through on GitHub.
                if previous == "~" { result.append("\\") }
                result.append(character)
            case "\n", "\r", "\r\n", "\t":
                result.append(" ")
            default:
                result.append(character)
            }
        }
        return result
    }

    /// Makes an entry's inline Markdown (as its author wrote it) safe to place on one
    /// line of a list item or table cell: line breaks become spaces, `|` is escaped,
    /// and `<` is escaped outside code spans so raw HTML shows as text.
    static func inline(_ markdown: String) -> String {
        var result = ""
        result.reserveCapacity(markdown.utf8.count + 8)
        var backticks = 0  // length of the open code span's fence, 0 outside code
        var run = 0
        var previous: Character = " "
        func flushRun() {
            guard run > 0 else { return }
            if backticks == 0 {
                backticks = run
            } else if backticks == run {
                backticks = 0
            }
            run = 0
        }
        for character in markdown {
            if character == "`" {
                run += 1
                result.append(character)
                previous = character
                continue
            }
            flushRun()
            switch character {
            case "\n", "\r", "\r\n":
                result.append(" ")
            case "|":
                result += previous == "\\" ? "|" : "\\|"
            case "<" where backticks == 0 && previous != "\\":
                result += "\\<"
            default:
                result.append(character)
            }
            previous = character
        }
        flushRun()
        return result
    }
}

/// Mustache content type `MARKDOWN`: `{{value}}` escapes plain text for Markdown,
/// `{{{value}}}` inserts prepared Markdown as it is.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { MarkdownText.escape(text) }
}
