public import Foundation

/// Reads any supported input into incident logs: detects the format from the content
/// (or takes the one forced with ``ReadingOptions/format``) and hands it to its reader.
public enum IncidentReader {
    /// Markdown lines longer than this are refused: no timeline is written that way, and
    /// reading a line of many megabytes word by word would keep the command busy for minutes.
    public static let maximumLineBytes = 1 << 20
    /// Entries whose text (with details) is longer than this are refused, whatever the format.
    public static let maximumEntryBytes = 1 << 20

    /// Reads one input. Never throws: every problem is a diagnostic with a location.
    public static func read(_ document: consuming InputDocument, options: ReadingOptions = ReadingOptions()) -> ReadResult {
        if case .folder = document.content {
            var result = ExportImporters.read(document, format: options.format ?? .slack, options: options)
            refuseOversizedEntries(&result)
            return result
        }
        let name = document.name
        guard case .file(let data) = (consume document).content else { return ReadResult() }
        return read(file: consume data, name: name, options: options)
    }

    /// A file's bytes; owned here, so they are released once decoded when the caller
    /// handed them over, before the text is parsed (a long log is tens of megabytes).
    private static func read(file data: consuming Data, name: String, options: ReadingOptions) -> ReadResult {
        // Validated and copied once; the same string is read from then on.
        let (decoded, problem) = checkedText(data, name: name, expected: "an incident log (Markdown or JSON)")
        guard let text = decoded else { return ReadResult(diagnostics: problem.map { [$0] } ?? []) }
        var result: ReadResult
        if options.format == nil, startsLikeJSON(text) {
            // Parse once: the shape tells the format, and the importer reads the same tree.
            let (parsed, parseDiagnostics) = JSONDocument.parse(data, file: name)
            let format = parsed.flatMap { ExportImporters.detect(root: $0.root) } ?? .json
            result = ExportImporters.read(
                document: parsed, parseDiagnostics: parseDiagnostics, name: name, format: format, options: options)
            refuseOversizedEntries(&result)
            return result
        }
        switch options.format ?? .markdown {
        case .markdown:
            if let problem = longLine(in: data, name: name) {
                return ReadResult(diagnostics: [problem])
            }
            _ = consume data
            // The Markdown reader refuses oversized entries itself, while making the events.
            return MarkdownLogReader.read(text: LineEndings.normalized(text), name: name, options: options)
        case .json:
            result = JSONLogReader.read(data: data, name: name, options: options)
        case let format:
            result = ExportImporters.read(InputDocument(name: name, content: .file(data)), format: format, options: options)
        }
        refuseOversizedEntries(&result)
        return result
    }

    /// Why bytes cannot be read as text — empty, binary (a NUL byte) or not UTF-8 — as an
    /// error naming the file (and the line and column of the first bad byte); nil when
    /// they are text. `expected` says what the file should hold.
    public static func textProblem(in data: Data, name: String, expected: String) -> Diagnostic? {
        checkedText(data, name: name, expected: expected).problem
    }

    /// The bytes as text, or why they cannot be read as text (see ``textProblem(in:name:expected:)``).
    static func checkedText(_ data: Data, name: String, expected: String) -> (text: String?, problem: Diagnostic?) {
        guard !data.isEmpty else {
            return (nil, Diagnostic(.error, "the file is empty; expected \(expected)", at: SourceLocation(file: name)))
        }
        if let (line, column) = firstNUL(in: data) {
            return (nil, Diagnostic(.error, "the file holds binary data (a NUL byte); expected UTF-8 text",
                                    at: SourceLocation(file: name, line: line, column: column)))
        }
        // Checked, then decoded in ASCII runs (both much faster than `String(validating:)`
        // on a long log with a few other characters on some of its lines).
        let decoded = data.withUnsafeBytes { raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            return TextScanning.isValidUTF8(bytes) ? ReportMarkers.string(decodingValid: bytes) : nil
        }
        guard let text = decoded else {
            let (line, column) = firstInvalidUTF8(in: data)
            return (nil, Diagnostic(.error, "the file is not valid UTF-8 text", at: SourceLocation(file: name, line: line, column: column)))
        }
        return (text, nil)
    }

