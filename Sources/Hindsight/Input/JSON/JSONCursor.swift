import Foundation

/// A position in a parsed JSON document together with its JSON path
/// (`$.events[3].time`), so every reader can say exactly where a problem is. Missing
/// members read as an absent cursor; nothing here traps on unexpected shapes.
///
/// The path is written out only when asked for: a cursor keeps the path of the nearest
/// element or written-out ancestor (shared, not copied) and up to two member names
/// after it, so reading the fields of thousands of entries builds no path strings.
struct JSONCursor {
    /// The document, nil for an absent value.
    private let tree: JSONTree?
    /// The node in `tree`, -1 for an absent value.
    private let node: Int
    /// The written-out path this cursor's path starts with.
    private let base: String
    /// An element index right after `base` (-1: none), then up to two member names.
    private let index: Int
    private let firstKey: String?
    private let secondKey: String?

    /// The value at `node` of `tree`, at `path`.
    init(tree: JSONTree, node: Int, path: String = "$") {
        self.init(tree: tree, node: node, base: path, index: -1, firstKey: nil, secondKey: nil)
    }

    /// An absent value at `path`.
    init(absentAt path: String) {
        self.init(tree: nil, node: -1, base: path, index: -1, firstKey: nil, secondKey: nil)
    }

    private init(tree: JSONTree?, node: Int, base: String, index: Int, firstKey: String?, secondKey: String?) {
        self.tree = tree
        self.node = tree?.node(node) == nil ? -1 : node
        self.base = base
        self.index = index
        self.firstKey = firstKey
        self.secondKey = secondKey
    }

    /// The JSON path of this value.
    var path: String {
        var result = base
        if index >= 0 { result = "\(result)[\(index)]" }
        if let firstKey { result = JSONCursor.appending(key: firstKey, to: result) }
        if let secondKey { result = JSONCursor.appending(key: secondKey, to: result) }
        return result
    }

    /// The node here, nil when absent.
    private var current: JSONTree.Node? { tree?.node(node) }

    /// The cursor of `child` (a node of this cursor's tree, or nil), the member `key` of this value.
    private func member(_ child: Int?, key: String) -> JSONCursor {
        let child = child ?? -1
        if firstKey == nil {
            return JSONCursor(tree: tree, node: child, base: base, index: index, firstKey: key, secondKey: nil)
        }
        if secondKey == nil {
            return JSONCursor(tree: tree, node: child, base: base, index: index, firstKey: firstKey, secondKey: key)
        }
        return JSONCursor(tree: tree, node: child, base: JSONCursor.appending(key: key, to: path), index: -1, firstKey: nil, secondKey: nil)
    }

    /// The member `key` of an object (absent for anything else).
    subscript(key: String) -> JSONCursor {
        member(tree?.member(key, of: node), key: key)
    }

    /// The first of several spellings of a member that is present (`created_at`,
    /// `createdAt`); a member written as `null` counts as present here.
    subscript(keys: String...) -> JSONCursor {
        for key in keys {
            if let found = tree?.member(key, of: node) { return member(found, key: key) }
        }
        return keys.first.map { self[$0] } ?? member(nil, key: "")
    }

    /// Element `index` of an array (absent for anything else or out of bounds).
    subscript(index: Int) -> JSONCursor {
        JSONCursor(tree: tree, node: tree?.element(index, of: node) ?? -1, base: path, index: index, firstKey: nil, secondKey: nil)
    }

    /// This cursor's path for the value of `source`: a value read from elsewhere and
    /// reported as the member `key` of this one.
    func member(_ key: String, holding source: JSONCursor) -> JSONCursor {
        let located = member(nil, key: key)
        return JSONCursor(
            tree: source.tree, node: source.node, base: located.base, index: located.index,
            firstKey: located.firstKey, secondKey: located.secondKey)
    }

    /// Present and not `null`.
    var isPresent: Bool {
        guard let current else { return false }
        return current.kind != .null
    }

    /// Whether this is an object.
    var isObject: Bool { current?.kind == .object }

    /// The object's members in document order, when this is an object: each name once
    /// (spelled as first written) with its last value, as a dictionary of the members
    /// would hold them.
    var members: [(key: String, value: JSONCursor)]? {
        guard let tree, isObject else { return nil }
        var result: [(key: String, value: JSONCursor)] = []
        var positions: [String: Int] = [:]
        for (name, value) in tree.memberIndices(of: node) {
            let key = tree.string(at: name) ?? ""
            if let position = positions[key] {
                result[position].value = member(value, key: result[position].key)
            } else {
                positions[key] = result.count
                result.append((key, member(value, key: key)))
            }
        }
        return result
    }

    /// The object's member names in document order (each once), when this is an object.
    var keys: [String]? {
        guard let tree, isObject else { return nil }
        var result: [String] = []
        var seen: Set<String> = []
        for (name, _) in tree.memberIndices(of: node) {
            let key = tree.string(at: name) ?? ""
            if seen.insert(key).inserted { result.append(key) }
        }
        return result
    }

