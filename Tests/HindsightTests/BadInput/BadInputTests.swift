import Foundation
import Testing

/// Every command over every bad input: a clear message naming the file (and the line and
/// column where there is one), exit status 0, 1 or 2 as the corpus says — never a trap, a
/// signal or a hang — and nothing written when the command fails.
@Suite struct BadInputTests {
    /// The commands that read a file named on the command line.
    enum Command: String, CaseIterable, Sendable {
        case draft
        case analyze
        case render
    }

    /// Subcommands that read no input file, covered by their own tests.
    static let commandsWithoutInput: Set<String> = ["templates", "help"]

    /// Longer than any entry takes, even under the address sanitizer; a run still going
    /// then is a hang.
    static let timeout: Double = 20

    @Test(arguments: BadInputCorpus.entries, Command.allCases)
    func commandHandlesBadInput(entry: BadInputCorpus.Entry, command: Command) throws {
        let corpus = BadInputCorpus.folder
        let output = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let report = output.appendingPathComponent("report.md").path
        let page = output.appendingPathComponent("report.html").path
        let arguments: [String]
        let expected: BadInputCorpus.Outcome
        switch command {
        case .draft:
            arguments = ["draft", entry.path] + entry.readArguments + ["-o", report, "--html", page]
            expected = entry.read
        case .analyze:
            arguments = ["analyze", entry.path, "--json"] + entry.readArguments
            expected = entry.read
        case .render:
            arguments = ["render", entry.path, "-o", page]
            expected = entry.render
        }
        let result = try CommandRunner.run(arguments, in: corpus, timeout: Self.timeout)
        let context = "hindsight \(arguments.joined(separator: " ")) → status \(result.status) after \(String(format: "%.1f", result.seconds)) s\n\(result.stderr.prefix(2_000))"
        func note(_ what: String) -> Comment { Comment(rawValue: what + "\n" + context) }

        #expect(!result.timedOut, note("hang: killed after \(Self.timeout) s"))
        #expect(result.terminationReason == .exit, note("ended by a signal (a trap)"))
        #expect(result.status <= 2, note("exit status above 2 (a crash)"))
        #expect(expected.statuses.contains(result.status), note("expected exit status \(expected.statuses.sorted())"))
        if !expected.message.isEmpty {
            #expect(result.stderr.contains(expected.message), note("expected the message “\(expected.message)”"))
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: output.path)
        if result.status == 0 {
            switch command {
            case .draft:
                #expect(Set(written) == ["report.md", "report.html"], note(""))
            case .analyze:
                #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil, note("analyze --json printed no JSON"))
            case .render:
                #expect(written == ["report.html"], note(""))
            }
        } else {
            #expect(written.isEmpty, note("a failed command wrote \(written)"))
            #expect(result.stdout.isEmpty, note("a failed command printed output"))
            #expect(result.stderr.contains("error:"), note("a failure without an error message"))
        }
    }

    /// Every subcommand that reads a file is in ``Command``; a new one must join the corpus run.
    @Test func everyCommandIsCovered() throws {
        let help = try CommandRunner.run(["--help"])
        let after = help.stdout.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        let section = after.components(separatedBy: "\n\n").first ?? ""
        // Subcommand names sit two spaces in; wrapped descriptions further in.
        let listed = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { return nil }
            return String(name)
        }
        #expect(!listed.isEmpty, "no SUBCOMMANDS section in: \(help.stdout)")
        let covered = Set(Command.allCases.map(\.rawValue)).union(Self.commandsWithoutInput)
        for name in listed {
            #expect(covered.contains(name), "subcommand '\(name)' is not run over the bad-input corpus: add it to BadInputTests.Command")
        }
    }

    /// A file the user may not read. Root reads any file, so this runs only for other users;
    /// the corpus's `plain.txt/inside.md` (a path through a file) covers the unreadable path for all.
    @Test(.enabled(if: geteuid() != 0, "running as root, which can read a file whatever its permissions"))
    func unreadableFileIsExitTwo() throws {
        let folder = try CommandRunner.temporaryFolder()
        let file = folder.appendingPathComponent("secret.md")
        try "## Timeline\n- 2026-03-04 10:00 x\n".write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: file.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path) }
        for arguments in [["draft", "secret.md"], ["analyze", "secret.md", "--json"], ["render", "secret.md"]] {
            let result = try CommandRunner.run(arguments, in: folder, timeout: Self.timeout)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("secret.md: permission denied"), "\(arguments): \(result.stderr)")
        }
    }

    /// `templates export` writes into a folder: a path through a file, or a file where a
    /// folder is expected, is an error, not a trap.
    @Test func templatesExportIntoAFileFails() throws {
        let folder = try CommandRunner.temporaryFolder()
        try "x".write(to: folder.appendingPathComponent("file"), atomically: true, encoding: .utf8)
        for target in ["file", "file/inside"] {
            let result = try CommandRunner.run(["templates", "export", target], in: folder, timeout: Self.timeout)
            #expect(result.terminationReason == .exit && !result.timedOut)
            #expect([1, 2].contains(result.status), "\(target): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(target), "\(target): \(result.stderr)")
        }
    }
}

/// Messages quote input: control characters in it must not reach the terminal.
@Suite struct DiagnosticOutputTests {
    @Test func controlCharactersInInputAreShownNotSent() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = "---\ntitle: Escapes\nslo: \"\\e[2J\\e]0;owned\\a\\nnext line\"\ndate: 2026-03-04\n---\n\n## Timeline\n\n- 10:00 [detected] Alert.\n"
        try log.write(to: folder.appendingPathComponent("escapes.md"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["analyze", "escapes.md"], in: folder, timeout: 20)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("could not read the SLO"), "\(result.stderr)")
        #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "a control character reached standard error")
        #expect(result.stderr.contains("\\u{1B}[2J"))
        #expect(result.stderr.split(separator: "\n").count == 1, "one diagnostic, one line: \(result.stderr)")
    }
}
