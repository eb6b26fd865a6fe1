/// The HTML comments that mark the blocks Hindsight generates in a Markdown report,
/// so a later run can tell generated text from what reviewers wrote.
enum ReportMarkers {
    static let prefix = "<!-- hindsight:"

    static func begin(_ block: String) -> String { "<!-- hindsight:begin \(block) -->" }
    static func end(_ block: String) -> String { "<!-- hindsight:end \(block) -->" }

    /// Whether an HTML block consists only of Hindsight markers.
    static func isMarkerBlock(_ literal: String) -> Bool {
        let lines = literal.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return !lines.isEmpty && lines.allSatisfy { $0.hasPrefix(prefix) && $0.hasSuffix("-->") }
    }
}
