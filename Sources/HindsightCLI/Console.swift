import Foundation
import Hindsight

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the command writes messages: diagnostics and errors to standard error,
/// compiler-style, so editors and CI can link them to lines.
enum Console {
    /// How standard error looks: colours and progress only on a terminal.
    static let style = TerminalStyle.standardError

    /// Whether a progress line is on the screen and must be cleared before other text.
    nonisolated(unsafe) static var progressShown = false

    static func error(_ message: String) {
        clearProgress()
        let text = message.hasSuffix("\n") ? message : message + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            var clean = diagnostic
            clean.message = singleLine(diagnostic.message)
            if var location = clean.location {
                location.file = singleLine(location.file)
                clean.location = location
            }
            error(style.format(clean))
        }
    }

    /// A diagnostic as one line of plain text: messages quote input, and input may hold
    /// line breaks or terminal control sequences (an escape that recolours or clears the
    /// screen), so line breaks and tabs become spaces and other control characters are
    /// shown as `\u{1B}`.
    static func singleLine(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\t":
                result += " "
            case _ where scalar.properties.generalCategory == .control:
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func output(_ text: String) {
        clearProgress()
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Replaces the progress line on a terminal; does nothing elsewhere.
    static func progress(_ text: String) {
        guard style.showsProgress else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
        progressShown = true
    }

    static func clearProgress() {
        guard progressShown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        progressShown = false
    }
}

/// What standard error is connected to, and so what it may show: colours (severity
/// words in diagnostics) only on a terminal, never with `NO_COLOR` set (to any value)
/// or `TERM=dumb`; progress lines only on a terminal that is not `dumb`.
struct TerminalStyle {
    var colours: Bool
    var showsProgress: Bool

    init(isTerminal: Bool, environment: [String: String]) {
        let dumb = environment["TERM"] == "dumb"
        colours = isTerminal && !dumb && environment["NO_COLOR"] == nil
        showsProgress = isTerminal && !dumb
    }

    static var standardError: TerminalStyle {
        TerminalStyle(isTerminal: isatty(2) == 1, environment: ProcessInfo.processInfo.environment)
    }

    /// `file:line:col: severity: message`, the severity word coloured when allowed.
    func format(_ diagnostic: Diagnostic) -> String {
        guard colours else { return diagnostic.formatted }
        let prefix = diagnostic.location.map(\.description) ?? "hindsight"
        return "\(prefix): \(paint(diagnostic.severity)): \(diagnostic.message)"
    }

    /// The severity word in bold red (error), bold magenta (warning) or bold cyan (note).
    func paint(_ severity: Diagnostic.Severity) -> String {
        guard colours else { return severity.rawValue }
        let code = switch severity {
        case .error: "1;31"
        case .warning: "1;35"
        case .note: "1;36"
        }
        return "\u{1B}[\(code)m\(severity.rawValue)\u{1B}[0m"
    }
}

/// A counter shown on one line of a terminal while a long run goes on ("checking
/// 12/40 incidents/db.md"); silent when standard error is not a terminal, and for
/// runs of one item.
struct ProgressCounter {
    var verb: String
    var total: Int
    var done = 0

    init(_ verb: String, total: Int) {
        self.verb = verb
        self.total = total
    }

    mutating func step(_ item: String) {
        done += 1
        guard total > 1 else { return }
        Console.progress("hindsight: \(verb) \(done)/\(total) \(item)")
    }

    func finish() {
        Console.clearProgress()
    }
}

/// A failure that ends the command with a message and an exit code.
struct CommandFailure: Error {
    var message: String
    var code: Int32

    /// Invalid input or findings: exit 1.
    static func invalid(_ message: String) -> CommandFailure { CommandFailure(message: message, code: 1) }
    /// Usage error or unreadable file: exit 2.
    static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, code: 2) }
}
