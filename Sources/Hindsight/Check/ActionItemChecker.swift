import Foundation

/// Checks that action items have an owner and, while open, a due date: list items in
/// an Action items / Follow-ups / Next steps / Remediation section, `- [ ]` items
/// anywhere, and the rows of an action table (the one in a drafted report, or a
/// team's own `| Action | Owner | Due |` table).
enum ActionItemChecker {
    static func findings(in text: CheckedMarkdown) -> [CheckFinding] {
        var result: [CheckFinding] = []
        // Level 0: the whole text is an action section (a JSON section titled "Action items").
        var actionLevel: Int? = (text.enclosingTitle.map(isActionTitle) ?? false) ? 0 : nil
        for block in text.document.blocks {
            switch block.kind {
            case .heading(let level):
                if let current = actionLevel, level <= current { actionLevel = nil }
                if isActionTitle(block.text) { actionLevel = level }
            case .list:
                checkItems(of: block, inActionSection: actionLevel != nil, text: text, into: &result)
            case .paragraph where actionLevel != nil:
                checkTable(block, text: text, into: &result)
            case .blockQuote:
                for child in block.children {
                    if case .list = child.kind { checkItems(of: child, inActionSection: false, text: text, into: &result) }
                }
            default:
                continue
            }
        }
        return result
    }

    static func isActionTitle(_ title: String) -> Bool {
        AuthoredSection.Role(title: title) == .actionItems
    }

    /// Checks the items of a list: all of them in an action section, only `[ ]` and
    /// `[x]` items elsewhere; nested lists only for their check-box items.
    private static func checkItems(of list: MarkdownBlock, inActionSection: Bool, text: CheckedMarkdown, into result: inout [CheckFinding]) {
        for item in list.children where item.kind == .item {
            for child in item.children {
                if case .list = child.kind { checkItems(of: child, inActionSection: false, text: text, into: &result) }
            }
            guard !text.isGenerated(line: item.startLine),
                let paragraph = item.children.first, paragraph.kind == .paragraph
            else { continue }
            var raw = text.document.source(of: paragraph)
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            var done = false
            var hasBox = false
            if raw.hasPrefix("[ ] ") || raw == "[ ]" {
                hasBox = true
                raw = String(raw.dropFirst(3))
            } else if raw.hasPrefix("[x] ") || raw.hasPrefix("[X] ") {
                hasBox = true
                done = true
                raw = String(raw.dropFirst(3))
            }
            guard inActionSection || hasBox else { continue }
            raw = raw.trimmingCharacters(in: .whitespaces)
            let location = text.location(line: paragraph.startLine, byteColumn: paragraph.startColumn)
            let parsed = ActionItemParser.parse(raw, done: done, source: nil)
            if !hasOwner(raw, parsed: parsed.owner) {
                result.append(CheckFinding(
                    .actionOwner, .warning, "action item has no owner",
                    suggestion: "add `(owner: NAME)` or an @handle so one person is accountable for it", at: location))
            }
            if !done, !hasDueDate(raw, parsed: parsed.due) {
                result.append(CheckFinding(
                    .actionDue, .warning, "open action item has no due date",
                    suggestion: "add `due: YYYY-MM-DD` (or `by YYYY-MM-DD`), or tick it `- [x]` when it is done", at: location))
            }
        }
    }

    private static let placeholders: Set<String> = [
        "", "tbd", "tba", "?", "??", "none", "nobody", "unassigned", "n/a", "-", "—", "–", "missing", "to assign", "to set",
        "unknown", "todo",
    ]

    private static func hasOwner(_ text: String, parsed: String?) -> Bool {
        if let parsed, !placeholders.contains(parsed.lowercased().trimmingCharacters(in: .whitespaces)) { return true }
        guard let value = fieldValue(in: text, keys: ["owner:", "owners:", "assignee:", "assigned to:"]) else { return false }
        return !placeholders.contains(value.lowercased())
    }

