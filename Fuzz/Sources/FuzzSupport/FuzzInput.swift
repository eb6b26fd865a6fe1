import Foundation
import Hindsight

/// The bytes libFuzzer hands a target, and the steps every target runs them through.
public enum FuzzInput {
    /// Copies libFuzzer's buffer into `Data`.
    public static func data(_ start: UnsafePointer<UInt8>, _ count: Int) -> Data {
        Data(bytes: start, count: count)
    }

    /// Reads a document through the public entry point, then reconstructs and renders
    /// every incident it holds (Markdown and HTML), so a trap anywhere downstream of
    /// the reader is found too.
    public static func readAndRender(_ document: InputDocument, options: ReadingOptions) {
        let result = IncidentReader.read(document, options: options)
        for log in result.logs.prefix(4) {
            let reconstruction = IncidentReconstructor.reconstruct(log)
            let markdown = ReportRenderer.markdown(reconstruction)
            _ = ReportRenderer.html(markdown: markdown)
            _ = AnalysisDocument.json(reconstruction, diagnostics: result.diagnostics)
            _ = AnalysisSummary.text(reconstruction)
        }
        for diagnostic in result.diagnostics { _ = diagnostic.formatted }
    }
}
