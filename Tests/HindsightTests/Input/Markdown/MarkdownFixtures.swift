import Foundation
@testable import Hindsight

/// Reads the fixtures beside these tests and the shared real-world timelines.
enum MarkdownFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    static func read(_ name: String, options: ReadingOptions = ReadingOptions()) throws -> ReadResult {
        MarkdownLogReader.read(text: try text(name), name: name, options: options)
    }

    /// `<repo>/../shared/realworld/timelines`, when it exists.
    static var realWorldTimelines: URL? {
        var repo = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { repo.deleteLastPathComponent() }
        let folder = repo.deletingLastPathComponent().appendingPathComponent("shared/realworld/timelines")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            return nil
        }
        return folder
    }

    static func readRealWorld(_ prefix: String, options: ReadingOptions = ReadingOptions()) throws -> ReadResult? {
        guard let folder = realWorldTimelines else { return nil }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        guard let name = names.first(where: { $0.hasPrefix(prefix) }) else { return nil }
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return MarkdownLogReader.read(text: text, name: name, options: options)
    }
}

extension TimelineEvent {
    /// The instant as `2026-03-04T05:06:07Z`, or nil for an untimed entry.
    var utc: String? { time.map { Instants.iso8601($0.instant) } }
    var endUTC: String? { time?.end.map { Instants.iso8601($0) } }
    var line: Int? { source.line }
}

extension ReadResult {
    var only: IncidentLog? { logs.count == 1 ? logs[0] : nil }
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