    private static func hasDueDate(_ text: String, parsed: CalendarDate?) -> Bool {
        if parsed != nil { return true }
        guard let value = fieldValue(in: text, keys: ["due:", "due date:", "deadline:"]) else { return false }
        return CalendarDate(String(value.prefix(10))) != nil
    }

    /// The text after `key` up to the next `,`, `;` or `)`.
    private static func fieldValue(in text: String, keys: [String]) -> String? {
        let lower = text.lowercased()
        for key in keys {
            guard let range = lower.range(of: key) else { continue }
            let rest = text[range.upperBound...]
            let value = rest.prefix { $0 != "," && $0 != ";" && $0 != ")" }
            return value.trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    // MARK: Tables

    /// `| Action | Owner | Due | Status |` rows with an empty or placeholder owner or due date.
    private static func checkTable(_ paragraph: MarkdownBlock, text: CheckedMarkdown, into result: inout [CheckFinding]) {
        var ownerColumn: Int?
        var dueColumn: Int?
        var statusColumn: Int?
        var sawHeader = false
        for line in paragraph.startLine...max(paragraph.startLine, paragraph.endLine) {
            let source = text.text(ofLine: line)
            guard source.trimmingCharacters(in: .whitespaces).hasPrefix("|") else { return }
            let cells = tableCells(source)
            if !sawHeader {
                sawHeader = true
                for (index, cell) in cells.enumerated() {
                    let title = cell.text.lowercased()
                    if ownerColumn == nil, title.contains("owner") || title.contains("assignee") || title == "who" { ownerColumn = index }
                    if dueColumn == nil, title.contains("due") || title.contains("deadline") { dueColumn = index }
                    if statusColumn == nil, title.contains("status") || title == "done" || title == "state" { statusColumn = index }
                }
                if ownerColumn == nil && dueColumn == nil { return }
                continue
            }
            if cells.allSatisfy({ $0.text.allSatisfy { "-: ".contains($0) } }) { continue }
            let status = statusColumn.flatMap { $0 < cells.count ? cells[$0].text.lowercased() : nil } ?? ""
            let done = ["done", "closed", "completed", "complete", "fixed", "resolved", "✅", "[x]"].contains(status)
            // Rows Hindsight suggested: accept them with an owner and a date, or delete them.
            let suggested = status == "suggested"
            let item = suggested ? "suggested action item" : "action item"
            if let ownerColumn, ownerColumn < cells.count, placeholders.contains(cells[ownerColumn].text.lowercased()) {
                result.append(CheckFinding(
                    .actionOwner, .warning, "\(item) has no owner",
                    suggestion: suggested
                        ? "accept it by naming the person accountable for it in the Owner column, or delete the row"
                        : "put the name of the person accountable for it in the Owner column",
                    at: text.location(line: line, column: cells[ownerColumn].column)))
            }
            if !done, let dueColumn, dueColumn < cells.count, placeholders.contains(cells[dueColumn].text.lowercased()) {
                result.append(CheckFinding(
                    .actionDue, .warning, "open \(item) has no due date",
                    suggestion: "put a date (YYYY-MM-DD) in the Due column",
                    at: text.location(line: line, column: cells[dueColumn].column)))
            }
        }
    }

    /// The cells of a pipe-table row, trimmed, each with the character column where its text starts.
    static func tableCells(_ line: Substring) -> [(text: String, column: Int)] {
        var cells: [(String, Int)] = []
        var current = ""
        var cellStart = 0
        var column = 0
        var started = false
        var previous: Character = " "
        for character in line {
            column += 1
            if character == "|" && previous != "\\" {
                if started {
                    cells.append((current, cellStart))
                }
                started = true
                current = ""
                cellStart = column + 1
            } else if started {
                if current.isEmpty && character.isWhitespace {
                    cellStart = column + 1
                } else {
                    current.append(character)
                }
            }
            previous = character
        }
        if started, !current.trimmingCharacters(in: .whitespaces).isEmpty {
            cells.append((current, cellStart))
        }
        return cells.map { ($0.0.trimmingCharacters(in: .whitespaces), $0.1) }
    }
}
