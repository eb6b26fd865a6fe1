import Foundation
import Hindsight

/// Turns the paths given to `trends` and `publish` into inputs: files as they are, and
/// folders searched for incident logs and reports.
enum FolderInputs {
    /// File names read from folders; other files (images, configuration) are ignored.
    static let extensions: Set<String> = ["md", "markdown", "json"]

    /// The inputs under `paths`, sorted by name. A folder holding `channels.json` or
    /// `users.json` is a Slack export and one input; other folders are searched
    /// recursively for `.md`, `.markdown` and `.json` files, skipping hidden entries and
    /// the folders in `excluding` (the site being written).
    static func documents(_ paths: [String], excluding: [String] = []) throws(CommandFailure) -> [InputDocument] {
        let excluded = Set(excluding.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        var documents: [InputDocument] = []
        var visited = Set<String>()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .usage("hindsight: error: \(path): no such file or folder")
            }
            if isDirectory.boolValue && !isSlackExport(path) {
                try collect(folder: path, excluded: excluded, visited: &visited, into: &documents)
            } else {
                documents.append(try Files.input(path))
            }
        }
        return documents.sorted { $0.name < $1.name }
    }

    /// `visited` holds the real paths of the folders and files already taken, so a
    /// symbolic link back up the tree (or two links to one file) is followed once.
    private static func collect(
        folder: String, excluded: Set<String>, visited: inout Set<String>, into documents: inout [InputDocument]
    ) throws(CommandFailure) {
        guard visited.insert(realPath(folder)).inserted else { return }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw .usage("hindsight: error: \(folder): cannot list the folder")
        }
        for entry in entries where !entry.hasPrefix(".") {
            let path = folder == "." ? entry : (folder as NSString).appendingPathComponent(entry)
            guard !excluded.contains(URL(fileURLWithPath: path).standardizedFileURL.path) else { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if isSlackExport(path) {
                    documents.append(try Files.input(path))
                } else {
                    try collect(folder: path, excluded: excluded, visited: &visited, into: &documents)
                }
            } else if extensions.contains((entry as NSString).pathExtension.lowercased()), visited.insert(realPath(path)).inserted {
                documents.append(try Files.input(path))
            }
        }
    }

    /// The path with every symbolic link resolved.
    static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }

    static func isSlackExport(_ folder: String) -> Bool {
        ["channels.json", "users.json"].contains { FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent($0)) }
    }
}
