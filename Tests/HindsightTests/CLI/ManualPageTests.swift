import Foundation
import Testing

/// docs/hindsight.1 is written by hand: every subcommand and option the command has
/// must be described there, and the exit codes.
@Suite struct ManualPageTests {
    struct Command: Decodable {
        struct Argument: Decodable {
            struct Name: Decodable {
                var kind: String
                var name: String
            }
            var kind: String
            var names: [Name]?
        }
        var commandName: String
        var arguments: [Argument]?
        var subcommands: [Command]?
    }

    struct Dump: Decodable {
        var command: Command
    }

    @Test func describesEverySubcommandAndOption() throws {
        let result = try CommandRunner.run(["--experimental-dump-help"])
        #expect(result.status == 0)
        let dump = try JSONDecoder().decode(Dump.self, from: Data(result.stdout.utf8))
        let page = try String(contentsOf: CommandRunner.root.appendingPathComponent("docs/hindsight.1"), encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-")
        var missing: [String] = []
        func visit(_ command: Command, path: [String]) {
            for subcommand in command.subcommands ?? [] where subcommand.commandName != "help" {
                let name = (path + [subcommand.commandName]).joined(separator: " ")
                if !page.contains(".B hindsight \(name)") && !page.contains("\"\(name) \"") && !page.contains(".B \(name)\n") {
                    missing.append("command \(name)")
                }
                for argument in subcommand.arguments ?? [] where argument.kind != "positional" {
                    for option in argument.names ?? [] where option.kind == "long" && !page.contains("-\(option.name)") {
                        missing.append("\(name) --\(option.name)")
                    }
                }
                visit(subcommand, path: path + [subcommand.commandName])
            }
        }
        visit(dump.command, path: [])
        #expect(missing.isEmpty, "not in docs/hindsight.1: \(missing)")
        #expect(page.contains(".SH EXIT STATUS"))
        for code in ["0", "1", "2"] { #expect(page.contains(".TP\n.B \(code)\n")) }
        #expect(page.contains("NO_COLOR") && page.contains(".hindsight.yml"))
    }

    @Test func versionAndCompletions() throws {
        let version = try CommandRunner.run(["--version"])
        #expect(version.status == 0 && version.stdout == "0.1.0\n")
        for shell in ["bash", "zsh", "fish"] {
            let script = try CommandRunner.run(["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.stdout.contains("hindsight"))
            for command in ["draft", "check", "new", "init"] { #expect(script.stdout.contains(command), "\(shell) \(command)") }
        }
    }
}
