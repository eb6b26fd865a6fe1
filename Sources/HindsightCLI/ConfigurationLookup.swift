import ArgumentParser
import Foundation
import Hindsight

/// `--config FILE` and `--no-config`, shared by every command that reads a configuration.
struct ConfigurationArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Read team defaults from this file instead of the .hindsight.yml found by walking up from the first input.", valueName: "file"))
    var config: String?

    @Flag(help: "Ignore any .hindsight.yml; use the built-in defaults.")
    var noConfig = false

    func validate() throws {
        if config != nil && noConfig { throw ValidationError("--config and --no-config cannot be used together") }
    }

    /// Finds, reads and checks the configuration for inputs starting at `inputs.first`
    /// (the current folder without inputs). Prints its diagnostics; errors end the
    /// command with status 1, a `--config` file that cannot be read with status 2.
    func load(for inputs: [String], strict: Bool = false) throws(CommandFailure) -> LoadedConfiguration {
        if noConfig { return LoadedConfiguration() }
        let path: String
        if let config {
            path = config
        } else if let found = ConfigurationLookup.find(startingAt: ConfigurationLookup.startFolder(for: inputs.first)) {
            path = found
        } else {
            return LoadedConfiguration()
        }
        return try ConfigurationLookup.load(path, strict: strict)
    }
}

/// A configuration with the file it came from (nil: none was found) and its text.
///
/// The hook for commands that read more of the file than the shared keys: add
/// `@OptionGroup var configuration: ConfigurationArguments` to the command, call
/// `let loaded = try configuration.load(for: inputs)`, then use `loaded.configuration`
/// (`publish` for the checked `publish.public` values, `measures` and `severities`
/// for trends) or hand `loaded.text` and `loaded.path` to a reader of its own, such as
/// `PublicationPolicy.read(yaml:file:)`.
struct LoadedConfiguration {
    var configuration = HindsightConfiguration()
    var path: String?
    var text: String?
}

/// Finds `.hindsight.yml`: the only place the command looks for a configuration file.
enum ConfigurationLookup {
    /// The file names looked for in each folder, in order.
    static let fileNames = [".hindsight.yml", ".hindsight.yaml"]

    /// Where the walk starts: the folder of the first input (the input itself when it is
    /// a folder, such as a Slack export), else the current folder.
    static func startFolder(for input: String?) -> String {
        let current = FileManager.default.currentDirectoryPath
        guard let input else { return current }
        let absolute = input.hasPrefix("/") ? input : (current as NSString).appendingPathComponent(input)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue {
            return (absolute as NSString).standardizingPath
        }
        return ((absolute as NSString).deletingLastPathComponent as NSString).standardizingPath
    }

    /// The first `.hindsight.yml` in `folder` or a folder above it. The walk stops after
    /// the first folder that holds `.git` (the repository root), or at the filesystem root.
    static func find(startingAt folder: String) -> String? {
        var current = (folder as NSString).standardizingPath
        while true {
            for name in fileNames {
                let candidate = (current as NSString).appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                    return relativeIfInside(candidate)
                }
            }
            if FileManager.default.fileExists(atPath: (current as NSString).appendingPathComponent(".git")) { return nil }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    /// Reads and parses a configuration file; prints its diagnostics.
    static func load(_ path: String, strict: Bool = false) throws(CommandFailure) -> LoadedConfiguration {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .usage("hindsight: error: \(path): no such configuration file")
        }
        if isDirectory.boolValue { throw .usage("hindsight: error: \(path): is a folder; give the configuration file") }
        let data = try Files.read(path)
        guard data.count <= HindsightConfiguration.maximumSize else {
            throw .invalid("\(path):1:1: error: the configuration is larger than \(HindsightConfiguration.maximumSize / 1024) KiB")
        }
        guard let text = String(data: data, encoding: .utf8), !data.contains(0) else {
            throw .invalid("\(path):1:1: error: the configuration is not UTF-8 text")
        }
        let (configuration, diagnostics) = HindsightConfiguration.read(yaml: text, file: path)
        Console.print(diagnostics)
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 0 {
            throw .invalid("hindsight: \(errors) error\(errors == 1 ? "" : "s") in the configuration \(path); nothing was done")
        }
        if strict, diagnostics.contains(where: { $0.severity == .warning }) {
            throw .invalid("hindsight: warnings in the configuration \(path) with --strict; nothing was done")
        }
        return LoadedConfiguration(configuration: configuration, path: path, text: text)
    }

    /// A path under the current folder is shown relative to it, as users name files.
    static func relativeIfInside(_ path: String) -> String {
        let current = (FileManager.default.currentDirectoryPath as NSString).standardizingPath
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
