import Foundation

/// A JSON input parsed once by ``JSONParser`` into a compact ``JSONTree``, guarded so
/// that hostile input produces diagnostics instead of traps: nesting depth and string
/// length are checked by a byte scan first, syntax errors get a line, column and JSON
/// path, and numbers too large for a `Double` are read as `null` with a warning instead
/// of failing the whole file.
///
/// UTF-8 is read with or without a byte order mark; UTF-16 and UTF-32 (told by their
/// byte order mark or by the zero bytes of their first characters) are converted to
/// UTF-8 first, and positions are then those of the converted text.
struct JSONDocument {
    /// The parsed document.
    let tree: JSONTree
    /// Problems found while parsing that did not stop it (out-of-range numbers).
    var diagnostics: [Diagnostic]

    /// The top-level value.
    var root: JSONCursor { JSONCursor(tree: tree, node: 0) }

    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 512
    /// The longest string accepted, in bytes as written: no field of an incident log or
    /// export is this long, and reading one would keep the text handling busy for minutes.
    static let maximumStringBytes = 1 << 20
    /// How many out-of-range numbers are replaced before the file is given up on.
    static let maximumReplacedNumbers = 64

    /// Parses `data`; on failure returns nil and the error diagnostics.
    static func parse(_ data: Data, file: String) -> (JSONDocument?, [Diagnostic]) {
        let (decoded, start, encodingProblem) = utf8(data)
        guard let bytes = decoded else {
            return (nil, [Diagnostic(.error, encodingProblem ?? "the JSON is not text", at: SourceLocation(file: file))])
        }
        switch JSONByteScanner.firstExcess(depth: maximumDepth, stringBytes: maximumStringBytes, in: bytes) {
        case .depth(let offset)?:
            let place = JSONByteScanner.locate(offset: offset, in: bytes)
            return (nil, [Diagnostic(
                .error, "JSON is nested more than \(maximumDepth) levels deep; refusing to read it",
                at: SourceLocation(file: file, line: place.line, column: place.column, path: place.path))])
        case .string(let offset, let length)?:
            let place = JSONByteScanner.locate(offset: offset, in: bytes)
            let size = String(format: "%.1f", Double(length) / 1_048_576)
            return (nil, [Diagnostic(
                .error, "a JSON string here is \(size) MiB long; strings of up to \(maximumStringBytes / 1_048_576) MiB are read",
                at: SourceLocation(file: file, line: place.line, column: place.column, path: place.path))])
        case nil:
            break
        }
        switch JSONParser().parse(bytes, from: start) {
        case .success(let parsed):
            let warnings = parsed.outOfRange.map { number in
                let place = JSONByteScanner.locate(offset: number.offset, in: bytes)
                return Diagnostic(
                    .warning, "number \(number.literal) is out of range; read as null",
                    at: SourceLocation(file: file, line: place.line, column: place.column, path: place.path))
            }
            return (JSONDocument(tree: parsed.tree, diagnostics: warnings), warnings)
        case .failure(let failure):
            let place = JSONByteScanner.locate(offset: failure.offset, in: bytes)
            return (nil, [Diagnostic(
                .error, failure.message, at: SourceLocation(file: file, line: place.line, column: place.column, path: place.path))])
        }
    }

    /// The bytes as UTF-8 and the offset where the JSON starts (after a UTF-8 byte order
    /// mark), or why they cannot be converted. UTF-16 and UTF-32 are recognised as
    /// Foundation's JSON reading recognised them, and converted.
    static func utf8(_ data: Data) -> (bytes: Data?, start: Int, problem: String?) {
        let prefix = Array(data.prefix(4))
        let encoding: String.Encoding
        var skip = 0
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) {
            return (data, 3, nil)
        } else if prefix == [0x00, 0x00, 0xFE, 0xFF] {
            (encoding, skip) = (.utf32BigEndian, 4)
        } else if prefix == [0xFF, 0xFE, 0x00, 0x00] {
            (encoding, skip) = (.utf32LittleEndian, 4)
        } else if prefix.starts(with: [0xFF, 0xFE]) {
            (encoding, skip) = (.utf16LittleEndian, 2)
        } else if prefix.starts(with: [0xFE, 0xFF]) {
            (encoding, skip) = (.utf16BigEndian, 2)
        } else if prefix.count == 4 {
            // No byte order mark: the zero bytes of the first characters tell the encoding.
            switch (prefix[0] == 0, prefix[1] == 0, prefix[2] == 0, prefix[3] == 0) {
            case (true, true, true, _): encoding = .utf32BigEndian
            case (_, true, true, true): encoding = .utf32LittleEndian
            case (true, _, true, _): encoding = .utf16BigEndian
            case (_, true, _, true): encoding = .utf16LittleEndian
            default: return (data, 0, nil)
            }
        } else if prefix.count >= 2, prefix[0] == 0 {
            encoding = .utf16BigEndian
        } else if prefix.count >= 2, prefix[1] == 0 {
            encoding = .utf16LittleEndian
        } else {
            return (data, 0, nil)
        }
        let name = encoding == .utf16LittleEndian || encoding == .utf16BigEndian ? "UTF-16" : "UTF-32"
        guard let text = String(data: data.dropFirst(skip), encoding: encoding) else {
            return (nil, 0, "the JSON looks like \(name) text (zero bytes or a byte order mark at its start) but is not valid \(name)")
        }
        return (Data(text.utf8), 0, nil)
    }
}

