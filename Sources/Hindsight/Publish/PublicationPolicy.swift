import Foundation
import Yams

/// What a public site leaves out and redacts: read from the `publish.public` part of a
/// `.hindsight.yml` configuration file.
///
/// ```yaml
/// publish:
///   public:
///     drop_sections: [Responders and roles, Questions for the review meeting, Where we got lucky]
///     redact:
///       names: [Ariana Costa]
///       hosts: ["*.corp.example.com", "*.internal"]
///       emails: true
///       ip_addresses: true
/// ```
///
/// Sections whose heading ends with `(internal)` are always dropped; `drop_sections`,
/// when given, replaces the default list. Names are redacted together with the people
/// Hindsight finds in the incidents themselves (roles, authors, responders, owners).
public struct PublicationPolicy: Hashable, Sendable {
    /// The sections dropped when the configuration lists none.
    public static let defaultDroppedSections = ["Responders and roles", "Questions for the review meeting", "Where we got lucky"]

    /// Titles of sections left out of public pages (compared without case).
    public var droppedSections: [String]
    /// People's names to replace with "an engineer", beyond those found in the incidents.
    public var names: [String]
    /// Host name patterns to replace with "[host]": `*` stands for one or more labels.
    public var hosts: [String]
    /// Replace e-mail addresses with "[email]".
    public var emails: Bool
    /// Replace IPv4 and IPv6 addresses with "[address]".
    public var ipAddresses: Bool

    public init(
        droppedSections: [String] = PublicationPolicy.defaultDroppedSections, names: [String] = [], hosts: [String] = [],
        emails: Bool = true, ipAddresses: Bool = true
    ) {
        self.droppedSections = droppedSections
        self.names = names
        self.hosts = hosts
        self.emails = emails
        self.ipAddresses = ipAddresses
    }

    /// A fingerprint of the policy, so pages are rebuilt when it changes.
    var signature: String {
        var hash = ContentHash()
        for part in droppedSections + ["|"] + names + ["|"] + hosts + ["|", "\(emails)", "\(ipAddresses)"] { hash.combine(part) }
        return hash.hex
    }

    /// Reads the policy from a configuration file's text; unknown keys and values of the
    /// wrong type are reported with their line and column, and the defaults stay.
    public static func read(yaml: String, file: String) -> (PublicationPolicy, [Diagnostic]) {
        var policy = PublicationPolicy()
        var diagnostics: [Diagnostic] = []
        func location(_ node: Node?) -> SourceLocation {
            guard let mark = node?.mark else { return SourceLocation(file: file, line: 1, column: 1) }
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        }
        if let refusal = FrontMatterSafety.check(Substring(yaml)) {
            return (policy, [Diagnostic(.error, refusal.message, at: SourceLocation(file: file, line: refusal.line, column: refusal.column))])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            var line = 1
            var column = 1
            switch error {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                line = mark.line
                column = mark.column
            default:
                break
            }
            return (policy, [Diagnostic(.error, "malformed YAML: \(error)", at: SourceLocation(file: file, line: line, column: column))])
        } catch {
            return (policy, [Diagnostic(.error, "malformed YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        guard let root else { return (policy, []) }
        func mapping(_ node: Node, _ name: String) -> Node.Mapping? {
            if let mapping = node.mapping { return mapping }
            diagnostics.append(Diagnostic(.error, "`\(name)` must be a mapping of `key: value` lines", at: location(node)))
            return nil
        }
        func strings(_ node: Node, _ name: String) -> [String]? {
            if let sequence = node.sequence {
                var values: [String] = []
                for item in sequence {
                    if let text = item.string, item.scalar != nil { values.append(text) } else {
                        diagnostics.append(Diagnostic(.error, "`\(name)` must list plain text values", at: location(item)))
                    }
                }
                return values
            }
            if node.scalar != nil, let text = node.string, !text.isEmpty { return [text] }
            diagnostics.append(Diagnostic(.error, "`\(name)` must be a list, such as [a, b]", at: location(node)))
            return nil
        }
        func flag(_ node: Node, _ name: String) -> Bool? {
            if let value = node.bool { return value }
            diagnostics.append(Diagnostic(.error, "`\(name)` must be true or false", at: location(node)))
            return nil
        }
        guard let top = mapping(root, "the configuration") else { return (policy, diagnostics) }
        for (key, value) in top {
            guard key.string == "publish" else { continue }  // other parts belong to other commands
            guard let publish = mapping(value, "publish") else { continue }
            for (key, value) in publish {
                guard key.string == "public" else {
                    diagnostics.append(Diagnostic(.warning, "unknown key `publish.\(key.string ?? "?")`; expected `public`", at: location(key)))
                    continue
                }
                guard let settings = mapping(value, "publish.public") else { continue }
                for (key, value) in settings {
                    switch key.string?.replacingOccurrences(of: "-", with: "_") {
                    case "drop_sections", "dropsections":
                        if let titles = strings(value, "drop_sections") { policy.droppedSections = titles }
                    case "redact":
                        guard let redact = mapping(value, "redact") else { continue }
                        for (key, value) in redact {
                            switch key.string?.replacingOccurrences(of: "-", with: "_") {
                            case "names": if let names = strings(value, "names") { policy.names = names }
                            case "hosts": if let hosts = strings(value, "hosts") { policy.hosts = hosts }
                            case "emails", "email_addresses": if let on = flag(value, "emails") { policy.emails = on }
                            case "ip_addresses", "ips", "addresses": if let on = flag(value, "ip_addresses") { policy.ipAddresses = on }
                            default:
                                diagnostics.append(Diagnostic(
                                    .warning, "unknown key `redact.\(key.string ?? "?")`; expected names, hosts, emails or ip_addresses", at: location(key)))
                            }
                        }
                    default:
                        diagnostics.append(Diagnostic(
                            .warning, "unknown key `public.\(key.string ?? "?")`; expected drop_sections or redact", at: location(key)))
                    }
                }
            }
        }
        return (policy, diagnostics)
    }
}