    /// The array's elements as cursors, when this is an array.
    var elements: [JSONCursor]? {
        guard let tree, current?.kind == .array else { return nil }
        let parent = path
        return tree.elementIndices(of: node).enumerated().map { position, child in
            JSONCursor(tree: tree, node: child, base: parent, index: position, firstKey: nil, secondKey: nil)
        }
    }

    /// The string, when this is a string.
    var string: String? { tree?.string(at: node) }

    /// The string trimmed, when this is a non-blank string.
    var text: String? {
        guard let string else { return nil }
        let trimmed = JSONCursor.trimmed(string)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `text` without leading and trailing whitespace; strings that start and end with
    /// a visible ASCII character (nearly all) are returned without copying.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return text
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The number, when this is a number (not a boolean).
    var number: NSNumber? { tree?.number(at: node) }

    /// The boolean, when this is `true` or `false`.
    var bool: Bool? {
        switch current?.kind {
        case .true?: true
        case .false?: false
        default: nil
        }
    }

    /// A string, or a number written as text (`"12"` and `12` both give `"12"`).
    var scalarText: String? {
        if let text { return text }
        if let number {
            let double = number.doubleValue
            if double.isFinite, double == double.rounded(), abs(double) < 1e15 { return String(Int64(double)) }
            return number.stringValue
        }
        return nil
    }

    /// What kind of value this is, for messages (`a number`, `an object` …).
    var kindDescription: String {
        switch current?.kind {
        case nil: "nothing"
        case .null?: "null"
        case .string?: "a string"
        case .array?: "an array"
        case .object?: "an object"
        case .number?: "a number"
        case .true?, .false?: "true/false"
        }
    }

    /// `$.key` for plain identifiers, `$["odd key"]` for anything else.
    static func appending(key: String, to path: String) -> String {
        let isIdentifier = !key.isEmpty && key.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 95
        } && !(key.utf8.first.map { $0 >= 48 && $0 <= 57 } ?? true)
        if isIdentifier { return path + "." + key }
        let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return path + "[\"" + escaped + "\"]"
    }
}

/// Collects the diagnostics of one JSON input, each located by file and JSON path.
final class JSONDiagnostics {
    let file: String
    private(set) var items: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    func location(_ path: String?) -> SourceLocation {
        SourceLocation(file: file, path: path)
    }

    func add(_ severity: Diagnostic.Severity, _ message: String, at path: String?) {
        items.append(Diagnostic(severity, message, at: location(path)))
    }

    func error(_ message: String, at path: String? = nil) { add(.error, message, at: path) }
    func warning(_ message: String, at path: String?) { add(.warning, message, at: path) }
    func note(_ message: String, at path: String?) { add(.note, message, at: path) }

    func append(_ diagnostics: [Diagnostic]) { items.append(contentsOf: diagnostics) }

    /// A string member: nil when absent or null; a warning when it has another type.
    func string(_ cursor: JSONCursor, _ what: String) -> String? {
        guard cursor.isPresent else { return nil }
        if let string = cursor.string {
            let trimmed = JSONCursor.trimmed(string)
            return trimmed.isEmpty ? nil : trimmed
        }
        warning("\(what) should be a string, found \(cursor.kindDescription); ignored", at: cursor.path)
        return nil
    }

    /// A string or number member read as text (ids are often numbers).
    func scalarText(_ cursor: JSONCursor, _ what: String) -> String? {
        guard cursor.isPresent else { return nil }
        if let text = cursor.scalarText { return text }
        if cursor.string != nil { return nil }
        warning("\(what) should be a string or a number, found \(cursor.kindDescription); ignored", at: cursor.path)
        return nil
    }

    /// An array member: nil when absent or null; a warning when it has another type.
    func array(_ cursor: JSONCursor, _ what: String) -> [JSONCursor]? {
        guard cursor.isPresent else { return nil }
        if let elements = cursor.elements { return elements }
        warning("\(what) should be an array, found \(cursor.kindDescription); ignored", at: cursor.path)
        return nil
    }

    /// An object member: false (and a warning when present with another type) unless an object.
    func expectObject(_ cursor: JSONCursor, _ what: String) -> Bool {
        guard cursor.isPresent else { return false }
        if cursor.isObject { return true }
        warning("\(what) should be an object, found \(cursor.kindDescription); ignored", at: cursor.path)
        return false
    }

    /// A boolean member.
    func bool(_ cursor: JSONCursor, _ what: String) -> Bool? {
        guard cursor.isPresent else { return nil }
        if let bool = cursor.bool { return bool }
        warning("\(what) should be true or false, found \(cursor.kindDescription); ignored", at: cursor.path)
        return nil
    }
}
