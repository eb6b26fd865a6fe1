import Foundation
import FuzzSupport
import Hindsight

/// Front matter YAML, through the public reader: the input is the text between the
/// `---` lines of a log with a short timeline.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let yaml = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let text = "---\n\(yaml)\n---\n\n## Timeline\n\n- 2026-03-04 10:00 [detected] Alert fires.\n- 10:30 [resolved] Fixed.\n"
    FuzzInput.readAndRender(InputDocument(name: "front.md", text: text), options: ReadingOptions())
    return 0
}
