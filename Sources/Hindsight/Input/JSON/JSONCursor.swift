import Foundation

/// A position in a decoded JSON value together with its JSON path (`$.events[3].time`),
/// so every reader can say exactly where a problem is. Missing members read as a
/// cursor whose `value` is nil; nothing here traps on unexpected shapes.
///
/// The path is written out only when asked for: a cursor keeps the path of the nearest
/// element or written-out ancestor (shared, not copied) and up to two member names
/// after it, so reading the fields of thousands of entries builds no path strings.
struct JSONCursor {
    /// The value here: nil when absent, `NSNull` for an explicit `null`.
    let value: Any?
    /// The written-out path this cursor's path starts with.
    private let base: String
    /// An element index right after `base` (-1: none), then up to two member names.
    private let index: Int
    private let firstKey: String?
    private let secondKey: String?

    init(_ value: Any?, path: String = "$") {
        self.init(value: value, base: path, index: -1, firstKey: nil, secondKey: nil)
    }

    private init(value: Any?, base: String, index: Int, firstKey: String?, secondKey: String?) {
        self.value = value
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

    /// The cursor of `child`, the member `key` of this value.
    private func member(_ child: Any?, key: String) -> JSONCursor {
        if firstKey == nil {
            return JSONCursor(value: child, base: base, index: index, firstKey: key, secondKey: nil)
        }
        if secondKey == nil {
            return JSONCursor(value: child, base: base, index: index, firstKey: firstKey, secondKey: key)
        }
        return JSONCursor(value: child, base: JSONCursor.appending(key: key, to: path), index: -1, firstKey: nil, secondKey: nil)
    }

    /// The cursor of `child`, element `index` of this value (whose path is `parent`).
    private static func element(_ child: Any?, index: Int, parent: String) -> JSONCursor {
        JSONCursor(value: child, base: parent, index: index, firstKey: nil, secondKey: nil)
    }

    /// The member `key` of an object (absent for anything else).
    subscript(key: String) -> JSONCursor {
        member((value as? [String: Any])?[key], key: key)
    }

    /// The first of several spellings of a member that is present (`created_at`, `createdAt`).
    subscript(keys: String...) -> JSONCursor {
        let object = value as? [String: Any]
        for key in keys {
            if let found = object?[key] { return member(found, key: key) }
        }
        return self[keys[0]]
    }

    /// Element `index` of an array (absent for anything else or out of bounds).
    subscript(index: Int) -> JSONCursor {
        let array = value as? [Any]
        let element = array.flatMap { $0.indices.contains(index) ? $0[index] : nil }
        return JSONCursor.element(element, index: index, parent: path)
    }

    /// Present and not `null`.
    ///
    /// Strings, objects and arrays (nearly every value) are told by their type alone:
    /// `value is NSNull` would first bridge them to Foundation objects, copying a whole
    /// array of log entries to answer for it.
    var isPresent: Bool {
        guard let value else { return false }
        if isStringObjectOrArray { return true }
        return !(value is NSNull)
    }

    /// Whether the value is a string, an object or an array, told from its type alone.
    private var isStringObjectOrArray: Bool {
        guard let value else { return false }
        let type = ObjectIdentifier(Swift.type(of: value))
        return type == JSONCursor.stringType || type == JSONCursor.objectType || type == JSONCursor.arrayType
    }

    private static let stringType = ObjectIdentifier(String.self)
    private static let objectType = ObjectIdentifier([String: Any].self)
    private static let arrayType = ObjectIdentifier([Any].self)

    /// The object's members, when this is an object.
    var object: [String: Any]? { value as? [String: Any] }

    /// Whether this is an object.
    var isObject: Bool { value is [String: Any] }

    /// The array's elements as cursors, when this is an array.
    var elements: [JSONCursor]? {
        guard let array = value as? [Any] else { return nil }
        let parent = path
        var result: [JSONCursor] = []
        result.reserveCapacity(array.count)
        for (index, element) in array.enumerated() {
            result.append(JSONCursor.element(element, index: index, parent: parent))
        }
        return result
    }

    /// The string, when this is a string.
    var string: String? { value as? String }

    /// The string trimmed, when this is a non-blank string.
    var text: String? {
        guard let string = value as? String else { return nil }
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
    var number: NSNumber? {
        guard !isStringObjectOrArray, let number = value as? NSNumber, !JSONCursor.isBoolean(number) else { return nil }
        return number
    }

    /// The boolean, when this is `true` or `false`.
    var bool: Bool? {
        guard !isStringObjectOrArray, let number = value as? NSNumber, JSONCursor.isBoolean(number) else { return nil }
        return number.boolValue
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
        switch value {
        case nil: "nothing"
        case is NSNull: "null"
        case is String: "a string"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        case let number as NSNumber: JSONCursor.isBoolean(number) ? "true/false" : "a number"
        default: "an unknown value"
        }
    }

    /// JSON booleans decode as `NSNumber`s whose Objective-C type is `char`.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
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
