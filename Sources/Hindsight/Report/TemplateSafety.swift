import Foundation

/// A look at Mustache templates before they are used, refusing what would make parsing
/// or rendering overflow the stack: sections nested too deeply, and partials that
/// include themselves (directly or through others) — Hindsight's view models are not
/// recursive, so such an inclusion never ends.
enum TemplateSafety {
    /// Deeper nesting of sections is refused; Hindsight's templates use four levels.
    static let maximumDepth = 64

    /// A partial (`{{> name}}`) or parent (`{{< name}}`) a template includes, and where.
    struct Inclusion {
        var name: String
        var line: Int
        var column: Int
    }

    /// The first problem in a set of templates (name, location for messages, text).
    static func problem(in sources: [(name: String, location: String, text: String)]) -> Diagnostic? {
        var inclusions: [String: [Inclusion]] = [:]
        for source in sources {
            switch scan(source.text) {
            case .success(let found):
                inclusions[source.name] = found
            case .failure(let problem):
                return Diagnostic(
                    .error, "template error: sections nested more than \(maximumDepth) deep",
                    at: SourceLocation(file: source.location, line: problem.line, column: problem.column))
            }
        }
        // Depth-first search for a cycle of inclusions, in the order the templates are given.
        var state: [String: Bool] = [:]  // false: on the current path; true: done
        var path: [(name: String, inclusion: Inclusion?)] = []
        func visit(_ name: String, through inclusion: Inclusion?) -> [(name: String, inclusion: Inclusion?)]? {
            if state[name] == false {
                let start = path.firstIndex { $0.name == name } ?? 0
                return Array(path[start...]) + [(name, inclusion)]
            }
            guard state[name] == nil, let included = inclusions[name] else { return nil }
            state[name] = false
            path.append((name, inclusion))
            for next in included {
                if let cycle = visit(next.name, through: next) { return cycle }
            }
            path.removeLast()
            state[name] = true
            return nil
        }
        for source in sources {
            guard let cycle = visit(source.name, through: nil), cycle.count >= 2, let first = cycle[1].inclusion else { continue }
            let location = sources.first { $0.name == cycle[0].name }?.location ?? cycle[0].name
            return Diagnostic(
                .error,
                "template error: the partials include themselves (\(cycle.map(\.name).joined(separator: " → "))), so rendering would never end",
                at: SourceLocation(file: location, line: first.line, column: first.column))
        }
        return nil
    }

    /// The inclusions of one template, following `{{=<% %>=}}` delimiter changes; or the
    /// place where its sections nest too deeply.
    static func scan(_ text: String) -> Result<[Inclusion], Place> {
        var open = "{{"
        var close = "}}"
        var depth = 0
        var found: [Inclusion] = []
        var index = text.startIndex
        // Lines are counted once, from one tag to the next.
        var line = 1
        var counted = text.startIndex
        var lineStart = text.startIndex
        func place(of position: String.Index) -> Place {
            while counted < position {
                if text[counted] == "\n" || text[counted] == "\r\n" {
                    line += 1
                    lineStart = text.index(after: counted)
                }
                counted = text.index(after: counted)
            }
            return Place(line: line, column: text[lineStart..<position].count + 1)
        }
        while index < text.endIndex, let start = text.range(of: open, range: index..<text.endIndex),
            let end = text.range(of: close, range: start.upperBound..<text.endIndex)
        {
            let tag = text[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
            var next = end.upperBound
            if open == "{{", tag.hasPrefix("{"), text[next...].hasPrefix("}") { next = text.index(after: next) }
            if tag.count >= 2, tag.hasPrefix("="), tag.hasSuffix("=") {
                let parts = tag.dropFirst().dropLast().split(whereSeparator: { $0 == " " || $0 == "\t" })
                if parts.count == 2 {
                    open = String(parts[0])
                    close = String(parts[1])
                }
            } else if let kind = tag.first {
                if "#^$<".contains(kind) {
                    depth += 1
                    if depth > maximumDepth { return .failure(place(of: start.lowerBound)) }
                } else if kind == "/" {
                    depth = max(0, depth - 1)
                }
                if kind == ">" || kind == "<" {
                    let at = place(of: start.lowerBound)
                    found.append(Inclusion(name: tag.dropFirst().trimmingCharacters(in: .whitespaces), line: at.line, column: at.column))
                }
            }
            index = next
        }
        return .success(found)
    }

    /// A 1-based line and column in a template.
    struct Place: Error {
        var line: Int
        var column: Int
    }
}
