import Foundation

/// Fast text primitives for the hot paths: trimming, searching and line splitting on
/// Unicode scalars and UTF-8 bytes instead of Foundation's `NSString` bridge, which on
/// Linux copies every string to UTF-16 first.
///
/// Each function gives exactly the result of the Foundation or standard-library call
/// it replaces (the tests compare them); only the cost differs.
enum TextScanning {
    /// Foundation's `CharacterSet.whitespaces` on Linux: CHARACTER TABULATION, the
    /// Unicode space separators (general category Zs) and ZERO WIDTH SPACE (the tests
    /// check every BMP scalar against it).
    @inline(__always)
    static func isWhitespace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Foundation's `CharacterSet.newlines`: U+000A–U+000D, U+0085, U+2028, U+2029.
    @inline(__always)
    static func isNewline(_ value: UInt32) -> Bool {
        switch value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Which characters to trim.
    enum TrimSet {
        case whitespaces, newlines, whitespacesAndNewlines

        @inline(__always)
        func contains(_ value: UInt32) -> Bool {
            switch self {
            case .whitespaces: TextScanning.isWhitespace(value)
            case .newlines: TextScanning.isNewline(value)
            case .whitespacesAndNewlines: TextScanning.isWhitespace(value) || TextScanning.isNewline(value)
            }
        }
    }

    /// The part of `text` left after removing the scalars of `set` at both ends, as
    /// Foundation's `trimmingCharacters(in:)` does.
    static func trimmed<S: StringProtocol>(_ text: S, _ set: TrimSet) -> Substring where S.SubSequence == Substring {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, set.contains(scalars[start].value) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard set.contains(scalars[before].value) else { break }
            end = before
        }
        return text[start..<end]
    }

    /// Whether `text` contains the ASCII `needle`, comparing bytes; nil when a match
    /// sits next to a non-ASCII byte, where Foundation's `contains(_:)` (canonical
    /// equivalence, grapheme clusters) could answer differently: ask it then.
    static func asciiContains(_ text: String, _ needle: String) -> Bool? {
        var text = text
        var needle = needle
        return text.withUTF8 { haystack -> Bool? in
            needle.withUTF8 { pattern -> Bool? in
                let count = pattern.count
                guard count > 0 else { return nil }
                guard haystack.count >= count else { return false }
                let first = pattern[0]
                var index = 0
                let last = haystack.count - count
                var undecided = false
                while index <= last {
                    let byte = haystack[index]
                    if byte >= 0xCD, isEquivalentToASCII(haystack, at: index) { undecided = true }
                    if byte == first {
                        var offset = 1
                        while offset < count, haystack[index + offset] == pattern[offset] { offset += 1 }
                        if offset == count {
                            let before = index > 0 ? haystack[index - 1] : 0
                            let after = index + count < haystack.count ? haystack[index + count] : 0
                            if before < 0x80 && after < 0x80 { return true }
                            undecided = true
                        }
                    }
                    index += 1
                }
                return undecided ? nil : false
            }
        }
    }

    /// `text.contains(needle)` as Foundation answers it, from the bytes when `needle` is
    /// ASCII and ``asciiContains(_:_:)`` can tell.
    static func contains(_ text: String, _ needle: String) -> Bool {
        if needle.utf8.allSatisfy({ $0 < 0x80 }), let found = asciiContains(text, needle) { return found }
        return text.contains(needle)
    }

    /// Whether the UTF-8 bytes of `needle` occur in `text` (a byte comparison, for
    /// needles whose bytes can only appear as themselves, such as `{{`).
    static func containsBytes(_ text: String, _ needle: String) -> Bool {
        firstOffset(of: Array(needle.utf8), in: text, from: 0) != nil
    }

    /// The byte offset of the first occurrence of `pattern` in `text` at or after `start`.
    static func firstOffset(of pattern: [UInt8], in text: String, from start: Int) -> Int? {
        var text = text
        return text.withUTF8 { firstOffset(of: pattern, in: $0, from: start) }
    }

    /// The offset of the first occurrence of `pattern` in `bytes` at or after `start`.
    static func firstOffset(of pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = pattern.first else { return start }
        guard let base = bytes.baseAddress else { return nil }
        var index = start
        let last = bytes.count - pattern.count
        // memchr finds each candidate's first byte; the rest is compared there.
        while index <= last, let hit = memchr(base + index, Int32(first), last + 1 - index) {
            index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var offset = 1
            while offset < pattern.count, bytes[index + offset] == pattern[offset] { offset += 1 }
            if offset == pattern.count { return index }
            index += 1
        }
        return nil
    }

