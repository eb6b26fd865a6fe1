import Foundation

/// A parsed JSON document: one flat array of small nodes over the document's bytes.
///
/// Nodes are in document order. A container's children follow it directly; an object's
/// children alternate member name and value. Strings stay in the bytes and are decoded
/// (escapes, surrogate pairs) only when a reader asks for them; numbers are converted
/// only when asked. Everything here is validated by ``JSONParser`` first, and still
/// reads defensively: a bad index gives an absent value, never a trap.
final class JSONTree: Sendable {
    /// What a node holds.
    enum Kind: UInt8, Sendable {
        case null, `true`, `false`, number, string, array, object
    }

    /// One value (or member name) in 16 bytes.
    struct Node: Sendable {
        var kind: Kind
        /// For strings: ``JSONTree/escaped`` and ``JSONTree/ascii``.
        var flags: UInt8
        /// Scalars: the offset of the first byte (after the opening quote of a string).
        /// Containers: the offset of the opening bracket.
        var start: UInt32
        /// Scalars: the offset after the last byte (before the closing quote of a string).
        /// Containers: the index of the first node after the container's contents.
        var end: UInt32
        /// Containers: how many elements, or members, they hold.
        var count: UInt32
    }

    /// The string holds at least one escape sequence.
    static let escaped: UInt8 = 1
    /// The string's bytes are all ASCII (and it has no escapes): compared byte for byte.
    static let ascii: UInt8 = 2

    /// The document's bytes (UTF-8), which string and number nodes point into.
    let bytes: Data
    let nodes: [Node]

    init(bytes: Data, nodes: [Node]) {
        self.bytes = bytes
        self.nodes = nodes
    }

    /// The node at `index`, nil when out of bounds.
    func node(_ index: Int) -> Node? {
        nodes.indices.contains(index) ? nodes[index] : nil
    }

    /// The index of the node after `index` and everything inside it.
    func next(after index: Int) -> Int {
        guard let node = node(index) else { return nodes.count }
        switch node.kind {
        case .array, .object: return max(Int(node.end), index + 1)
        default: return index + 1
        }
    }

    /// The element indices of the array at `index` (empty for anything else).
    func elementIndices(of index: Int) -> [Int] {
        guard let node = node(index), node.kind == .array else { return [] }
        var result: [Int] = []
        result.reserveCapacity(Int(node.count))
        var child = index + 1
        for _ in 0..<node.count {
            guard child < nodes.count else { break }
            result.append(child)
            child = next(after: child)
        }
        return result
    }

    /// The node of element `position` of the array at `index`; nil when there is none.
    func element(_ position: Int, of index: Int) -> Int? {
        guard position >= 0, let node = node(index), node.kind == .array, position < Int(node.count) else { return nil }
        var child = index + 1
        for _ in 0..<position { child = next(after: child) }
        return child < nodes.count ? child : nil
    }

    /// The (name, value) node indices of the object at `index`, in document order,
    /// duplicates included (empty for anything else).
    func memberIndices(of index: Int) -> [(name: Int, value: Int)] {
        guard let node = node(index), node.kind == .object else { return [] }
        var result: [(name: Int, value: Int)] = []
        result.reserveCapacity(Int(node.count))
        var child = index + 1
        for _ in 0..<node.count {
            guard child + 1 < nodes.count else { break }
            result.append((child, child + 1))
            child = next(after: child + 1)
        }
        return result
    }

    /// The value of member `key` of the object at `index`; nil when it has none.
    ///
    /// Names are compared as Swift strings compare (canonical equivalence), like the
    /// keys of a `Dictionary`; when a name appears more than once the last one wins.
    func member(_ key: String, of index: Int) -> Int? {
        guard let node = node(index), node.kind == .object else { return nil }
        var found: Int?
        var utf8Key = key
        let keyIsASCII = utf8Key.withUTF8 { buffer in buffer.allSatisfy { $0 < 0x80 } }
        var child = index + 1
        for _ in 0..<node.count {
            guard child + 1 < nodes.count else { break }
            if nameMatches(child, key: &utf8Key, keyIsASCII: keyIsASCII) { found = child + 1 }
            child = next(after: child + 1)
        }
        return found
    }

