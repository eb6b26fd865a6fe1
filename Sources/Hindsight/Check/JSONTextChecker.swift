import Foundation

/// Checks the prose inside a JSON incident log or export: every string under a
/// `text`, `markdown` or `details` key, located by its JSON path
/// (`$.events[3].text`). `markdown` values also get the action item and section
/// checks, with the title of the object they belong to as their section.
enum JSONTextChecker {
    /// Keys whose string values (or arrays of strings) are prose.
    static let proseKeys: Set<String> = ["text", "markdown", "details"]
    /// Objects nested deeper than this are not searched, so hostile nesting cannot exhaust the stack.
    static let maximumDepth = 100

    static func findings(data: Data, name: String, options: CheckOptions) -> [CheckFinding] {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let reason = describe(error)
            let (line, column) = position(in: reason, data: data)
            return [CheckFinding(
                .inputJSON, .error, "the file is not valid JSON (\(reason))",
                suggestion: "fix the syntax, or give the file a `.md` name if it is Markdown",
                at: SourceLocation(file: name, line: line, column: column))]
        }
        var people: Set<String> = []
        collectPeople(value, depth: 0, into: &people)
        var texts: [(path: String, text: String, isMarkdown: Bool, title: String?)] = []
        collectTexts(value, path: "$", title: nil, depth: 0, into: &texts)
        guard !texts.isEmpty else {
            return [CheckFinding(
                .inputEmpty, .error, "found no `text` or `markdown` field to check",
                suggestion: "check a Hindsight JSON log (events with `text`, sections with `markdown`) or a Markdown file",
                at: SourceLocation(file: name, path: "$"))]
        }
        var result: [CheckFinding] = []
        for entry in texts {
            let text = CheckedMarkdown(text: entry.text, name: name, kind: .jsonValue(path: entry.path), people: people, enclosingTitle: entry.title)
            result += IncidentChecker.markdownFindings(text, options: options, prose: entry.isMarkdown ? .document : .blameOnly)
        }
        return result
    }

    /// The people a JSON log names: values of `roles`, and `author` and `owner` fields.
    private static func collectPeople(_ value: Any, depth: Int, into people: inout Set<String>) {
        guard depth < maximumDepth else { return }
        func add(_ name: String) {
            // Names are capitalised; "the duty manager" or a bot's login adds nothing.
            for word in name.split(whereSeparator: { $0 == " " || $0 == "." }) where word.count > 1 && word.first?.isUppercase == true {
                people.insert(word.lowercased())
            }
        }
        if let object = value as? [String: Any] {
            for key in object.keys.sorted() {
                let child = object[key] as Any
                switch key.lowercased() {
                case "roles":
                    if let roles = child as? [String: Any] {
                        for role in roles.values { if let person = role as? String { add(person) } }
                    } else if let roles = child as? [[String: Any]] {
                        for role in roles { if let person = role["person"] as? String ?? role["name"] as? String { add(person) } }
                    }
                case "author", "owner", "assignee", "responder":
                    if let person = child as? String { add(person) }
                default:
                    collectPeople(child, depth: depth + 1, into: &people)
                }
            }
        } else if let array = value as? [Any] {
            for element in array { collectPeople(element, depth: depth + 1, into: &people) }
        }
    }

    private static func collectTexts(
        _ value: Any, path: String, title: String?, depth: Int,
        into texts: inout [(path: String, text: String, isMarkdown: Bool, title: String?)]
    ) {
        guard depth < maximumDepth else { return }
        if let object = value as? [String: Any] {
            let ownTitle = object["title"] as? String ?? object["name"] as? String
            for key in object.keys.sorted() {
                let child = object[key] as Any
                let childPath = path + pathComponent(key)
                if proseKeys.contains(key.lowercased()) {
                    let isMarkdown = key.lowercased() == "markdown"
                    if let string = child as? String {
                        texts.append((childPath, string, isMarkdown, isMarkdown ? ownTitle : nil))
                        continue
                    }
                    if let strings = child as? [Any], strings.allSatisfy({ $0 is String }) {
                        for (index, element) in strings.enumerated() {
                            if let string = element as? String { texts.append((childPath + "[\(index)]", string, isMarkdown, nil)) }
                        }
                        continue
                    }
                }
                collectTexts(child, path: childPath, title: ownTitle, depth: depth + 1, into: &texts)
            }
        } else if let array = value as? [Any] {
            for (index, element) in array.enumerated() {
                collectTexts(element, path: path + "[\(index)]", title: title, depth: depth + 1, into: &texts)
            }
        }
    }

    /// `.key` for identifiers, `["key"]` otherwise.
    static func pathComponent(_ key: String) -> String {
        let isIdentifier = !key.isEmpty && key.first.map { $0.isLetter || $0 == "_" } == true
            && key.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII }
        if isIdentifier { return "." + key }
        let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "[\"\(escaped)\"]"
    }

    /// Where the parser stopped, from its message ("around character 34", "line 3,
    /// column 9"), as a 1-based line and column; 1:1 when the message does not say.
    private static func position(in reason: String, data: Data) -> (Int, Int) {
        func number(after marker: String) -> Int? {
            guard let range = reason.range(of: marker) else { return nil }
            return Int(reason[range.upperBound...].prefix { $0.isNumber })
        }
        if let line = number(after: "line "), let column = number(after: "column ") {
            return (max(line, 1), max(column, 1))
        }
        guard let offset = number(after: "character "), offset >= 0, offset <= data.count else { return (1, 1) }
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == 10 {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    /// A short reason from a JSONSerialization error, without platform noise.
    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String ?? nsError.localizedDescription
        let trimmed = detail.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > 160 ? String(trimmed.prefix(160)) + "…" : trimmed
    }
}
