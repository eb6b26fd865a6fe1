import Foundation
import Testing

/// Every command over every bad input: a clear message naming the file (and the line and
/// column where there is one), exit status 0, 1 or 2 as the corpus says — never a trap, a
/// signal or a hang — and nothing written when the command fails.
@Suite struct BadInputTests {
    /// The commands that read files named on the command line.
    enum Command: String, CaseIterable, Sendable {
        case draft
        case analyze
        case render
        case check
        case trends
        case publish
    }

    /// Subcommands that read no input file (`new` and `init` only write), covered by their own tests.
    static let commandsWithoutInput: Set<String> = ["templates", "help", "new", "init"]

    /// Longer than any entry takes (the slowest take 1–2 s of processor time in a debug
    /// build; more on a busy machine); a run still going then is a hang. Three times as long
    /// for a binary built with AddressSanitizer (`make test-asan`), which runs slower.
    static let timeout: Double = isSanitized ? 60 : 20
    static let isSanitized = CommandRunner.executable.path.contains("asan")

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
        case .check:
            arguments = ["check", entry.path]
            expected = .generic
        case .trends:
            // Trends over 5,000 incidents take 1.5 s in a debug build, a minute under ASan.
            guard !(entry.path.hasPrefix("many-") && Self.isSanitized) else { return }
            arguments = ["trends", entry.path, "--json"]
            expected = .generic
        case .publish:
            // A page per incident: thousands of incidents are thousands of pages, work
            // asked for rather than a hang (the corpus's other entries cover publish).
            guard !entry.path.hasPrefix("many-") else { return }
            arguments = ["publish", try Self.publishFolder(for: entry, corpus: corpus, in: output), "-o", output.appendingPathComponent("site").path]
            expected = .generic
        }
        let result = try CommandRunner.run(arguments, in: corpus, timeout: Self.timeout)
        let context = "hindsight \(arguments.joined(separator: " ")) → status \(result.status) after \(String(format: "%.1f", result.seconds)) s\n\(result.stderr.prefix(2_000))"
        func note(_ what: String) -> Comment { Comment(rawValue: what + "\n" + context) }

        // (Plain values in the expectations, so a failure does not print megabytes of output.)
        let timedOut = result.timedOut
        let signalled = result.terminationReason == .uncaughtSignal
        let status = result.status
        #expect(!timedOut, note("hang: killed after \(Self.timeout) s"))
        #expect(!signalled, note("ended by a signal (a trap)"))
        #expect(status <= 2, note("exit status above 2 (a crash)"))
        #expect(expected.statuses.contains(status), note("expected exit status \(expected.statuses.sorted())"))
        if !expected.message.isEmpty {
            let named = result.stderr.contains(expected.message)
            #expect(named, note("expected the message “\(expected.message)”"))
        }
        if expected.isGeneric {
            // Linting, trends and publishing: no trap, no hang, and a failure names the file.
            // (`publish` names the folder when it finds no log in it, as for a binary file.)
            let names = [(entry.path as NSString).lastPathComponent] + (command == .publish ? ["/logs"] : [])
            if result.status != 0 {
                let stderr = String(result.stderr.prefix(10_000))
                #expect(names.contains { stderr.contains($0) } && stderr.contains("error"), note("a failure that names none of \(names)"))
            }
            return
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: output.path)
        if result.status == 0 {
            switch command {
            case .draft:
                #expect(Set(written) == ["report.md", "report.html"], note(""))
            case .analyze:
                let parsed = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil
                #expect(parsed, note("analyze --json printed no JSON"))
            case .render:
                #expect(written == ["report.html"], note(""))
            case .check, .trends, .publish:
                break
            }
        } else {
            #expect(written.isEmpty, note("a failed command wrote \(written)"))
            let printed = !result.stdout.isEmpty
            let explained = result.stderr.contains("error:")
            #expect(!printed, note("a failed command printed output"))
            #expect(explained, note("a failure without an error message"))
        }
    }

    /// `publish` takes a folder: one holding (a link to) the entry, or the entry itself
    /// when it is a folder, a device or missing.
    static func publishFolder(for entry: BadInputCorpus.Entry, corpus: URL, in output: URL) throws -> String {
        let source = entry.path.hasPrefix("/") ? URL(fileURLWithPath: entry.path) : corpus.appendingPathComponent(entry.path)
        var isDirectory: ObjCBool = false
        let attributes = try? FileManager.default.attributesOfItem(atPath: source.path)
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory), !isDirectory.boolValue,
            attributes?[.type] as? FileAttributeType == .typeRegular
        else { return source.path }
        let folder = output.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.linkItem(at: source, to: folder.appendingPathComponent(source.lastPathComponent))
        return folder.path
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

