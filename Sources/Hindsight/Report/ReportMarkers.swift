import Foundation

/// The HTML comments that mark the blocks Hindsight generates in a Markdown report,
/// so a later run can tell generated text from what reviewers wrote. cmark renders
/// them invisibly, and Hindsight's HTML renderer drops them.
///
/// A begin marker carries a fingerprint of the block's text as generated:
/// `<!-- hindsight:begin timeline v2-9f3c2a1b0d4e5f67 -->`.
enum ReportMarkers {
    static let prefix = "<!-- hindsight:"

    /// Whether an HTML block consists only of Hindsight markers.
    static func isMarkerBlock(_ literal: String) -> Bool {
        let lines = literal.split(separator: "\n").map { $0.trimmedWhitespace() }.filter { !$0.isEmpty }
        return !lines.isEmpty && lines.allSatisfy { $0.hasPrefix(prefix) && $0.hasSuffix("-->") }
    }

    /// A parsed marker line.
    struct Marker: Hashable {
        var isBegin: Bool
        var name: String
        var fingerprint: String?
    }

    static func parse(_ line: Substring) -> Marker? {
        // Most lines are not markers: no `<` byte, no marker.
        let holdsAngle = line.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(UInt8(ascii: "<")), bytes.count) != nil
        } ?? line.utf8.contains(UInt8(ascii: "<"))
        guard holdsAngle else { return nil }
        let trimmed = line.trimmedWhitespace()
        guard trimmed.hasPrefix(prefix), trimmed.hasSuffix("-->") else { return nil }
        let inner = trimmed.dropFirst(prefix.count).dropLast(3).split(separator: " ")
        guard inner.count >= 2, inner[0] == "begin" || inner[0] == "end" else { return nil }
        return Marker(isBegin: inner[0] == "begin", name: String(inner[1]), fingerprint: inner.count > 2 ? String(inner[2]) : nil)
    }

    /// Adds the fingerprint of each block's body to its begin marker.
    static func fingerprinted(_ text: String) -> String {
        // Lines are copied as they are, but for begin markers, which get their block's
        // fingerprint once the block's end is reached.
        let lines = TextScanning.lineRanges(text)
        var output: [Substring] = []
        output.reserveCapacity(lines.count)
        var replaced: [Int: String] = [:]
        var openIndex: Int?
        var body: [Substring] = []
        for range in lines {
            let line = text[range]
            if let marker = parse(line) {
                if marker.isBegin {
                    openIndex = output.count
                    body = []
                    output.append(line)
                    continue
                }
                if let index = openIndex {
                    replaced[index] = "<!-- hindsight:begin \(marker.name) \(fingerprint(of: body)) -->"
                    openIndex = nil
                }
                output.append(line)
                continue
            }
            if openIndex != nil { body.append(line) }
            output.append(line)
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + replaced.count * 17)
        for (index, line) in output.enumerated() {
            if index > 0 { result += "\n" }
            if let marker = replaced[index] { result += marker } else { result += line }
        }
        return result
    }

    /// The fingerprint of a block's lines, ignoring trailing whitespace: `v2-` and 16 hex
    /// digits (``LaneHash``).
    static func fingerprint(of lines: [Substring]) -> String {
        var hash = Fingerprint<LaneHash>()
        for line in lines { hash.add(line: line) }
        return hash.text
    }

    /// Whether `fingerprint`, read from a begin marker, is that of `lines`: a `v2-`
    /// fingerprint, or 16 hex digits (``ContentHash``, FNV-1a, over the same bytes: how
    /// reports were fingerprinted before), so reports drafted then are still recognised
    /// as unedited.
    static func matches(_ lines: [Substring], fingerprint: String) -> Bool {
        if fingerprint.hasPrefix(LaneHash.prefix) { return self.fingerprint(of: lines) == fingerprint }
        let isHex = fingerprint.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        guard fingerprint.utf8.count == 16, isHex else { return false }
        var hash = Fingerprint<ContentHash>()
        for line in lines { hash.add(line: line) }
        return hash.text == fingerprint
    }

    /// A block's fingerprint, fed one line at a time: the bytes of each line without its
    /// trailing spaces, tabs and carriage returns, and a line feed after each.
    struct Fingerprint<Hash: FingerprintHash> {
        private var hash = Hash()

        /// Adds a line, without its trailing spaces, tabs and carriage returns.
        mutating func add(line: Substring) {
            // Trailing spaces, tabs and carriage returns, found from the bytes; only
            // when a non-ASCII scalar precedes them could a `Character` hold one.
            let utf8 = line.utf8
            var end = utf8.endIndex
            while end > utf8.startIndex {
                let before = utf8.index(before: end)
                let byte = utf8[before]
                guard byte == 32 || byte == 9 || byte == 13 else { break }
                end = before
            }
            var trimmed = line[..<end]
            if end < utf8.endIndex, end > utf8.startIndex, utf8[utf8.index(before: end)] >= 0x80 {
                trimmed = line
                while let last = trimmed.last, last == " " || last == "\t" || last == "\r" { trimmed = trimmed.dropLast() }
            }
            let contiguous: Void? = trimmed.utf8.withContiguousStorageIfAvailable { hash.add($0) }
            if contiguous == nil { Array(trimmed.utf8).withUnsafeBufferPointer { hash.add($0) } }
            addLineFeed()
        }

        /// Adds lines joined by line feeds, each ending in a byte other than whitespace
        /// (so nothing is trimmed), as ``add(line:)`` would add them one by one; the
        /// pieces are joined by line feeds too.
        mutating func add(untrimmedLines rows: AssembledRows) {
            switch rows {
            case .pieces(let pieces):
                for index in pieces.indices {
                    if index > 0 { addLineFeed() }
                    pieces[index].withUnsafeBufferPointer { hash.add($0) }
                }
            case .placed(let output, let front):
                output.withBytes { hash.add(UnsafeBufferPointer(rebasing: $0[front...])) }
            }
            addLineFeed()
        }

        private mutating func addLineFeed() {
            var lineFeed: UInt8 = 10
            withUnsafePointer(to: &lineFeed) { hash.add(UnsafeBufferPointer(start: $0, count: 1)) }
        }

        /// The fingerprint as written in a marker.
        var text: String { hash.text }
    }

    /// The hash behind a ``Fingerprint``: bytes in, in any number of calls.
    protocol FingerprintHash {
        init()
        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>)
        /// The hash of every byte added so far, as written in a marker.
        var text: String { get }
    }

    /// The fingerprint's hash: four lanes, each taking every fourth 8-byte word of the
    /// text (little-endian; the last word padded with zeros) through a multiply and an
    /// xor-shift, folded with the length by a 64-bit finaliser. The lanes do not wait for
    /// one another, so a long timeline is hashed at several bytes a cycle, where a
    /// byte-at-a-time chain takes several cycles a byte. Not a cryptographic hash: it
    /// tells edited text from generated text, not a forgery.
    struct LaneHash: FingerprintHash {
        static let prefix = "v2-"
        private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        private var a: UInt64 = 0x243F_6A88_85A3_08D3
        private var b: UInt64 = 0x1319_8A2E_0370_7344
        private var c: UInt64 = 0xA409_3822_299F_31D0
        private var d: UInt64 = 0x082E_FA98_EC4E_6C89
        /// The bytes after the last whole 32-byte block, zeros after them.
        private var pending: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        private var pendingCount = 0
        private var length: UInt64 = 0

        init() {}

        private static func step(_ lane: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = (lane ^ UInt64(littleEndian: word)) &* multiplier
            return mixed ^ (mixed >> 31)
        }

        private mutating func mix(_ block: (UInt64, UInt64, UInt64, UInt64)) {
            a = Self.step(a, block.0)
            b = Self.step(b, block.1)
            c = Self.step(c, block.2)
            d = Self.step(d, block.3)
        }

        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard var base = bytes.baseAddress, !bytes.isEmpty else { return }
            var count = bytes.count
            length &+= UInt64(count)
            if pendingCount > 0 {
                let taken = min(32 - pendingCount, count)
                let filled = pendingCount
                withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.advanced(by: filled).copyMemory(from: base, byteCount: taken) }
                pendingCount += taken
                base += taken
                count -= taken
                guard pendingCount == 32 else { return }
                mix(pending)
                pending = (0, 0, 0, 0)
                pendingCount = 0
            }
            let raw = UnsafeRawPointer(base)
            var (a, b, c, d) = (a, b, c, d)
            var offset = 0
            while offset + 32 <= count {
                a = Self.step(a, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                b = Self.step(b, raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                c = Self.step(c, raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                d = Self.step(d, raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
                offset += 32
            }
            (self.a, self.b, self.c, self.d) = (a, b, c, d)
            if offset < count {
                let rest = count - offset
                withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.copyMemory(from: raw + offset, byteCount: rest) }
                pendingCount = rest
            }
        }

        /// MurmurHash3's 64-bit finaliser.
        private static func finalised(_ value: UInt64) -> UInt64 {
            var value = value
            value ^= value >> 33
            value = value &* 0xFF51_AFD7_ED55_8CCD
            value ^= value >> 33
            value = value &* 0xC4CE_B9FE_1A85_EC53
            value ^= value >> 33
            return value
        }

        var text: String {
            var copy = self
            if copy.pendingCount > 0 { copy.mix(copy.pending) }
            var hash = Self.finalised(copy.length ^ Self.multiplier)
            for lane in [copy.a, copy.b, copy.c, copy.d] {
                hash = Self.finalised(hash ^ Self.finalised(lane)) &* Self.multiplier
            }
            return Self.prefix + ContentHash.hex(Self.finalised(hash))
        }
    }

    /// The lines of `text` and the index of its one `placeholder` line; nil when the
    /// placeholder line is not there exactly once.
    static func placeholderLine(_ placeholder: String, in text: String) -> (lines: [Range<String.Index>], index: Int)? {
        let lines = TextScanning.lineRanges(text)
        var placeholderIndex: Int?
        for (index, range) in lines.enumerated() where text[range] == placeholder {
            guard placeholderIndex == nil else { return nil }
            placeholderIndex = index
        }
        guard let placeholderIndex else { return nil }
        return (lines, placeholderIndex)
    }

    /// ``fingerprinted(_:)`` of `text` with its placeholder line (the line of index
    /// `placeholderIndex` among `lines`, found by ``placeholderLine(_:in:)``) replaced by
    /// `rows` (lines that are never markers and never end in whitespace; in pieces, which
    /// line feeds join), and then `chartComment`, when not empty, placed as
    /// ``ReportRenderer/withChartComment(_:in:)`` places it; in one pass over the rows.
    ///
    /// Rows placed after room for the text before them (``PlacedRows``), when that text
    /// fits there, have the report made in their buffer: the text before them is written
    /// into the room and the text after them appended, so the rows, the most of a long
    /// report, are not copied. Otherwise everything is copied into a buffer of its own.
    static func assembled(
        _ text: String, lines: [Range<String.Index>], placeholderIndex: Int, rows: inout AssembledRows, chartComment: String
    ) -> UTF8Text {
        // The fingerprints, as fingerprinted(_:) finds them.
        var replaced: [Int: String] = [:]
        var openIndex: Int?
        var hash = Fingerprint<LaneHash>()
        for (index, range) in lines.enumerated() {
            if index == placeholderIndex {
                if openIndex != nil { hash.add(untrimmedLines: rows) }
                continue
            }
            let line = text[range]
            if let marker = parse(line) {
                if marker.isBegin {
                    openIndex = index
                    hash = Fingerprint<LaneHash>()
                } else if let open = openIndex {
                    replaced[open] = "<!-- hindsight:begin \(marker.name) \(hash.text) -->"
                    openIndex = nil
                }
                continue
            }
            if openIndex != nil { hash.add(line: line) }
        }
        // The text before the rows (up to the line feed that ends it) and after them,
        // with the chart comment after the header block's end marker.
        let headerEnd = Marker(isBegin: false, name: "header", fingerprint: nil)
        var commentPending = !chartComment.isEmpty
        let before = UTF8Output(capacity: text.utf8.count + chartComment.utf8.count + replaced.count * 40 + 2)
        let after = UTF8Output(capacity: 256)
        var output = before
        for (index, range) in lines.enumerated() {
            if index > 0 { output.appendLiteral("\n") }
            if index == placeholderIndex {
                output = after
                continue
            }
            if let marker = replaced[index] {
                output.appendUTF8(marker)
            } else {
                output.appendUTF8(text[range])
            }
            if commentPending, parse(text[range]) == headerEnd {
                output.appendLiteral("\n")
                output.appendUTF8(chartComment)
                commentPending = false
            }
        }
        if commentPending {
            output.appendLiteral("\n")
            output.appendUTF8(chartComment)
            output.appendLiteral("\n")
        }
        if case .placed(let output, let front) = rows, before.count <= front {
            before.withBytes { output.write($0, at: front - before.count) }
            after.withBytes { output.append($0) }
            return UTF8Text(output).slice((front - before.count)..<output.count)
        }
        let rowBytes = switch rows {
        case .placed(let output, let front): output.count - front
        case .pieces(let pieces): pieces.reduce(0) { $0 + $1.count + 1 }
        }
        let joined = UTF8Output(capacity: before.count + rowBytes + after.count)
        before.withBytes { joined.append($0) }
        switch rows {
        case .placed(let output, let front):
            output.withBytes { joined.append(UnsafeBufferPointer(rebasing: $0[front...])) }
        case .pieces(var pieces):
            rows = .pieces([])  // so each piece below is the one reference to its bytes
            for piece in pieces.indices {
                if piece > 0 { joined.appendLiteral("\n") }
                pieces[piece].withUnsafeBufferPointer { joined.append($0) }
                pieces[piece] = []  // megabytes each for a long timeline: not held while the rest is copied
            }
        }
        after.withBytes { joined.append($0) }
        return UTF8Text(joined)
    }

    /// A string of bytes known to be UTF-8 (copied from strings and ASCII), decoded in
    /// pieces: `String(decoding:)` checks an all-ASCII run eight bytes at a time, but
    /// every byte of a run holding any other, and a report is mostly ASCII with a few
    /// `·` and `—` on each line. Long ASCII runs are decoded alone; the rest, with the
    /// short ASCII runs between, in the pieces left.
    static func string(decodingValid bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer(string(decodingValid:))
    }

    /// ``string(decodingValid:)-([UInt8])`` of bytes in memory.
    static func string(decodingValid buffer: UnsafeBufferPointer<UInt8>) -> String {
        var result = ""
        result.reserveCapacity(buffer.count)
        append(decodingValid: buffer, to: &result)
        return result
    }

    /// Appends ``string(decodingValid:)-([UInt8])`` of bytes in memory to `result`.
    static func append(decodingValid buffer: UnsafeBufferPointer<UInt8>, to result: inout String) {
        guard let base = buffer.baseAddress, buffer.count > 64 else {
            result += String(decoding: buffer, as: UTF8.self)
            return
        }
        func decoded(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count), as: UTF8.self)
        }
        let count = buffer.count
        var pending = 0  // the first byte not yet in `result`
        var index = 0
        while index < count {
            while index < count, base[index] >= 0x80 { index += 1 }
            // An ASCII run (so it starts and ends on a scalar's boundary), eight bytes at a time.
            let ascii = index
            while index + 8 <= count, UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            while index < count, base[index] < 0x80 { index += 1 }
            if index - ascii >= 48 {
                if pending < ascii { result.append(decoded(pending..<ascii)) }
                result.append(decoded(ascii..<index))
                pending = index
            }
        }
        if pending < count { result.append(decoded(pending..<count)) }
    }
}

/// FNV-1a, one byte at a time: the fingerprints of reports drafted before
/// ``ReportMarkers/LaneHash`` (16 hex digits, no prefix).
extension ContentHash: ReportMarkers.FingerprintHash {
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) { combine(bytes: bytes) }
    var text: String { hex }
}