    /// The first line longer than `limit` bytes (``maximumLineBytes`` unless given), as an
    /// error at its start.
    ///
    /// A line longer than `limit` covers a whole stretch of `limit / 2` bytes starting at a
    /// multiple of that size, so only stretches without a line feed are looked at closely:
    /// a long log is checked in a few dozen short searches instead of one per line.
    public static func longLine(in data: Data, name: String, limit: Int = maximumLineBytes) -> Diagnostic? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Diagnostic? in
            guard let base = buffer.baseAddress, buffer.count > max(limit, 0) else { return nil }
            let count = buffer.count
            let stretch = max(limit / 2, 1)
            var offset = 0
            while offset < count {
                let length = min(stretch, count - offset)
                guard memchr(base + offset, 10, length) == nil else {
                    offset += stretch
                    continue
                }
                // The line around this stretch.
                var start = offset
                while start > 0, base.load(fromByteOffset: start - 1, as: UInt8.self) != 10 { start -= 1 }
                let end = memchr(base + offset, 10, count - offset).map { base.distance(to: UnsafeRawPointer($0)) } ?? count
                if end - start > limit {
                    var line = 1
                    var scan = 0
                    while scan < start, let newline = memchr(base + scan, 10, start - scan) {
                        line += 1
                        scan = base.distance(to: UnsafeRawPointer(newline)) + 1
                    }
                    let size = String(format: "%.1f", Double(end - start) / 1_048_576)
                    return Diagnostic(
                        .error,
                        "line \(line) is \(size) MiB long; lines of up to \(limit / 1_048_576) MiB are read (is a log dump or a file pasted here?)",
                        at: SourceLocation(file: name, line: line, column: 1))
                }
                // Short enough: go on after it.
                offset = (end / stretch + 1) * stretch
            }
            return nil
        }
    }

    /// Entries too long to analyse become errors at their source; the read fails.
    private static func refuseOversizedEntries(_ result: inout ReadResult) {
        for log in result.logs {
            // Read in place: a copy of each event would retain all its strings.
            for index in log.events.indices {
                let size = log.events[index].text.utf8.count + log.events[index].details.reduce(0) { $0 + $1.utf8.count }
                guard size > maximumEntryBytes else { continue }
                result.diagnostics.append(oversizedEntry(size: size, at: log.events[index].source))
            }
        }
    }

    /// The error for an entry whose text (with details) is `size` bytes, over ``maximumEntryBytes``.
    static func oversizedEntry(size: Int, at location: SourceLocation?) -> Diagnostic {
        let megabytes = String(format: "%.1f", Double(size) / 1_048_576)
        return Diagnostic(
            .error, "this entry's text is \(megabytes) MiB long; entries of up to \(maximumEntryBytes / 1_048_576) MiB are read",
            at: location)
    }

    /// Markdown unless the text is a JSON value; for JSON, Hindsight's own log or the
    /// export whose shape it has.
    static func detectFormat(of text: String, data: Data) -> InputFormat {
        guard startsLikeJSON(text) else { return .markdown }
        return ExportImporters.detect(data) ?? .json
    }

    /// Whether the first non-whitespace character (after any byte order mark) opens a
    /// JSON object or array.
    static func startsLikeJSON(_ text: String) -> Bool {
        // Most texts start with ASCII: decided from the bytes, without Unicode's tables.
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x09...0x0D: continue
            case 0x7B, 0x5B: return true
            case ..<0x80: return false
            default: break
            }
            break
        }
        guard let first = text.unicodeScalars.first(where: { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }) else {
            return false
        }
        return first == "{" || first == "["
    }

    private static func firstNUL(in data: Data) -> (Int, Int)? {
        let offset = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base, 0, buffer.count) else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
        guard let offset else { return nil }
        return position(of: data.startIndex + offset, in: data)
    }

    private static func firstInvalidUTF8(in data: Data) -> (Int, Int) {
        // Find the longest valid prefix by decoding scalar by scalar.
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var lastGood = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                lastGood = offset
            case .emptyInput, .error:
                break loop
            }
        }
        return position(of: data.startIndex + lastGood, in: data)
    }

    /// 1-based line and byte column of a byte offset.
    static func position(of index: Data.Index, in data: Data) -> (Int, Int) {
        var line = 1
        var lineStart = data.startIndex
        var cursor = data.startIndex
        while cursor < index {
            if data[cursor] == 10 {
                line += 1
                lineStart = cursor + 1
            }
            cursor += 1
        }
        return (line, index - lineStart + 1)
    }
}