    /// Whether the bytes at `index` start one of the scalars whose canonical
    /// decomposition is an ASCII character (KELVIN SIGN → K, GREEK QUESTION MARK → ;,
    /// GREEK VARIA → `), which a canonically equivalent search would match.
    private static func isEquivalentToASCII(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 1 < bytes.count else { return false }
        switch bytes[index] {
        case 0xCD: return bytes[index + 1] == 0xBE
        case 0xE2: return index + 2 < bytes.count && bytes[index + 1] == 0x84 && bytes[index + 2] == 0xAA
        case 0xE1: return index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] == 0xAF
        default: return false
        }
    }

    /// Whether `bytes` are well-formed UTF-8 as `String(validating:as:)` checks it (RFC
    /// 3629: no overlong forms, no surrogates, nothing above U+10FFFF), ASCII eight bytes
    /// at a time: a log is mostly ASCII with a few other characters on some lines, which
    /// the standard library checks byte by byte for the rest of their run.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            if index + 8 <= count, UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The sequence's length and the range its second byte must lie in.
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, lower) = (3, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: (length, upper) = (3, 0x9F)
            case 0xF0: (length, lower) = (4, 0x90)
            case 0xF1...0xF3: length = 4
            case 0xF4: (length, upper) = (4, 0x8F)
            default: return false
            }
            guard index + length <= count, base[index + 1] >= lower, base[index + 1] <= upper else { return false }
            if length > 2, base[index + 2] & 0xC0 != 0x80 { return false }
            if length > 3, base[index + 3] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// The offsets of the line feeds that split lines as `split(separator: "\n")` on
    /// `Character`s does: every line feed not preceded by a carriage return (`"\r\n"` is
    /// one `Character`).
    static func lineBreakOffsets(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var breaks: [Int] = []
        guard let base = bytes.baseAddress else { return breaks }
        var from = 0
        while from < bytes.count, let found = memchr(base + from, 10, bytes.count - from) {
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if index == 0 || bytes[index - 1] != 13 { breaks.append(index) }
            from = index + 1
        }
        return breaks
    }

    /// The ranges of `text.split(separator: "\n", omittingEmptySubsequences: false)`,
    /// found from the bytes: a line feed is a `Character` of its own unless a carriage
    /// return comes before it (`"\r\n"` is one `Character`, and no separator).
    static func lineRanges(_ text: String) -> [Range<String.Index>] {
        let utf8 = text.utf8
        let offsets = utf8.withContiguousStorageIfAvailable(lineBreakOffsets)
        var ranges: [Range<String.Index>] = []
        if let offsets {
            ranges.reserveCapacity(offsets.count + 1)
            var start = utf8.startIndex
            for offset in offsets {
                let end = utf8.index(utf8.startIndex, offsetBy: offset)
                ranges.append(start..<end)
                start = utf8.index(after: end)
            }
            ranges.append(start..<utf8.endIndex)
            return ranges
        }
        var start = utf8.startIndex
        var previous: UInt8 = 0
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 10, previous != 13 {
                ranges.append(start..<index)
                start = utf8.index(after: index)
            }
            previous = byte
            index = utf8.index(after: index)
        }
        ranges.append(start..<utf8.endIndex)
        return ranges
    }

    /// `text.split(separator: "\n", omittingEmptySubsequences: false)` from the bytes.
    static func lines(_ text: String) -> [Substring] {
        lineRanges(text).map { text[$0] }
    }
}

extension StringProtocol where SubSequence == Substring {
    /// `trimmingCharacters(in: CharacterSet(charactersIn: characters))` without the
    /// Foundation bridge: the scalars of `characters` are removed from both ends.
    func trimmed(of characters: String) -> Substring {
        let set = Array(characters.unicodeScalars)
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, set.contains(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard set.contains(scalars[before]) else { break }
            end = before
        }
        return self[start..<end]
    }

    /// `trimmingCharacters(in: .whitespaces)` without the Foundation bridge.
    func trimmedWhitespace() -> Substring { TextScanning.trimmed(self, .whitespaces) }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)` without the Foundation bridge.
    func trimmedWhitespaceAndNewlines() -> Substring { TextScanning.trimmed(self, .whitespacesAndNewlines) }

    /// `trimmingCharacters(in: .newlines)` without the Foundation bridge.
    func trimmedNewlines() -> Substring { TextScanning.trimmed(self, .newlines) }
}
