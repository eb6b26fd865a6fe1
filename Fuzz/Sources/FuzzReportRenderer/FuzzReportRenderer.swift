import FuzzSupport
import Hindsight

/// Any text as a (hand-edited) Markdown report, rendered to HTML as `hindsight render` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReportRenderer(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let markdown = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    _ = ReportRenderer.html(markdown: markdown)
    return 0
}
