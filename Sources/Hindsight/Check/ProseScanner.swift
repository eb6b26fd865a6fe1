import Foundation

/// A word of prose with where it stands in the source and what surrounds it.
struct ProseWord {
    /// The word as written (`’` normalised to `'`).
    var text: String
    var lower: String
    var line: Int
    /// 1-based character column.
    var column: Int
    /// Inside quotation marks or a block quote: reported speech.
    var quoted: Bool
    /// The first word of a clause: no other word (apart from numbers such as the
    /// `03` and `31` of `03:31`) since the start of the block or the last
    /// punctuation mark that ends a clause.
    var clauseStart: Bool
    /// Written as `@handle`.
    var isHandle: Bool
    /// The last punctuation mark between the previous word and this one, if any.
    var punctuationBefore: Character?

    /// Starts with an upper-case letter and has lower-case letters: `David`, not `DNS`.
    var isCapitalized: Bool {
        guard let first = text.first, first.isUppercase else { return false }
        return text.contains { $0.isLowercase }
    }

    var isNumber: Bool { text.allSatisfy(\.isNumber) }
}

/// Splits the prose of a Markdown text (paragraphs and headings, including those in
/// lists and block quotes) into words with positions. Code blocks, HTML blocks,
/// inline code, HTML comments and tags, link targets and bare web addresses are not
/// prose and are skipped. Hand-written scanning: one pass per block, no regex.
enum ProseScanner {
    /// The words of every prose block, one array per block, in source order.
    static func blocks(of text: CheckedMarkdown) -> [[ProseWord]] {
        var leaves: [(MarkdownBlock, Bool)] = []
        collectLeaves(text.document.blocks, quoted: false, into: &leaves)
        var result: [[ProseWord]] = []
        if let titleLine = text.frontMatter.titleLine {
            // The front matter title is prose too: `title: David broke checkout`.
            let line = text.lines[titleLine - 1]
            if let colon = line.firstIndex(of: ":") {
                let column = line.distance(from: line.startIndex, to: colon) + 2
                var value = String(line[line.index(after: colon)...])
                // YAML quotes around the value are not quotation marks.
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if trimmed.count >= 2, let quote = trimmed.first, quote == "\"" || quote == "'", trimmed.last == quote,
                    let open = value.firstIndex(of: quote), let close = value.lastIndex(of: quote)
                {
                    value.replaceSubrange(close...close, with: " ")
                    value.replaceSubrange(open...open, with: " ")
                }
                result.append(words(in: [(titleLine, column, Substring(value))], quoted: false))
            }
        }
        for (block, quoted) in leaves {
            var segments: [(Int, Int, Substring)] = []
            for line in block.startLine...max(block.startLine, block.endLine) {
                guard line >= 1, line <= text.lines.count else { continue }
                if line == block.startLine {
                    let segment = text.text(ofLine: line, fromByteColumn: block.startColumn)
                    segments.append((line, text.characterColumn(line: line, byteColumn: block.startColumn), segment))
                } else {
                    segments.append((line, 1, text.lines[line - 1]))
                }
            }
            let found = words(in: segments, quoted: quoted)
            if !found.isEmpty { result.append(found) }
        }
        return result
    }

    private static func collectLeaves(_ blocks: [MarkdownBlock], quoted: Bool, into leaves: inout [(MarkdownBlock, Bool)]) {
        for block in blocks {
            switch block.kind {
            case .paragraph, .heading:
                leaves.append((block, quoted))
            case .list, .item:
                collectLeaves(block.children, quoted: quoted, into: &leaves)
            case .blockQuote:
                collectLeaves(block.children, quoted: true, into: &leaves)
            case .codeBlock, .htmlBlock, .thematicBreak, .other:
                continue
            }
        }
    }

