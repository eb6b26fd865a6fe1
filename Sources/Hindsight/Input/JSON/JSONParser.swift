import Foundation

/// Parses JSON bytes (UTF-8) into a ``JSONTree`` in one pass, without recursion.
///
/// The grammar is RFC 8259's, with what Hindsight has always accepted on top: a value
/// of any kind at the top level, and one trailing comma before a closing bracket or
/// brace (`[1, 2,]`). Strings are checked (escapes, surrogate pairs, UTF-8, no raw
/// control characters) but not decoded. A number too large for a `Double` becomes
/// `null` and is reported, so that one bad field does not lose the whole file.
struct JSONParser {
    /// Why the bytes are not JSON, at a byte offset.
    struct Failure: Error, Equatable {
        var offset: Int
        var message: String
    }

    /// The result of a parse: the tree, and the offsets and literals of numbers read as null.
    struct Parsed {
        var tree: JSONTree
        var outOfRange: [(offset: Int, literal: String)]
    }

    /// The deepest nesting accepted.
    var maximumDepth = JSONDocument.maximumDepth
    /// How many out-of-range numbers are read as null before the parse fails.
    var maximumReplacedNumbers = JSONDocument.maximumReplacedNumbers

    static let truncated = "the JSON ends in the middle of a value (is the file truncated?)"

    /// What the parser expects next.
    private enum Expectation {
        case value, name, separator
    }

    /// Parses `data` starting at byte `start` (after a byte order mark).
    func parse(_ data: Data, from start: Int = 0) -> Result<Parsed, Failure> {
        guard data.count < Int(UInt32.max) else {
            return .failure(Failure(offset: 0, message: "JSON documents of 4 GiB or more are not read"))
        }
        return data.withUnsafeBytes { raw -> Result<Parsed, Failure> in
            let bytes = raw.bindMemory(to: UInt8.self)
            var state = State(bytes: bytes, index: start)
            do {
                try run(&state)
            } catch let failure as Failure {
                return .failure(failure)
            } catch {
                return .failure(Failure(offset: state.index, message: "unreadable JSON"))
            }
            return .success(Parsed(tree: JSONTree(bytes: data, nodes: state.nodes), outOfRange: state.outOfRange))
        }
    }

    /// The parse in progress.
    private struct State {
        let bytes: UnsafeBufferPointer<UInt8>
        var index: Int
        var nodes: [JSONTree.Node] = []
        /// The node indices of the open containers, innermost last.
        var open: [Int] = []
        var outOfRange: [(offset: Int, literal: String)] = []

        init(bytes: UnsafeBufferPointer<UInt8>, index: Int) {
            self.bytes = bytes
            self.index = index
            // About one node per dozen bytes in exported logs.
            nodes.reserveCapacity(min(bytes.count / 12 + 16, 1 << 24))
        }

        /// The next byte that is not JSON whitespace, without consuming it; nil at the end.
        mutating func peekSkippingWhitespace() -> UInt8? {
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
                index += 1
            }
            return nil
        }