    /// Whether the name node at `index` spells `key`.
    private func nameMatches(_ index: Int, key: inout String, keyIsASCII: Bool) -> Bool {
        let name = nodes[index]
        guard name.kind == .string else { return false }
        if keyIsASCII, name.flags & JSONTree.ascii != 0 {
            // ASCII strings are equal exactly when their bytes are.
            let length = Int(name.end) - Int(name.start)
            return key.withUTF8 { keyBytes in
                guard keyBytes.count == length else { return false }
                return withBytes(from: Int(name.start), to: Int(name.end)) { nameBytes in
                    nameBytes.elementsEqual(keyBytes)
                }
            }
        }
        return string(at: index) == key
    }

    /// Calls `body` with the bytes `start..<end` (clamped to the document).
    func withBytes<Result>(from start: Int, to end: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        bytes.withUnsafeBytes { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            let lower = min(max(start, 0), buffer.count)
            let upper = min(max(end, lower), buffer.count)
            return body(UnsafeBufferPointer(rebasing: buffer[lower..<upper]))
        }
    }

    /// The decoded text of the string node at `index`; nil for any other node.
    func string(at index: Int) -> String? {
        guard let node = node(index), node.kind == .string else { return nil }
        return withBytes(from: Int(node.start), to: Int(node.end)) { buffer in
            node.flags & JSONTree.escaped == 0
                ? String(decoding: buffer, as: UTF8.self) : JSONTree.unescaped(buffer)
        }
    }

    /// The text of a string's bytes with its escape sequences resolved. The parser has
    /// checked every escape; anything malformed that still arrives here becomes U+FFFD.
    static func unescaped(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(buffer.count)
        var index = 0
        let count = buffer.count
        while index < count {
            let byte = buffer[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < count else {
                output.append(byte)
                index += 1
                continue
            }
            let escape = buffer[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hexValue(buffer, at: index).map(UInt32.init)
                index += 4
                if let high = scalar, (0xD800...0xDBFF).contains(high) {
                    scalar = nil
                    if index + 6 <= count, buffer[index] == UInt8(ascii: "\\"), buffer[index + 1] == UInt8(ascii: "u"),
                        let low = hexValue(buffer, at: index + 2), (0xDC00...0xDFFF).contains(low)
                    {
                        scalar = 0x10000 + (high - 0xD800) * 0x400 + (UInt32(low) - 0xDC00)
                        index += 6
                    }
                }
                let decoded = scalar.flatMap(Unicode.Scalar.init) ?? "\u{FFFD}"
                output.append(contentsOf: String(decoded).utf8)
            default:
                output.append(contentsOf: "\u{FFFD}".utf8)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The value of the four hex digits at `index`, nil when they are not all there.
    static func hexValue(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16? {
        guard index >= 0, index + 4 <= buffer.count else { return nil }
        var value: UInt16 = 0
        for offset in 0..<4 {
            guard let digit = hexDigit(buffer[index + offset]) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The number node at `index` as an `NSNumber`; nil for any other node.
    func number(at index: Int) -> NSNumber? {
        guard let node = node(index), node.kind == .number else { return nil }
        return withBytes(from: Int(node.start), to: Int(node.end)) { JSONTree.number(literal: String(decoding: $0, as: UTF8.self)) }
    }

    /// A number literal as the `NSNumber` Foundation's JSON reading has always given the
    /// readers, so that every number reads and prints as before: integers that fit as
    /// `Int64` (negative) or `UInt64`; more than 17 characters before the exponent and a
    /// small exponent as an `NSDecimalNumber` (exact digits); otherwise a `Double`. Nil
    /// when the value is too large for a `Double`.
    static func number(literal text: String) -> NSNumber? {
        guard let first = text.utf8.first else { return nil }
        let exponentIndex = text.firstIndex(of: "e")
        let isInteger = exponentIndex == nil && !text.contains(".")
        let digitCount = text[..<(exponentIndex ?? text.endIndex)].count
        if isInteger {
            if first == UInt8(ascii: "-") {
                if digitCount <= 19, let value = Int64(text) { return NSNumber(value: value) }
            } else if digitCount <= 20, let value = UInt64(text) {
                return NSNumber(value: value)
            }
        }
        var exponent = 0
        if let exponentIndex, let parsed = Int(text[text.index(after: exponentIndex)...]) { exponent = parsed }
        if digitCount > 17, exponent >= -128, exponent <= 127, let decimal = Decimal(string: text), decimal.isFinite {
            return NSDecimalNumber(decimal: decimal)
        }
        if let double = Double(text), double.isFinite { return NSNumber(value: double) }
        return nil
    }
}
