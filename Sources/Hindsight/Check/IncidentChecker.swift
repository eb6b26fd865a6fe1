import Foundation

/// `hindsight check`: a linter for incident logs and retrospective reports.
///
/// Works on the text itself (Markdown through `MarkdownDocument`, JSON through its
/// `text` and `markdown` fields), not on a reconstructed incident, so it can check a
/// log the readers would reject and a report reviewers have edited. Finds blaming
/// language, action items without owner or due date, timeline entries out of order or
/// without a zone, and sections left empty. Never throws, traps or prints.
public enum IncidentChecker {
    /// The findings for one input as diagnostics (`message; suggestion [rule]`), sorted by position.
    public static func check(_ document: InputDocument, options: CheckOptions = CheckOptions()) -> [Diagnostic] {
        findings(in: document, options: options).map(\.diagnostic)
    }

    /// The findings for one input with their rule and suggestion kept apart, sorted by position.
    public static func findings(in document: InputDocument, options: CheckOptions = CheckOptions()) -> [CheckFinding] {
        let found = unfiltered(document, options: options)
        let disabled = options.disabledRules.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        return found.filter { $0.rule.family == "input" || !$0.rule.isCovered(by: disabled) }
    }

    private static func unfiltered(_ document: InputDocument, options: CheckOptions) -> [CheckFinding] {
        let name = document.name
        guard case .file(let data) = document.content else {
            return [CheckFinding(
                .inputUnsupported, .error, "expected a file, got a folder",
                suggestion: "pass the Markdown and JSON files to check", at: SourceLocation(file: name))]
        }
        guard !data.isEmpty else {
            return [CheckFinding(
                .inputEmpty, .error, "the file is empty; expected an incident log or report (Markdown or JSON)",
                at: SourceLocation(file: name, line: 1, column: 1))]
        }
        if let nul = data.firstIndex(of: 0) {
            let (line, column) = IncidentReader.position(of: nul, in: data)
            return [CheckFinding(
                .inputBinary, .error, "the file holds binary data (a NUL byte); expected UTF-8 text",
                at: SourceLocation(file: name, line: line, column: column))]
        }
        guard var text = String(validating: data, as: UTF8.self) else {
            let (line, column) = IncidentReader.position(of: data.startIndex + validPrefixLength(of: data), in: data)
            return [CheckFinding(
                .inputBinary, .error, "the file is not valid UTF-8 text",
                suggestion: "save it as UTF-8", at: SourceLocation(file: name, line: line, column: column))]
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard let first = text.unicodeScalars.first(where: { !$0.properties.isWhitespace }) else {
            return [CheckFinding(
                .inputEmpty, .error, "the file has no text; expected an incident log or report (Markdown or JSON)",
                at: SourceLocation(file: name, line: 1, column: 1))]
        }
        let isJSON = first == "{" || first == "[" || name.lowercased().hasSuffix(".json")
        // A line or string of many megabytes would be scanned word by word for minutes;
        // refuse it where it starts, with the readers' limits.
        if isJSON, case .string(let offset, let length)? = JSONByteScanner.firstExcess(
            depth: Int.max, stringBytes: JSONDocument.maximumStringBytes, in: data)
        {
            let (line, column) = IncidentReader.position(of: data.startIndex + offset, in: data)
            return [CheckFinding(
                .inputTooLong, .error,
                "a JSON string here is \(String(format: "%.1f", Double(length) / 1_048_576)) MiB long; strings of up to \(JSONDocument.maximumStringBytes / 1_048_576) MiB are checked",
                at: SourceLocation(file: name, line: line, column: column))]
        }
        if !isJSON, let long = IncidentReader.longLine(in: data, name: name) {
            return [CheckFinding(.inputTooLong, .error, long.message, at: long.location ?? SourceLocation(file: name))]
        }
        if isJSON {
            return JSONTextChecker.findings(data: Data(text.utf8), name: name, options: options)
        }
        return markdownFindings(CheckedMarkdown(text: text, name: name), options: options, prose: .document)
    }

    /// Which checks a Markdown text gets.
    enum Scope {
        /// Every rule that applies to its kind (log, report, JSON `markdown` value).
        case document
        /// Only the blame rules (a JSON event's `text`).
        case blameOnly
    }

    /// Runs the checks on a Markdown text, applies its suppression comments and sorts.
    static func markdownFindings(_ text: CheckedMarkdown, options: CheckOptions, prose scope: Scope) -> [CheckFinding] {
        let blocks = ProseScanner.blocks(of: text)
        var found = BlamelessChecker.findings(in: text, blocks: blocks, options: options)
        if scope == .document {
            found += ActionItemChecker.findings(in: text)
            found += TimelineChecker.findings(in: text)
            found += SectionChecker.findings(in: text)
        }
        var seen: Set<CheckFinding> = []
        return found
            .filter { !text.suppressions.allows($0.rule, onLine: $0.location.line) && seen.insert($0).inserted }
            .sorted { lhs, rhs in
                let left = (lhs.location.line ?? 0, lhs.location.column ?? 0)
                let right = (rhs.location.line ?? 0, rhs.location.column ?? 0)
                if left != right { return left < right }
                if lhs.rule != rhs.rule { return order(lhs.rule) < order(rhs.rule) }
                return lhs.message < rhs.message
            }
    }

    /// Rules sort in the order they are declared (owner before due date).
    private static func order(_ rule: CheckRule) -> Int {
        CheckRule.allCases.firstIndex(of: rule) ?? 0
    }


    /// The length of the longest prefix that decodes as UTF-8.
    private static func validPrefixLength(of data: Data) -> Int {
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var length = 0
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            length += UTF8.width(scalar)
        }
        return length
    }
}
