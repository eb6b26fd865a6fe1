internal import ByteScan
internal import Mustache

/// Prepares text for Hindsight's Markdown reports.
enum MarkdownText {
    /// Escapes plain text (a title, a name, a service) so it reads literally in
    /// Markdown: every ASCII punctuation character that could start syntax gets a
    /// backslash, and line breaks become spaces, so a field cannot change the
    /// report's structure.
    static func escape(_ text: String) -> String {
        asciiEscape(text) ?? characterEscape(text)
    }

    /// ``escape(_:)`` character by character, for any text.
    static func characterEscape(_ text: String) -> String {
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
        asciiInline(markdown) ?? characterInline(markdown)
    }

    /// ``inline(_:)`` character by character, for any text.
    static func characterInline(_ markdown: String) -> String {
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

// MARK: - From the bytes

extension MarkdownText {
    /// ``escape(_:)`` from the bytes; nil when a special byte does not stand alone.
    static func asciiEscape(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 8)
            guard appendEscaped(bytes, to: &output) else { return nil }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// ``inline(_:)`` from the bytes; nil when a special byte does not stand alone.
    static func asciiInline(_ markdown: String) -> String? {
        var markdown = markdown
        return markdown.withUTF8 { bytes -> String? in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 8)
            guard appendInline(bytes, to: &output) else { return nil }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Appends ``escape(_:)`` of `text` to `output`, from the bytes when they decide it.
    static func appendEscaped<Sink: ByteSink>(_ text: String, to output: inout Sink) {
        var text = text
        let done = text.withUTF8 { appendEscaped($0, to: &output) }
        if !done { output.append(utf8: characterEscape(text)) }
    }

    /// Appends ``inline(_:)`` of `markdown` to `output`, from the bytes when they decide it.
    static func appendInline<Sink: ByteSink>(_ markdown: String, to output: inout Sink) {
        var markdown = markdown
        let done = markdown.withUTF8 { appendInline($0, to: &output) }
        if !done { output.append(utf8: characterInline(markdown)) }
    }

    /// The bytes ``appendEscaped(_:to:)-(UnsafeBufferPointer<UInt8>,_)`` acts on, for
    /// ``isMarked(_:low:high:)``: `\\` `` ` `` `*` `_` `[` `]` `<` `>` `#` `|` `!` `&`
    /// `~`, line feed, carriage return, tab (`hindsight_scan_escape` finds them all).
    static let escapeMarks = (low: UInt64(0x5000_044a_0000_2600), high: UInt64(0x5000_0001_b800_0000))
    /// The bytes ``appendInline(_:to:)-(UnsafeBufferPointer<UInt8>,_)`` acts on: `` ` ``
    /// `|` `<` `\\`, line feed and carriage return (`hindsight_scan_inline` finds them all).
    static let inlineMarks = (low: UInt64(0x1000_0000_0000_2400), high: UInt64(0x1000_0001_1000_0000))

    /// Whether `byte` is one of the ASCII bytes whose bits are set in `low` (bytes 0–63)
    /// or `high` (bytes 64–127).
    @inline(__always)
    static func isMarked(_ byte: UInt8, low: UInt64, high: UInt64) -> Bool {
        if byte < 64 { return (low >> UInt64(byte)) & 1 != 0 }
        return byte < 128 && (high >> UInt64(byte &- 64)) & 1 != 0
    }

    /// Whether the special byte at `index` is a `Character` of its own: no non-ASCII
    /// byte (a combining mark, a joiner, a prepended sign) on either side.
    @inline(__always)
    static func standsAlone(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        (index == 0 || bytes[index - 1] < 0x80) && (index + 1 == bytes.count || bytes[index + 1] < 0x80)
    }

    /// Appends ``escape(_:)`` of the bytes to `output`, copying runs of ordinary bytes
    /// whole; false, with `output` as it was, when a special byte does not stand alone.
    static func appendEscaped<Sink: ByteSink>(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout Sink) -> Bool {
        let mark = output.count
        let (low, high) = escapeMarks
        guard let base = bytes.baseAddress else { return true }
        var plain = 0
        var index = 0
        while index < bytes.count {
            // Ordinary bytes skipped sixteen at a time.
            index = hindsight_scan_escape(base, index, bytes.count)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            guard isMarked(byte, low: low, high: high) else {
                index += 1
                continue
            }
            guard standsAlone(bytes, index) else {
                output.truncate(to: mark)
                return false
            }
            if plain < index { output.append(bytes: UnsafeBufferPointer(rebasing: bytes[plain..<index])) }
            index += 1
            switch byte {
            case 0x7E:
                // A single tilde is text (`~14:20`); a pair would strike through on GitHub.
                if index >= 2, bytes[index - 2] == 0x7E { output.append(0x5C) }
                output.append(byte)
            case 0x0D where index < bytes.count && bytes[index] == 0x0A:
                // "\r\n" is one character, and one space.
                output.append(0x20)
                index += 1
            case 0x0A, 0x0D, 0x09:
                output.append(0x20)
            default:
                output.append(0x5C)
                output.append(byte)
            }
            plain = index
        }
        if plain < bytes.count { output.append(bytes: UnsafeBufferPointer(rebasing: bytes[plain...])) }
        return true
    }

    /// Appends ``inline(_:)`` of the bytes to `output`, copying runs of ordinary bytes
    /// whole; false, with `output` as it was, when a special byte does not stand alone.
    static func appendInline<Sink: ByteSink>(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout Sink) -> Bool {
        let mark = output.count
        let (low, high) = inlineMarks
        var backticks = 0  // length of the open code span's fence, 0 outside code
        var run = 0  // backticks just read
        guard let base = bytes.baseAddress else { return true }
        var plain = 0
        var index = 0
        while index < bytes.count {
            // Ordinary bytes skipped sixteen at a time, as most of an entry's text is.
            index = hindsight_scan_inline(base, index, bytes.count)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            guard isMarked(byte, low: low, high: high) else {
                index += 1
                continue
            }
            guard standsAlone(bytes, index) else {
                output.truncate(to: mark)
                return false
            }
            if plain < index {
                // Ordinary bytes end a run of backticks.
                if run > 0 {
                    if backticks == 0 { backticks = run } else if backticks == run { backticks = 0 }
                    run = 0
                }
                output.append(bytes: UnsafeBufferPointer(rebasing: bytes[plain..<index]))
            }
            let previous: UInt8 = index == 0 ? 0x20 : bytes[index - 1]
            index += 1
            if byte == 0x60 {
                run += 1
                output.append(byte)
                plain = index
                continue
            }
            if run > 0 {
                if backticks == 0 { backticks = run } else if backticks == run { backticks = 0 }
                run = 0
            }
            switch byte {
            case 0x0D where index < bytes.count && bytes[index] == 0x0A:
                output.append(0x20)
                index += 1
            case 0x0A, 0x0D:
                output.append(0x20)
            case 0x7C:
                if previous != 0x5C { output.append(0x5C) }
                output.append(byte)
            case 0x3C where backticks == 0 && previous != 0x5C:
                output.append(0x5C)
                output.append(byte)
            default:
                output.append(byte)
            }
            plain = index
        }
        if plain < bytes.count { output.append(bytes: UnsafeBufferPointer(rebasing: bytes[plain...])) }
        return true
    }
}

extension MarkdownText {
    /// The heading level of the sections authored text is placed under in a report.
    static let sectionLevel = 2

    /// Makes a section body its author wrote (Markdown kept as Markdown) safe to place
    /// under a report's `##` section heading: its top-level headings move down so the
    /// shallowest is `###` (keeping their order and nesting), so a body cannot add a
    /// title or section to the report; and lines that look like Hindsight's block
    /// markers get a backslash, so a body cannot open, close or forge a generated block.
    static func authored(_ markdown: String) -> String {
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if markdown.contains("#") || markdown.contains("=") || markdown.contains("-") {
            demoteHeadings(in: &lines, markdown: markdown)
        }
        for index in lines.indices {
            let start = lines[index].firstIndex { $0 != " " && $0 != "\t" } ?? lines[index].endIndex
            if lines[index][start...].hasPrefix(ReportMarkers.prefix) {
                lines[index].insert("\\", at: start)
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func demoteHeadings(in lines: inout [String], markdown: String) {
        let document = MarkdownDocument(parsing: markdown)
        var headings: [(block: MarkdownBlock, level: Int)] = []
        for block in document.blocks {
            if case .heading(let level) = block.kind { headings.append((block, level)) }
        }
        guard let shallowest = headings.map(\.level).min(), shallowest <= sectionLevel else { return }
        let shift = sectionLevel + 1 - shallowest
        // From the last heading up, so removing a setext underline keeps earlier line numbers valid.
        for (block, level) in headings.reversed() {
            let first = block.startLine - 1
            guard first >= 0, first < lines.count else { continue }
            let marks = String(repeating: "#", count: min(level + shift, 6))
            let line = lines[first]
            let indent = line.prefix { $0 == " " }
            let rest = line.dropFirst(indent.count)
            if rest.hasPrefix("#") {
                lines[first] = indent + marks + rest.drop { $0 == "#" }
            } else {
                // A setext heading: its text lines and underline become one ATX heading.
                let last = min(block.endLine - 1, lines.count - 1)
                lines[first] = marks + " " + block.text.replacingOccurrences(of: "\n", with: " ")
                if last > first { lines.removeSubrange((first + 1)...last) }
            }
        }
    }
}

/// Mustache content type `MARKDOWN`: `{{value}}` escapes plain text for Markdown,
/// `{{{value}}}` inserts prepared Markdown as it is.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { MarkdownText.escape(text) }
}
