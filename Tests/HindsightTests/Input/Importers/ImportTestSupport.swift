import Foundation
@testable import Hindsight

/// Shared helpers for the importer tests: reading inline fixtures through the entry
/// point, and finding the shared real-world exports when they are present.
enum ImportTestSupport {
    static func read(_ json: String, name: String = "export.json", format: InputFormat? = nil, incident: String? = nil) -> ReadResult {
        IncidentReader.read(InputDocument(name: name, text: json), options: ReadingOptions(format: format, incident: incident))
    }

    /// `…/shared/realworld/exports` next to the repository, or nil when absent.
    static let realWorldExports: URL? = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { root.deleteLastPathComponent() }
        let exports = root.appendingPathComponent("../shared/realworld/exports").standardizedFileURL
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: exports.path, isDirectory: &isDirectory) && isDirectory.boolValue ? exports : nil
    }()

    static var hasRealWorldExports: Bool { realWorldExports != nil }

    static func realWorldFile(_ relativePath: String) throws -> (name: String, data: Data) {
        guard let root = realWorldExports else { throw CocoaError(.fileNoSuchFile) }
        let url = root.appendingPathComponent(relativePath)
        return (url.lastPathComponent, try Data(contentsOf: url))
    }

    static func readRealWorld(_ relativePath: String, incident: String? = nil) throws -> ReadResult {
        let (name, data) = try realWorldFile(relativePath)
        return IncidentReader.read(InputDocument(name: name, content: .file(data)), options: ReadingOptions(incident: incident))
    }

    /// The event's instant as `2026-03-04T05:06:07Z`, or nil.
    static func utc(_ event: TimelineEvent) -> String? {
        event.time.map { Instants.iso8601($0.instant) }
    }
}
