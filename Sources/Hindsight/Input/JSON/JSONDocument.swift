import Foundation

/// Decodes JSON bytes once with `JSONSerialization`, guarded so that hostile input
/// produces diagnostics instead of traps: nesting depth is checked by a byte scan
/// first, syntax errors get a line, column and JSON path, and numbers too large for a
/// `Double` are read as `null` with a warning instead of failing the whole file.
struct JSONDocument {
    /// The decoded top-level value (`[String: Any]`, `[Any]`, `String`, `NSNumber`, `NSNull`).
    var root: Any
    /// Problems found while decoding that did not stop it (out-of-range numbers).
    var diagnostics: [Diagnostic]

    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 512
    /// The longest string accepted, in bytes as written: no field of an incident log or
    /// export is this long, and reading one would keep the text handling busy for minutes.
    static let maximumStringBytes = 1 << 20
    /// How many out-of-range numbers are replaced before the file is given up on.
    static let maximumReplacedNumbers = 64

    /// Decodes `data`; on failure returns nil and the error diagnostics.
    static func parse(_ data: Data, file: String) -> (JSONDocument?, [Diagnostic]) {
        switch JSONByteScanner.firstExcess(depth: maximumDepth, stringBytes: maximumStringBytes, in: data) {
        case .depth(let offset)?:
            let place = JSONByteScanner.locate(offset: offset, in: data)
            return (nil, [Diagnostic(
                .error, "JSON is nested more than \(maximumDepth) levels deep; refusing to read it",
                at: SourceLocation(file: file, line: place.line, column: place.column, path: place.path))])
        case .string(let offset, let length)?:
            let place = JSONByteScanner.locate(offset: offset, in: data)
            let size = String(format: "%.1f", Double(length) / 1_048_576)
            return (nil, [Diagnostic(
                .error, "a JSON string here is \(size) MiB long; strings of up to \(maximumStringBytes / 1_048_576) MiB are read",
                at: SourceLocation(file: file, line: place.line, column: place.column, path: place.path))])
        case nil:
            break
        }
        var bytes = data
        var warnings: [Diagnostic] = []
        while true {
            do {
                let root = try JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])
                warnings.sort { ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0) }
                return (JSONDocument(root: root, diagnostics: warnings), warnings)
            } catch {
                let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
                if let literal = unrepresentableNumber(in: description),
                    warnings.count < maximumReplacedNumbers,
                    let range = JSONByteScanner.rangeOfNumber(literal, in: bytes)
                {
                    let place = JSONByteScanner.locate(offset: range.lowerBound, in: bytes)
                    warnings.append(Diagnostic(
                        .warning, "number \(literal) is out of range; read as null",
                        at: SourceLocation(file: file, line: place.line, column: place.column, path: place.path)))
                    bytes.replaceSubrange(range, with: Self.paddedNull(length: range.count))
                    continue
                }
                return (nil, warnings + [syntaxError(description, data: bytes, file: file)])
            }
        }
    }

    /// `null` padded with spaces to keep every later byte offset (and so every reported
    /// line and column) where it was.
    private static func paddedNull(length: Int) -> Data {
        var replacement = Data("null".utf8)
        if length > 4 { replacement.append(contentsOf: repeatElement(UInt8(ascii: " "), count: length - 4)) }
        return replacement
    }

    /// The literal from Foundation's "Number 1e400 is not representable in Swift." message.
    private static func unrepresentableNumber(in description: String) -> String? {
        guard description.hasPrefix("Number "), let end = description.range(of: " is not representable") else {
            return nil
        }
        let literal = description[description.index(description.startIndex, offsetBy: 7)..<end.lowerBound]
        return literal.isEmpty ? nil : String(literal)
    }

    /// Turns Foundation's parse error into a diagnostic with line, column and path.
    static func syntaxError(_ description: String, data: Data, file: String) -> Diagnostic {
        var offset: Int?
        var reason = description
        if let range = description.range(of: " around character ") {
            let digits = description[range.upperBound...].prefix(while: { $0.isNumber })
            offset = Int(digits)
            reason = String(description[..<range.lowerBound])
        } else if description.localizedCaseInsensitiveContains("end of file") {
            offset = data.count
        }
        reason = reason.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        if reason.hasPrefix("Unexpected end of file") {
            reason = "the JSON ends in the middle of a value (is the file truncated?)"
        } else if reason == "Invalid value" {
            reason = "unexpected character in JSON"
        } else {
            reason = "malformed JSON: " + reason.prefix(1).lowercased() + reason.dropFirst()
        }
        guard let offset, offset >= 0 else {
            return Diagnostic(.error, reason, at: SourceLocation(file: file))
        }
        let place = JSONByteScanner.locate(offset: min(offset, data.count), in: data)
        return Diagnostic(.error, reason, at: SourceLocation(file: file, line: place.line, column: place.column, path: place.path))
    }
}

/// Byte-level scans of JSON text that never recurse: depth limits, positions and the
/// JSON path at a byte offset, and locating a number literal outside strings.
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

    /// The byte range of the first number token spelled exactly `literal` outside strings.
    static func rangeOfNumber(_ literal: String, in data: Data) -> Range<Int>? {
        let target = Array(literal.utf8)
        return data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Range<Int>? in
            var index = 0
            var inString = false
            var escaped = false
            while index < buffer.count {
                let byte = buffer[index]
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    inString = true
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "-") || (byte >= 48 && byte <= 57) {
                    let start = index
                    while index < buffer.count, isNumberByte(buffer[index]) { index += 1 }
                    if index - start == target.count, buffer[start..<index].elementsEqual(target) {
                        return start..<index
                    }
                    continue
                }
                index += 1
            }
            return nil
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    /// A container being walked by `locate`.
    private enum Frame {
        case object(key: String?, expectingKey: Bool)
        case array(index: Int)
    }

    /// The 1-based line and character column of a byte offset, and the JSON path of the
    /// value being read there (best effort for malformed input).
    static func locate(offset: Int, in data: Data) -> (line: Int, column: Int, path: String) {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> (line: Int, column: Int, path: String) in
            let end = min(max(offset, 0), buffer.count)
            var line = 1
            var column = 1
            var frames: [Frame] = []
            var inString = false
            var escaped = false
            var stringBytes: [UInt8] = []
            var stringIsKey = false
            var index = 0
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
