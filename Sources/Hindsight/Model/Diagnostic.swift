/// A problem found while reading, reconstructing or rendering, with where it is.
///
/// The library collects diagnostics and hands them over; only the command-line tool
/// prints them (`file:line:col: warning: message`) and decides exit codes.
public struct Diagnostic: Hashable, Sendable, Codable {
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        case note, warning, error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    /// The compiler-style line: `file:line:col: severity: message`.
    public var formatted: String {
        if let location {
            return "\(location.description): \(severity.rawValue): \(message)"
        }
        return "hindsight: \(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
