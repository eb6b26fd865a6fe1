import ArgumentParser
import Foundation
import Hindsight

/// The `hindsight` command: turns incident logs into blameless retrospectives.
@main
struct HindsightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hindsight",
        abstract: "Turn the record of an incident into a draft of its blameless retrospective.",
        discussion: """
            Exit status: 0 success, 1 findings or invalid input, 2 usage error or unreadable file.
            """,
        version: HindsightVersion.current,
        subcommands: [Draft.self, Analyze.self, Render.self, Check.self, Trends.self, Publish.self, Templates.self, New.self, Init.self]
    )

    /// Runs a command and maps every failure to the documented exit codes:
    /// 0 success, 1 findings or invalid input, 2 usage error or unreadable file.
    static func main() {
        Memory.mapLargeBlocks()
        if CommandLine.arguments.count <= 1 {
            Console.error(helpMessage())
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
            Console.clearProgress()
        } catch let failure as CommandFailure {
            Console.error(failure.message)
            Foundation.exit(failure.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help and --version print to standard output.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            Console.error(fullMessage(for: error))
            if error is ExitCode {
                Foundation.exit(code.rawValue)
            }
            Console.error("Run 'hindsight help' for usage.")
            Foundation.exit(2)
        }
    }
}

/// The version printed by `hindsight --version`.
enum HindsightVersion {
    static let current = "0.1.0"
}
