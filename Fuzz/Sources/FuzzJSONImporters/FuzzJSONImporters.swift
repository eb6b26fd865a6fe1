import Foundation
import FuzzSupport
import Hindsight

/// JSON through every JSON reader: the first byte picks the format (detected, Hindsight's
/// own log, or one tool export forced as with `--from`, or a Slack export folder); the
/// rest is the document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONImporters(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let formats: [InputFormat?] = [nil, .json, .pagerduty, .opsgenie, .statuspage, .slack, .incidentio]
    let choice = Int(start[0]) % (formats.count + 1)
    let data = FuzzInput.data(start + 1, count - 1)
    if choice == formats.count {
        let folder = InputDocument(name: "export", content: .folder(["users.json": Data("[]".utf8), "incident/2026-03-04.json": data]))
        FuzzInput.readAndRender(folder, options: ReadingOptions())
    } else {
        FuzzInput.readAndRender(InputDocument(name: "fuzz.json", content: .file(data)), options: ReadingOptions(format: formats[choice]))
    }
    return 0
}