        /// Counts one more child in the innermost open container.
        mutating func countChild() {
            if let parent = open.last { nodes[parent].count += 1 }
        }
    }

    private func run(_ state: inout State) throws {
        var expecting = Expectation.value
        while true {
            switch expecting {
            case .value:
                guard let byte = state.peekSkippingWhitespace() else { throw Failure(offset: state.index, message: Self.truncated) }
                if let parent = state.open.last, state.nodes[parent].kind == .array { state.countChild() }
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard state.open.count < maximumDepth else {
                        throw Failure(offset: state.index, message: "JSON is nested more than \(maximumDepth) levels deep; refusing to read it")
                    }
                    let isObject = byte == UInt8(ascii: "{")
                    state.open.append(state.nodes.count)
                    state.nodes.append(JSONTree.Node(kind: isObject ? .object : .array, flags: 0, start: UInt32(state.index), end: 0, count: 0))
                    state.index += 1
                    let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                    if state.peekSkippingWhitespace() == close {
                        state.index += 1
                        closeContainer(&state)
                        expecting = .separator
                    } else {
                        expecting = isObject ? .name : .value
                    }
                    continue
                case UInt8(ascii: "\""):
                    try readString(&state)
                case UInt8(ascii: "t"):
                    try readLiteral("true", kind: .true, &state)
                case UInt8(ascii: "f"):
                    try readLiteral("false", kind: .false, &state)
                case UInt8(ascii: "n"):
                    try readLiteral("null", kind: .null, &state)
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    try readNumber(&state)
                default:
                    throw unexpected(at: state.index, expected: "a value")
                }
                expecting = .separator
            case .name:
                guard let byte = state.peekSkippingWhitespace() else { throw Failure(offset: state.index, message: Self.truncated) }
                guard byte == UInt8(ascii: "\"") else { throw unexpected(at: state.index, expected: "a member name in double quotes") }
                state.countChild()
                try readString(&state)
                guard let colon = state.peekSkippingWhitespace() else { throw Failure(offset: state.index, message: Self.truncated) }
                guard colon == UInt8(ascii: ":") else { throw unexpected(at: state.index, expected: "\":\" after the member name") }
                state.index += 1
                expecting = .value
            case .separator:
                guard let parent = state.open.last else {
                    // The top-level value is complete: only whitespace may follow.
                    if state.peekSkippingWhitespace() != nil { throw unexpected(at: state.index, expected: "the end of the document") }
                    return
                }
                let isObject = state.nodes[parent].kind == .object
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard let byte = state.peekSkippingWhitespace() else { throw Failure(offset: state.index, message: Self.truncated) }
                if byte == close {
                    state.index += 1
                    closeContainer(&state)
                    continue
                }
                guard byte == UInt8(ascii: ",") else {
                    throw unexpected(at: state.index, expected: isObject ? "\",\" or \"}\"" : "\",\" or \"]\"")
                }
                state.index += 1
                // One trailing comma before the closing bracket is accepted.
                guard let after = state.peekSkippingWhitespace() else { throw Failure(offset: state.index, message: Self.truncated) }
                if after == close {
                    state.index += 1
                    closeContainer(&state)
                    continue
                }
                expecting = isObject ? .name : .value
            }
        }
    }

    private func closeContainer(_ state: inout State) {
        guard let container = state.open.popLast() else { return }
        state.nodes[container].end = UInt32(state.nodes.count)
    }

    private func unexpected(at offset: Int, expected: String) -> Failure {
        Failure(offset: offset, message: "unexpected character in JSON (expected \(expected))")
    }

    private func readLiteral(_ word: StaticString, kind: JSONTree.Kind, _ state: inout State) throws {
        let start = state.index
        let length = word.utf8CodeUnitCount
        for offset in 0..<length {
            guard start + offset < state.bytes.count else { throw Failure(offset: state.bytes.count, message: Self.truncated) }
            guard state.bytes[start + offset] == word.utf8Start[offset] else {
                throw unexpected(at: start + offset, expected: "\(word)")
            }
        }
        state.index += length
        state.nodes.append(JSONTree.Node(kind: kind, flags: 0, start: UInt32(start), end: UInt32(state.index), count: 0))
    }

    // MARK: Strings

    private func readString(_ state: inout State) throws {
        let bytes = state.bytes
        let count = bytes.count
        let start = state.index + 1
        var index = start
        var flags = JSONTree.ascii
        while true {
            guard index < count else { throw Failure(offset: count, message: Self.truncated) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                flags = JSONTree.escaped
                index = try checkEscape(bytes, at: index)
                continue
            }
            if byte < 0x20 {
                let code = String(byte, radix: 16, uppercase: true)
                throw Failure(
                    offset: index,
                    message: "malformed JSON: a control character (U+\(String(repeating: "0", count: 4 - code.count))\(code)) inside a string must be written as an escape")
            }
            if byte >= 0x80 {
                flags &= ~JSONTree.ascii
                guard let length = Self.utf8SequenceLength(bytes, at: index) else {
                    throw Failure(offset: index, message: "malformed JSON: a string holds bytes that are not UTF-8 text")
                }
                index += length
                continue
            }
            index += 1
        }
        state.nodes.append(JSONTree.Node(kind: .string, flags: flags, start: UInt32(start), end: UInt32(index), count: 0))
        state.index = index + 1
    }

    /// Checks the escape sequence at `index` (a backslash) and returns the offset after it.
    private func checkEscape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) throws -> Int {
        guard index + 1 < bytes.count else { throw Failure(offset: bytes.count, message: Self.truncated) }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 2
        case UInt8(ascii: "u"):
            let value = try hexEscape(bytes, at: index)
            switch value {
            case 0xD800...0xDBFF:
                // A high surrogate: a low one must follow as a second escape.
                let next = index + 6
                guard next + 1 < bytes.count else { throw Failure(offset: bytes.count, message: Self.truncated) }
                guard bytes[next] == UInt8(ascii: "\\"), bytes[next + 1] == UInt8(ascii: "u"),
                    (0xDC00...0xDFFF).contains(try hexEscape(bytes, at: next))
                else {
                    throw Failure(
                        offset: index,
                        message: "malformed JSON: the escape \\u\(Self.hex(value)) (a high surrogate) must be followed by a low surrogate escape (\\uDC00 to \\uDFFF)")
                }
                return next + 6
            case 0xDC00...0xDFFF:
                throw Failure(
                    offset: index,
                    message: "malformed JSON: the escape \\u\(Self.hex(value)) is a low surrogate without a high surrogate before it")
            default:
                return index + 6
            }
        default:
            throw Failure(
                offset: index,
                message: "malformed JSON: invalid escape sequence in a string (a backslash is followed by \", \\, /, b, f, n, r, t or u)")
        }
    }

    /// The value of the `\uXXXX` escape at `index` (its backslash).
    private func hexEscape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) throws -> UInt16 {
        guard index + 6 <= bytes.count else { throw Failure(offset: bytes.count, message: Self.truncated) }
        guard let value = JSONTree.hexValue(bytes, at: index + 2) else {
            throw Failure(offset: index, message: "malformed JSON: \\u in a string must be followed by four hex digits")
        }
        return value
    }

    private static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The length of the well-formed UTF-8 sequence at `index` (a byte of 0x80 or more),
    /// nil when it is not one: no overlong forms, surrogates or values past U+10FFFF.
    static func utf8SequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        let length: Int
        var lowest: UInt8 = 0x80
        var highest: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowest = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; highest = 0x9F
        case 0xF0: length = 4; lowest = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; highest = 0x8F
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        let second = bytes[index + 1]
        guard second >= lowest, second <= highest else { return nil }
        for offset in 2..<max(length, 2) where bytes[index + offset] & 0xC0 != 0x80 { return nil }
        return length
    }

    // MARK: Numbers

    /// Reads a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private func readNumber(_ state: inout State) throws {
        let bytes = state.bytes
        let count = bytes.count
        let start = state.index
        var index = start
        var hasExponent = false

        func digits() throws -> Int {
            let first = index
            while index < count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            guard index > first else {
                guard index < count else { throw Failure(offset: count, message: Self.truncated) }
                throw unexpected(at: index, expected: "a digit")
            }
            return index - first
        }

        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < count else { throw Failure(offset: count, message: Self.truncated) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                throw Failure(offset: index, message: "malformed JSON: a number has a leading zero (write 7, not 07)")
            }
        } else {
            _ = try digits()
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            _ = try digits()
        }
        if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            hasExponent = true
            index += 1
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            _ = try digits()
        }
        state.index = index
        // Without an exponent, fewer than 300 characters are always a finite `Double`.
        if hasExponent || index - start >= 300 {
            let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if JSONTree.number(literal: literal) == nil {
                guard state.outOfRange.count < maximumReplacedNumbers else {
                    throw Failure(
                        offset: start,
                        message: "more than \(maximumReplacedNumbers) numbers are out of range (number \(literal.prefix(40)) here); refusing to read the JSON")
                }
                state.outOfRange.append((start, literal))
                state.nodes.append(JSONTree.Node(kind: .null, flags: 0, start: UInt32(start), end: UInt32(index), count: 0))
                return
            }
        }
        state.nodes.append(JSONTree.Node(kind: .number, flags: 0, start: UInt32(start), end: UInt32(index), count: 0))
    }
}
