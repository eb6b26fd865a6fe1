public import Foundation

/// Reads exports of incident tools. (Placeholder until the importers land.)
enum ExportImporters {
    static func detect(_ data: Data) -> InputFormat? { nil }

    static func read(_ document: InputDocument, format: InputFormat, options: ReadingOptions) -> ReadResult {
        ReadResult(diagnostics: [Diagnostic(.error, "\(format.rawValue) exports are not supported yet", at: SourceLocation(file: document.name))])
    }
}
