public import Foundation

/// What `hindsight publish` wrote last time (`SITE/.hindsight-manifest.json`): for each
/// page, a hash of everything it was built from and a hash of the bytes written, so a
/// re-run rewrites only pages whose inputs, templates or settings changed, or whose file
/// was changed or removed since.
public struct SiteManifest: Codable, Hashable, Sendable {
    /// One written page.
    public struct Entry: Codable, Hashable, Sendable {
        /// Hash of the inputs, templates, settings and Hindsight version it was built from.
        public var inputs: String
        /// Hash of the bytes written.
        public var output: String

        public init(inputs: String, output: String) {
            self.inputs = inputs
            self.output = output
        }
    }

    public var generator = "hindsight"
    /// The Hindsight version that wrote the site.
    public var version: String
    /// Pages by path relative to the site folder.
    public var pages: [String: Entry]

    public init(version: String, pages: [String: Entry] = [:]) {
        self.version = version
        self.pages = pages
    }

    /// The file name inside the site folder.
    public static let fileName = ".hindsight-manifest.json"

    /// The manifest as pretty-printed JSON with sorted keys (stable from run to run).
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data("{}".utf8)) + Data("\n".utf8)
    }

    /// Reads a manifest; nil when the data is not one (then every page is rebuilt).
    public static func parse(_ data: Data) -> SiteManifest? {
        try? JSONDecoder().decode(SiteManifest.self, from: data)
    }
}