/// Names built from input stay within what a file system accepts.
@Suite struct LongNameTests {
    /// An incident id of hundreds of characters still gets its page (the slug is cut to
    /// 80 characters), and a 240-character report name still leaves room for the
    /// temporary file written beside it.
    @Test func longIdsAndNamesAreWritten() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let logs = folder.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let log = #"{"title": "x", "id": "\#(String(repeating: "a", count: 400))", "events": [{"time": "2026-03-04T10:00:00Z", "text": "Alert.", "tags": ["detected"]}]}"#
        try log.write(to: logs.appendingPathComponent("long.json"), atomically: true, encoding: .utf8)
        let published = try CommandRunner.run(["publish", "logs", "-o", "site"], in: folder, timeout: 20)
        #expect(published.status == 0, "\(published.stderr)")
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("site").path)
        #expect(pages.contains(String(repeating: "a", count: 80) + ".html"), "\(pages)")

        let name = String(repeating: "r", count: 240) + ".md"
        let drafted = try CommandRunner.run(["draft", "logs/long.json", "-o", name], in: folder, timeout: 20)
        #expect(drafted.status == 0, "\(drafted.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path))
    }
}

/// Templates are input too (`--templates`): ones that would overflow the stack are refused
/// with their file and line.
@Suite struct HostileTemplateTests {
    static let cases: [(name: String, file: String, text: String, message: String)] = [
        ("a partial including itself", "report.md.mustache", "# {{title}}\n{{> report.md}}\n", "report.md.mustache:2:1: error: template error: the partials include themselves (report.md → report.md)"),
        ("two partials including each other", "style.mustache", "body { }\n{{> page.html}}\n", "page.html.mustache:"),
        ("two partials including each other (the cycle)", "style.mustache", "body { }\n{{> page.html}}\n", "error: template error: the partials include themselves (page.html → style → page.html)"),
        ("a cycle hidden behind changed delimiters", "report.md.mustache", "{{=<% %>=}}\n<%> report.md%>\n", "report.md.mustache:2:1: error: template error: the partials include themselves"),
        ("sections nested 100,000 deep", "report.md.mustache", String(repeating: "{{#a}}", count: 100_000) + String(repeating: "{{/a}}", count: 100_000), "report.md.mustache:1:385: error: template error: sections nested more than 64 deep"),
    ]

    @Test(arguments: 0..<cases.count)
    func hostileTemplateIsRefused(_ index: Int) throws {
        let hostile = Self.cases[index]
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CommandLineTests.log.write(to: folder.appendingPathComponent("incident.md"), atomically: true, encoding: .utf8)
        #expect(try CommandRunner.run(["templates", "export", "tpl"], in: folder).status == 0)
        try hostile.text.write(to: folder.appendingPathComponent("tpl").appendingPathComponent(hostile.file), atomically: true, encoding: .utf8)
        for arguments in [["draft", "incident.md", "--templates", "tpl", "-o", "retro.md"], ["render", "incident.md", "--templates", "tpl", "-o", "page.html"]] {
            let result = try CommandRunner.run(arguments, in: folder, timeout: 20)
            let signalled = result.terminationReason == .uncaughtSignal || result.timedOut
            #expect(!signalled, "\(hostile.name): \(arguments[0]) crashed or hung")
            #expect(result.status == 1, "\(hostile.name): \(arguments[0]) \(result.status) \(result.stderr.prefix(500))")
            #expect(result.stderr.contains(hostile.message), "\(hostile.name): \(result.stderr.prefix(500))")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("retro.md").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("page.html").path))
    }
}
