import Foundation

/// Reads any supported input into incident logs: detects the format from the content
/// (or takes the one forced with ``ReadingOptions/format``) and hands it to its reader.
public enum IncidentReader {
    /// Reads one input. Never throws: every problem is a diagnostic with a location.
    public static func read(_ document: InputDocument, options: ReadingOptions = ReadingOptions()) -> ReadResult {
        switch document.content {
        case .folder:
            return ExportImporters.read(document, format: options.format ?? .slack, options: options)
        case .file(let data):
            let location = SourceLocation(file: document.name)
            guard !data.isEmpty else {
                return ReadResult(diagnostics: [Diagnostic(.error, "the file is empty; expected an incident log (Markdown or JSON)", at: location)])
            }
            if let (line, column) = firstNUL(in: data) {
                return ReadResult(diagnostics: [
                    Diagnostic(.error, "the file holds binary data (a NUL byte); expected UTF-8 text",
                               at: SourceLocation(file: document.name, line: line, column: column))
                ])
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                let (line, column) = firstInvalidUTF8(in: data)
                return ReadResult(diagnostics: [
                    Diagnostic(.error, "the file is not valid UTF-8 text",
                               at: SourceLocation(file: document.name, line: line, column: column))
                ])
            }
            if options.format == nil, startsLikeJSON(text) {
                // Parse once: the shape tells the format, and the importer reads the same tree.
                let (parsed, parseDiagnostics) = JSONDocument.parse(data, file: document.name)
                let format = parsed.flatMap { ExportImporters.detect(root: JSONCursor($0.root)) } ?? .json
                return ExportImporters.read(
                    document: parsed, parseDiagnostics: parseDiagnostics, name: document.name, format: format, options: options)
            }
            let format = options.format ?? detectFormat(of: text, data: data)
            switch format {
            case .markdown:
                return MarkdownLogReader.read(text: LineEndings.normalized(text), name: document.name, options: options)
            case .json:
                return JSONLogReader.read(data: data, name: document.name, options: options)
            default:
                return ExportImporters.read(document, format: format, options: options)
            }
        }
    }

    /// Markdown unless the text is a JSON value; for JSON, Hindsight's own log or the
    /// export whose shape it has.
    static func detectFormat(of text: String, data: Data) -> InputFormat {
        guard startsLikeJSON(text) else { return .markdown }
        return ExportImporters.detect(data) ?? .json
    }

    /// Whether the first non-whitespace character opens a JSON object or array.
    static func startsLikeJSON(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first(where: { !$0.properties.isWhitespace }) else { return false }
        return first == "{" || first == "["
    }

    private static func firstNUL(in data: Data) -> (Int, Int)? {
        // memchr over the bytes: `Data.firstIndex(of:)` checks access byte by byte.
        let offset = data.withUnsafeBytes { buffer -> Int? in
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
