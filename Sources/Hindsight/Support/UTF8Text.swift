/// Text held as its UTF-8 bytes (always valid UTF-8), or a stretch of them.
///
/// A long report (tens of megabytes for a week-long incident) goes from assembly to
/// disk, and through cmark into its page, as bytes: turning them into a `String`
/// checks every byte again and, for text that is not all ASCII, copies it twice.
/// ``string`` gives the text as a `String` where one is needed (an update merge,
/// standard output). Immutable once made, so it is shared freely between threads.
public struct UTF8Text: Sendable, Equatable, CustomStringConvertible {
    private let storage: UTF8Storage
    private let range: Range<Int>

    /// The text of a string (its bytes read in place, not copied).
    public init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        storage = UTF8Storage(text: text)
        range = 0..<text.utf8.count
    }

    /// What `output` holds, which is not appended to afterwards.
    init(_ output: UTF8Output) {
        storage = UTF8Storage(output: output)
        range = 0..<output.count
    }

    private init(storage: UTF8Storage, range: Range<Int>) {
        self.storage = storage
        self.range = range
    }

    /// The number of bytes.
    public var count: Int { range.count }

    public var isEmpty: Bool { range.isEmpty }

    /// Calls `body` with the bytes, read in place.
    public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try storage.withBytes { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The text as a string.
    public var string: String {
        if let text = storage.text, range == 0..<text.utf8.count { return text }
        return withBytes { ReportMarkers.string(decodingValid: $0) }
    }

    public var description: String { string }

    /// The bytes `offsets` (relative to this text's start; on scalar boundaries), sharing
    /// the storage.
    func slice(_ offsets: Range<Int>) -> UTF8Text {
        UTF8Text(storage: storage, range: (range.lowerBound + offsets.lowerBound)..<(range.lowerBound + offsets.upperBound))
    }

    /// The offset of the first occurrence of `pattern` at or after `start`.
    func firstOffset(of pattern: [UInt8], from start: Int = 0) -> Int? {
        withBytes { TextScanning.firstOffset(of: pattern, in: $0, from: start) }
    }

    public static func == (lhs: UTF8Text, rhs: UTF8Text) -> Bool {
        lhs.count == rhs.count && lhs.withBytes { left in rhs.withBytes { right in left.elementsEqual(right) } }
    }

    /// The text of `parts` one after the other, as one string.
    public static func joined(_ parts: [UTF8Text]) -> String {
        let output = UTF8Output(capacity: parts.reduce(0) { $0 + $1.count })
        for part in parts { part.withBytes { output.append($0) } }
        return output.string()
    }
}

/// The bytes of one or more ``UTF8Text`` values: an output buffer, never written to
/// once wrapped, or a string's own.
private final class UTF8Storage: @unchecked Sendable {
    private let output: UTF8Output?
    let text: String?

    init(output: UTF8Output) {
        self.output = output
        text = nil
    }

    init(text: String) {
        output = nil
        self.text = text
    }

    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let output { return try output.withBytes(body) }
        var text = text ?? ""
        return try text.withUTF8(body)
    }
}
