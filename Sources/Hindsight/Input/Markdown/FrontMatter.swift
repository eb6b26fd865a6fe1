import Foundation
import Yams

/// The YAML block between `---` lines at the very top of a Markdown incident log,
/// read into incident metadata.
struct FrontMatter {
    /// A milestone pinned in the front matter, kept as text until the document's zone is known.
    struct PinnedMilestone {
        var kind: MilestoneKind
        var text: String
        var location: SourceLocation
    }

    var metadata = IncidentMetadata()
    /// The `timezone:` value, resolved.
    var zone: NamedZone?
    /// The `date:` value.
    var date: CalendarDate?
    var milestones: [PinnedMilestone] = []
    var diagnostics: [Diagnostic] = []
    /// Whether the document had front matter at all.
    var isPresent = false

    /// Front matter larger than this is refused unread.
    static let maximumSize = 64 * 1024

    // MARK: - Splitting

    /// Where the front matter ends: the YAML text, the number of lines it takes (both
    /// `---` lines included) and where the Markdown body starts. Nil when the text does
    /// not start with a `---` line. `closed` is false when no closing line was found.
    static func split(_ text: String) -> (yaml: Substring, lineCount: Int, body: String.Index, closed: Bool)? {
        let utf8 = text.utf8
        var start = utf8.startIndex
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { start = utf8.index(start, offsetBy: 3) }
        guard let firstEnd = lineEnd(utf8, from: start), isDelimiter(utf8[start..<firstEnd.content], closing: false)
        else { return nil }
        let yamlStart = firstEnd.next
        var cursor = yamlStart
        var lines = 1
        while cursor < utf8.endIndex {
            guard let end = lineEnd(utf8, from: cursor) else { break }
            lines += 1
            if isDelimiter(utf8[cursor..<end.content], closing: true) {
                return (text[yamlStart..<cursor], lines, end.next, true)
            }
            cursor = end.next
        }
        return (text[yamlStart..<utf8.endIndex], lines, utf8.endIndex, false)
    }

    private static func lineEnd(_ utf8: String.UTF8View, from start: String.Index) -> (content: String.Index, next: String.Index)? {
        guard start < utf8.endIndex else { return nil }
        var cursor = start
        while cursor < utf8.endIndex, utf8[cursor] != 10 { cursor = utf8.index(after: cursor) }
        var content = cursor
        if content > start, utf8[utf8.index(before: content)] == 13 { content = utf8.index(before: content) }
        let next = cursor < utf8.endIndex ? utf8.index(after: cursor) : cursor
        return (content, next)
    }

    private static func isDelimiter(_ line: Substring.UTF8View, closing: Bool) -> Bool {
        var bytes = Array(line)
        while let last = bytes.last, last == 32 || last == 9 { bytes.removeLast() }
        return bytes == [45, 45, 45] || (closing && bytes == [46, 46, 46])
    }

    // MARK: - Reading

    /// Reads the YAML of a front matter block that starts on line 1 of `file`.
    static func read(yaml: Substring, closed: Bool, file: String, zones: ZoneCache) -> FrontMatter {
        var result = FrontMatter()
        result.isPresent = true
        guard closed else {
            result.diagnostics.append(Diagnostic(
                .error, "the front matter that starts here is never closed: add a `---` line after its last key",
                at: SourceLocation(file: file, line: 1, column: 1)))
            return result
        }
        guard yaml.utf8.count <= maximumSize else {
            result.diagnostics.append(Diagnostic(
                .error, "the front matter is larger than \(maximumSize / 1024) KiB; it was not read",
                at: SourceLocation(file: file, line: 1, column: 1)))
            return result
        }
        if let refusal = FrontMatterSafety.check(yaml) {
            result.diagnostics.append(Diagnostic(
                .error, refusal.message, at: SourceLocation(file: file, line: refusal.line + 1, column: refusal.column)))
            return result
        }
        let root: Node?
        do {
            // Every value is read as text, so no scalar's type is resolved: the default
            // resolver's regular expressions cost a millisecond to compile at each start.
            root = try Yams.compose(yaml: String(yaml), .basic)
        } catch {
            result.diagnostics.append(yamlDiagnostic(error, file: file))
            return result
        }
        guard let root else { return result }
        guard let mapping = root.mapping else {
            result.diagnostics.append(Diagnostic(
                .error, "the front matter must be `key: value` lines", at: location(of: root, file: file)))
            return result
        }
        var reader = FieldReader(file: file, zones: zones)
        for (key, value) in mapping {
            reader.read(key: key, value: value, into: &result)
        }
        result.diagnostics.append(contentsOf: reader.diagnostics)
        return result
    }

    /// The file location of a YAML node (the YAML starts on line 2, after `---`).
    static func location(of node: Node, file: String) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: 1) }
        return SourceLocation(file: file, line: mark.line + 1, column: mark.column)
    }

    private static func yamlDiagnostic(_ error: any Error, file: String) -> Diagnostic {
        let (problem, mark) = YAMLErrors.describe(error)
        let location = mark.map { SourceLocation(file: file, line: $0.line + 1, column: $0.column) }
            ?? SourceLocation(file: file, line: 1, column: 1)
        return Diagnostic(.error, "malformed YAML in the front matter: \(problem)", at: location)
    }
}

