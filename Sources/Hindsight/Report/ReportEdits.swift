/// A change a reviewer made to a generated report.
public struct ReportEdit: Hashable, Sendable {
    /// 1-based line in the edited report.
    public var line: Int
    public var description: String
}

/// Finds what reviewers changed in a report Hindsight drafted: generated blocks whose
/// text no longer matches the fingerprint in their marker, and lines outside the
/// generated blocks that a new draft would not contain.
public enum ReportEdits {
    public static func find(in edited: String, comparedTo fresh: String) -> [ReportEdit] {
        let lines = LineEndings.normalized(edited).split(separator: "\n", omittingEmptySubsequences: false)
        var edits: [ReportEdit] = []
        var sawMarker = false
        var open: (name: String, fingerprint: String?, line: Int)?
        var body: [Substring] = []
        var outside: [(Int, Substring)] = []
        for (offset, line) in lines.enumerated() {
            if let marker = ReportMarkers.parse(line) {
                sawMarker = true
                if marker.isBegin {
                    open = (marker.name, marker.fingerprint, offset + 1)
                    body = []
                } else if let block = open {
                    if let expected = block.fingerprint, !ReportMarkers.matches(body, fingerprint: expected) {
                        edits.append(ReportEdit(line: block.line, description: "the generated block “\(block.name)” was edited"))
                    }
                    open = nil
                }
                continue
            }
            if open != nil {
                body.append(line)
            } else if !line.trimmingCharacters(in: .whitespaces).hasPrefix(ReportMarkers.prefix) {
                // Other Hindsight comments (the chart's data) are regenerated, not written by reviewers.
                outside.append((offset + 1, line))
            }
        }
        guard sawMarker else {
            return [ReportEdit(line: 1, description: "the file is not a report drafted by Hindsight (it has no generated-block markers)")]
        }
        let freshLines = Set(fresh.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { $0.trimmingCharacters(in: .whitespaces) })
        for (number, line) in outside {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !freshLines.contains(trimmed) else { continue }
            edits.append(ReportEdit(line: number, description: "text written outside the generated blocks: “\(FindingsAnalyzer.shortText(trimmed, limit: 60))”"))
        }
        return edits
    }
}
