import Foundation
import FuzzSupport
import Hindsight

/// Time expressions, through the public reader: the input is written where a time goes in
/// a timeline (the first byte picks a list item, a table row, a paragraph or a day heading)
/// of a log whose front matter gives a date and a zone.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimeExpression(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let expression = String(decoding: UnsafeBufferPointer(start: start + 1, count: count - 1), as: UTF8.self)
    let line: String
    switch start[0] % 4 {
    case 0: line = "- \(expression) Health checks fail in one zone."
    case 1: line = "| \(expression) | Health checks fail in one zone. |"
    case 2: line = "\(expression) Health checks fail in one zone."
    default: line = "### \(expression)\n\n- 10:00 Health checks fail in one zone."
    }
    let text = "---\ntitle: Fuzz\ndate: 2026-03-04\ntimezone: Europe/Berlin\n---\n\n## Timeline\n\n- 09:55 [impact-started] Errors rise.\n\(line)\n- 11:00 [resolved] Back to normal.\n"
    FuzzInput.readAndRender(InputDocument(name: "time.md", text: text), options: ReadingOptions())
    return 0
}
