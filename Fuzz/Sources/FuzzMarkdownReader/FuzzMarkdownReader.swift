import FuzzSupport
import Hindsight

/// Any bytes as a Markdown incident log, through the reader, reconstruction and rendering.
/// Inputs of odd length are read with `--date 2026-03-04`, so date-less timelines get times.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdownReader(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = FuzzInput.data(start, count)
    let options = ReadingOptions(date: count % 2 == 1 ? CalendarDate("2026-03-04") : nil, format: .markdown)
    FuzzInput.readAndRender(InputDocument(name: "fuzz.md", content: .file(data)), options: options)
    return 0
}
