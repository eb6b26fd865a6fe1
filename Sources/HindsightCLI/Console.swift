import Foundation
import Hindsight

/// Where the command writes messages: diagnostics and errors to standard error,
/// compiler-style, so editors and CI can link them to lines.
enum Console {
    static func error(_ message: String) {
        let text = message.hasSuffix("\n") ? message : message + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            error(singleLine(diagnostic.formatted))
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
        FileHandle.standardOutput.write(Data(text.utf8))
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
