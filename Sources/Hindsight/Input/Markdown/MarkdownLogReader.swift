public import Foundation

/// Reads Markdown incident logs. (Placeholder until the reader lands.)
enum MarkdownLogReader {
    static func read(text: String, name: String, options: ReadingOptions) -> ReadResult {
        ReadResult(diagnostics: [Diagnostic(.error, "Markdown reading is not available yet", at: SourceLocation(file: name))])
    }
}
