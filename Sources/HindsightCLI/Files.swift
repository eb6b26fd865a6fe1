import Foundation
import Hindsight

/// Reading inputs and writing outputs for the command: the only file I/O in Hindsight.
enum Files {
    /// Inputs larger than this are refused rather than read into memory.
    static let maximumInputBytes = 512 * 1024 * 1024

    /// Reads a file, or a folder of JSON files (a Slack export), as an input.
    static func input(_ path: String) throws(CommandFailure) -> InputDocument {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .usage("hindsight: error: \(path): no such file or folder")
        }
        if isDirectory.boolValue {
            guard let enumerator = manager.enumerator(atPath: path) else {
                throw .usage("hindsight: error: \(path): cannot list the folder")
            }
            var files: [String: Data] = [:]
            var total = 0
            for case let relative as String in enumerator where relative.hasSuffix(".json") {
                let data = try read((path as NSString).appendingPathComponent(relative))
                total += data.count
                guard total <= maximumInputBytes else {
                    throw .usage("hindsight: error: \(path): the folder holds more than \(maximumInputBytes / 1_048_576) MiB of JSON")
                }
                files[relative] = data
            }
            guard !files.isEmpty else {
                throw .invalid("\(path): error: the folder holds no JSON files; expected a Slack export (users.json, channels.json and one folder per channel)")
            }
            return InputDocument(name: path, content: .folder(files))
        }
        return InputDocument(name: path, content: .file(try read(path)))
    }

    static func read(_ path: String) throws(CommandFailure) -> Data {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .usage("hindsight: error: \(path): permission denied")
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber, size.intValue > maximumInputBytes
        {
            throw .usage("hindsight: error: \(path): the file is larger than \(maximumInputBytes / 1_048_576) MiB")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .usage("hindsight: error: \(path): cannot read: \(error.localizedDescription)")
        }
    }

    static func text(_ path: String) throws(CommandFailure) -> String {
        let data = try read(path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalid("\(path): error: the file is not valid UTF-8 text")
        }
        return text
    }

    /// Writes through a temporary file in the same folder and a rename, so readers
    /// never see half a file and a failure leaves the old one intact.
    static func write(_ text: String, to path: String) throws(CommandFailure) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .usage("hindsight: error: \(path): is a folder; give a file name")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw .usage("hindsight: error: \(path): cannot write: \(error.localizedDescription)")
        }
    }
}
