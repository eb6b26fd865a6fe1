public import Foundation

/// Reads Hindsight's JSON incident log. (Placeholder until the reader lands.)
enum JSONLogReader {
    static func read(data: Data, name: String, options: ReadingOptions) -> ReadResult {
        ReadResult(diagnostics: [Diagnostic(.error, "JSON reading is not available yet", at: SourceLocation(file: name))])
    }
}
