import FuzzSupport
import Hindsight

/// Regenerating a report reviewers edited: the input is the edited report and a fresh
/// draft, split at the first NUL byte (without one, the fresh draft is the input's lines
/// in reverse), through `ReportEdits.find` and `ReportMerge.update` (`draft --update`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReportMerge(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let edited: String
    let fresh: String
    if let split = bytes.firstIndex(of: 0) {
        edited = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<split]), as: UTF8.self)
        fresh = String(decoding: UnsafeBufferPointer(rebasing: bytes[(split + 1)...]), as: UTF8.self)
    } else {
        edited = String(decoding: bytes, as: UTF8.self)
        fresh = edited.split(separator: "\n", omittingEmptySubsequences: false).reversed().joined(separator: "\n")
    }
    _ = ReportEdits.find(in: edited, comparedTo: fresh)
    let merged = ReportMerge.update(existing: edited, fresh: fresh)
    _ = ReportEdits.find(in: merged.text, comparedTo: fresh)
    return 0
}