/// Byte-level scans of JSON text that never recurse: depth and string-length limits,
/// and the position and JSON path at a byte offset.
enum JSONByteScanner {
    /// What makes a document too costly to decode: nesting deeper than allowed, or a string too long.
    enum Excess: Equatable {
        /// The offset of the bracket that opens one level too many.
        case depth(Int)
        /// The offset of the opening quote of a string longer than allowed, and the string's length in bytes.
        case string(Int, length: Int)
    }

    /// The first bracket that opens nesting level `limit + 1`, or the first string longer
    /// than `stringBytes`, in one pass over the bytes.
    static func firstExcess(depth limit: Int, stringBytes: Int, in data: Data) -> Excess? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Excess? in
            // A plain index loop over the bytes: fast even in debug builds, for inputs of
            // hundreds of megabytes.
            let buffer = raw.bindMemory(to: UInt8.self)
            let count = buffer.count
            var depth = 0
            var offset = 0
            while offset < count {
                let byte = buffer[offset]
                if byte == UInt8(ascii: "\"") {
                    // Skip to the closing quote, stepping over escapes.
                    let start = offset
                    offset += 1
                    while offset < count, buffer[offset] != UInt8(ascii: "\"") {
                        offset += buffer[offset] == UInt8(ascii: "\\") ? 2 : 1
                    }
                    let length = min(offset, count) - start - 1
                    if length > stringBytes { return .string(start, length: length) }
                } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    depth += 1
                    if depth > limit { return .depth(offset) }
                } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    depth = max(0, depth - 1)
                }
                offset += 1
            }
            return nil
        }
    }

    /// A container being walked by `locate`.
    private enum Frame {
        case object(key: String?, expectingKey: Bool)
        case array(index: Int)
    }

    /// The 1-based line and character column of a byte offset, and the JSON path of the
    /// value being read there (best effort for malformed input). A UTF-8 byte order mark
    /// at the start takes no column.
    static func locate(offset: Int, in data: Data) -> (line: Int, column: Int, path: String) {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> (line: Int, column: Int, path: String) in
            let end = min(max(offset, 0), buffer.count)
            let hasByteOrderMark = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
            var line = 1
            var column = 1
            var frames: [Frame] = []
            var inString = false
            var escaped = false
            var stringBytes: [UInt8] = []
            var stringIsKey = false
            var index = hasByteOrderMark ? 3 : 0
            while index < end {
                let byte = buffer[index]
                if byte == 10 {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
                if inString {
                    if escaped {
                        escaped = false
                        if stringIsKey { stringBytes.append(byte) }
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                        if stringIsKey, case .object = frames.last {
                            frames[frames.count - 1] = .object(key: String(decoding: stringBytes, as: UTF8.self), expectingKey: true)
                        }
                    } else if stringIsKey {
                        stringBytes.append(byte)
                    }
                    index += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                    stringBytes.removeAll(keepingCapacity: true)
                    if case .object(_, let expectingKey) = frames.last, expectingKey {
                        stringIsKey = true
                    } else {
                        stringIsKey = false
                    }
                case UInt8(ascii: "{"):
                    frames.append(.object(key: nil, expectingKey: true))
                case UInt8(ascii: "["):
                    frames.append(.array(index: 0))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if !frames.isEmpty { frames.removeLast() }
                case UInt8(ascii: ":"):
                    if case .object(let key, _) = frames.last { frames[frames.count - 1] = .object(key: key, expectingKey: false) }
                case UInt8(ascii: ","):
                    switch frames.last {
                    case .array(let position): frames[frames.count - 1] = .array(index: position + 1)
                    case .object: frames[frames.count - 1] = .object(key: nil, expectingKey: true)
                    case nil: break
                    }
                default:
                    break
                }
                index += 1
            }
            var path = "$"
            for frame in frames {
                switch frame {
                case .object(let key, _):
                    if let key { path = JSONCursor.appending(key: key, to: path) }
                case .array(let position):
                    path += "[\(position)]"
                }
            }
            return (line, column, path)
        }
    }
}