    /// The words of consecutive line segments (line, first character column, text).
    static func words(in segments: [(line: Int, column: Int, text: Substring)], quoted blockQuoted: Bool) -> [ProseWord] {
        var characters: [Character] = []
        var lines: [Int] = []
        var columns: [Int] = []
        for (index, segment) in segments.enumerated() {
            var column = segment.column
            for character in segment.text {
                characters.append(character == "’" ? "'" : character)
                lines.append(segment.line)
                columns.append(column)
                column += 1
            }
            if index != segments.count - 1 {
                characters.append("\n")
                lines.append(segment.line)
                columns.append(column)
            }
        }
        maskNonProse(&characters)

        var result: [ProseWord] = []
        var inQuotes = false
        var clauseStart = true
        var punctuation: Character?
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if isWordCharacter(character) {
                var end = index + 1
                while end < characters.count {
                    let next = characters[end]
                    if isWordCharacter(next) {
                        end += 1
                    } else if (next == "'" || next == "-"), end + 1 < characters.count, isWordCharacter(characters[end + 1]) {
                        end += 2
                    } else {
                        break
                    }
                }
                let text = String(characters[index..<end])
                let isHandle = index > 0 && characters[index - 1] == "@"
                let word = ProseWord(
                    text: text, lower: text.lowercased(), line: lines[index], column: columns[index] - (isHandle ? 1 : 0),
                    quoted: blockQuoted || inQuotes, clauseStart: clauseStart, isHandle: isHandle,
                    punctuationBefore: punctuation)
                result.append(word)
                if !word.isNumber { clauseStart = false }
                punctuation = nil
                index = end
                continue
            }
            switch character {
            case "\"":
                inQuotes.toggle()
                clauseStart = true
            case "“", "„", "«":
                inQuotes = true
                clauseStart = true
            case "”", "»":
                inQuotes = false
                clauseStart = true
            case ".", "!", "?", ";", ":", "|", "(", ")", "[", "]", "{", "}", "—", "–", "•":
                clauseStart = true
            case "-":
                // A dash between spaces separates clauses; a list marker starts one.
                let before = index == 0 ? " " : characters[index - 1]
                let after = index + 1 < characters.count ? characters[index + 1] : " "
                if before.isWhitespace && after.isWhitespace { clauseStart = true }
            default:
                break
            }
            if !character.isWhitespace, character != "*", character != "_", character != "@" {
                punctuation = character
            }
            index += 1
        }
        return result
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    /// Replaces what is not prose with spaces, keeping positions: inline code, HTML
    /// comments and tags, autolinks, link destinations and bare web addresses.
    static func maskNonProse(_ characters: inout [Character]) {
        var backticks = BacktickRuns(characters)
        var index = 0
        func blank(_ range: Range<Int>) {
            for position in range where characters[position] != "\n" { characters[position] = " " }
        }
        func starts(_ text: String, at position: Int) -> Bool {
            var offset = position
            for character in text {
                guard offset < characters.count, characters[offset] == character else { return false }
                offset += 1
            }
            return true
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "`":
                var run = 1
                while index + run < characters.count, characters[index + run] == "`" { run += 1 }
                if let closing = backticks.next(length: run, after: index + run) {
                    blank(index..<(closing + run))
                    index = closing + run
                } else {
                    index += run
                }
            case "<":
                if starts("<!--", at: index) {
                    var end = index + 4
                    while end < characters.count, !starts("-->", at: end) { end += 1 }
                    end = min(end + 3, characters.count)
                    blank(index..<end)
                    index = end
                } else if index + 1 < characters.count, characters[index + 1].isLetter || characters[index + 1] == "/" {
                    var end = index + 1
                    while end < characters.count, characters[end] != ">", characters[end] != "\n", characters[end] != "<" { end += 1 }
                    if end < characters.count, characters[end] == ">" {
                        blank(index..<(end + 1))
                        index = end + 1
                    } else {
                        index += 1
                    }
                } else {
                    index += 1
                }
            case "]":
                if index + 1 < characters.count, characters[index + 1] == "(" {
                    var end = index + 2
                    var depth = 1
                    while end < characters.count {
                        if characters[end] == "(" { depth += 1 }
                        if characters[end] == ")" {
                            depth -= 1
                            if depth == 0 { break }
                        }
                        end += 1
                    }
                    let stop = min(end + 1, characters.count)
                    blank((index + 1)..<stop)
                    index = stop
                } else {
                    index += 1
                }
            case "h":
                let atWordStart = index == 0 || !isWordCharacter(characters[index - 1])
                if atWordStart, starts("http://", at: index) || starts("https://", at: index) {
                    var end = index
                    while end < characters.count, !characters[end].isWhitespace, characters[end] != ")", characters[end] != ">" { end += 1 }
                    blank(index..<end)
                    index = end
                } else {
                    index += 1
                }
            default:
                index += 1
            }
        }
    }
}

/// The backtick runs of a text by length, so finding the run that closes a code span
/// is a lookup, not a scan: linear time even for hostile input.
private struct BacktickRuns {
    private var startsByLength: [Int: [Int]] = [:]
    private var cursors: [Int: Int] = [:]

    init(_ characters: [Character]) {
        var index = 0
        while index < characters.count {
            guard characters[index] == "`" else {
                index += 1
                continue
            }
            var run = 1
            while index + run < characters.count, characters[index + run] == "`" { run += 1 }
            startsByLength[run, default: []].append(index)
            index += run
        }
    }

    /// The start of the first run of exactly `length` backticks at or after `position`.
    /// Positions asked for only grow, so each length's cursor only moves forward.
    mutating func next(length: Int, after position: Int) -> Int? {
        guard let starts = startsByLength[length] else { return nil }
        var cursor = cursors[length] ?? 0
        while cursor < starts.count, starts[cursor] < position { cursor += 1 }
        cursors[length] = cursor
        return cursor < starts.count ? starts[cursor] : nil
    }
}