/// Turns front matter keys into metadata fields, collecting diagnostics.
private struct FieldReader {
    let file: String
    let zones: ZoneCache
    var diagnostics: [Diagnostic] = []

    /// Keys whose value names the person in a role, and the role's name.
    static let roleKeys: [String: String] = [
        "commander": "commander", "incidentcommander": "commander", "ic": "commander",
        "communications": "communications", "comms": "communications", "communicationslead": "communications",
        "scribe": "scribe", "oncall": "on-call",
    ]

    mutating func read(key keyNode: Node, value: Node, into result: inout FrontMatter) {
        guard let key = keyNode.string else {
            warn("a front matter key must be text", keyNode)
            return
        }
        let normalized = key.lowercased().filter { $0.isLetter || $0.isNumber }
        switch normalized {
        case "title": result.metadata.title = text(value, key)
        case "id", "incidentid": result.metadata.id = text(value, key)
        case "severity", "sev", "priority": result.metadata.severity = text(value, key)
        case "category": result.metadata.category = text(value, key)
        case "subcategory": result.metadata.subcategory = text(value, key)
        case "status": result.metadata.status = text(value, key)
        case "slo": result.metadata.slo = text(value, key)
        case "sla": result.metadata.sla = text(value, key)
        case "currency": result.metadata.currency = text(value, key)
        case "services", "service":
            result.metadata.services = list(value, key)
        case "timezone", "tz", "zone":
            guard let name = text(value, key) else { return }
            result.metadata.timeZone = name
            if let zone = zones.resolve(name) {
                result.zone = zone
            } else {
                error("unknown time zone '\(name)'; use an IANA name (Europe/Berlin), an abbreviation (PDT) or an offset (+02:00)", value)
            }
        case "date":
            guard let written = text(value, key) else { return }
            result.metadata.date = written
            if let date = CalendarDate(written) {
                result.date = date
            } else {
                error("'\(written)' is not a date; write it as YYYY-MM-DD", value)
            }
        case "roles":
            guard let mapping = value.mapping else {
                warn("`roles` must map role names to people (commander: Ariana Costa)", value)
                return
            }
            for (roleNode, personNode) in mapping {
                guard let role = roleNode.string, let person = people(personNode) else {
                    warn("a role must name a person", personNode)
                    continue
                }
                result.metadata.roles.append(RoleAssignment(role: role, person: person))
            }
        case "costperhour", "hourlycost", "costofdowntime":
            guard let written = text(value, key) else { return }
            let digits = written.filter { $0 != "," && $0 != "_" && $0 != " " }
            if let number = Double(digits), number.isFinite, number >= 0 {
                result.metadata.costPerHour = number
            } else {
                warn("`\(key)` must be a number (120000), not '\(written)'", value)
            }
        case "milestones":
            guard let mapping = value.mapping else {
                warn("`milestones` must map milestone names to times (impactStarted: 2026-03-04 02:55)", value)
                return
            }
            for (nameNode, timeNode) in mapping {
                let name = nameNode.string ?? ""
                guard let kind = MilestoneKind(tag: name) else {
                    let known = MilestoneKind.allCases.map(\.rawValue).joined(separator: ", ")
                    warn("unknown milestone '\(name)' (known: \(known))", nameNode)
                    continue
                }
                guard let time = timeNode.string else {
                    warn("milestone `\(name)` needs a time", timeNode)
                    continue
                }
                result.milestones.append(FrontMatter.PinnedMilestone(
                    kind: kind, text: time, location: FrontMatter.location(of: timeNode, file: file)))
            }
        default:
            if let role = Self.roleKeys[normalized] {
                if let person = people(value) {
                    result.metadata.roles.append(RoleAssignment(role: role, person: person))
                } else {
                    warn("`\(key)` must name a person", value)
                }
            } else {
                warn("unknown front matter key '\(key)' (ignored)", keyNode)
            }
        }
    }

    private mutating func text(_ node: Node, _ key: String) -> String? {
        guard let value = node.scalar?.string else {
            warn("`\(key)` must be a single value", node)
            return nil
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private mutating func list(_ node: Node, _ key: String) -> [String] {
        if let sequence = node.sequence {
            return sequence.compactMap { $0.scalar?.string.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        guard let value = text(node, key) else { return [] }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func people(_ node: Node) -> String? {
        if let sequence = node.sequence {
            let names = sequence.compactMap { $0.scalar?.string }.filter { !$0.isEmpty }
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        guard let name = node.scalar?.string.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return nil }
        return name
    }

    private mutating func warn(_ message: String, _ node: Node) {
        diagnostics.append(Diagnostic(.warning, message, at: FrontMatter.location(of: node, file: file)))
    }

    private mutating func error(_ message: String, _ node: Node) {
        diagnostics.append(Diagnostic(.error, message, at: FrontMatter.location(of: node, file: file)))
    }
}
