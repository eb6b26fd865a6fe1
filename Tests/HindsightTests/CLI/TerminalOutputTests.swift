import Foundation
import Hindsight
import Testing
@testable import HindsightCLI

/// Colours and progress: only on a terminal, never with NO_COLOR or TERM=dumb.
@Suite(.serialized) struct TerminalOutputTests {
    static let escape = "\u{1B}["

    @Test func styleFollowsTheTerminalAndTheEnvironment() {
        let terminal = TerminalStyle(isTerminal: true, environment: ["TERM": "xterm-256color"])
        #expect(terminal.colours && terminal.showsProgress)
        #expect(terminal.paint(.error) == "\u{1B}[1;31merror\u{1B}[0m")
        let diagnostic = Diagnostic(.warning, "times have no zone", at: SourceLocation(file: "a.md", line: 3, column: 1))
        #expect(terminal.format(diagnostic) == "a.md:3:1: \u{1B}[1;35mwarning\u{1B}[0m: times have no zone")

        for environment in [["NO_COLOR": "1"], ["NO_COLOR": ""], ["NO_COLOR": "0", "TERM": "xterm"]] {
            let style = TerminalStyle(isTerminal: true, environment: environment)
            #expect(!style.colours)
            #expect(style.showsProgress)
            #expect(style.format(diagnostic) == diagnostic.formatted)
        }
        let dumb = TerminalStyle(isTerminal: true, environment: ["TERM": "dumb"])
        #expect(!dumb.colours && !dumb.showsProgress)
        let pipe = TerminalStyle(isTerminal: false, environment: [:])
        #expect(!pipe.colours && !pipe.showsProgress)
        #expect(pipe.paint(.error) == "error")
    }

    @Test func notATerminalMeansNoEscapeCodesEvenWithoutNoColor() throws {
        let folder = try CommandRunner.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        for index in 1...3 {
            try CheckCommandTests.blamingLog.write(to: folder.appendingPathComponent("log-\(index).md"), atomically: true, encoding: .utf8)
        }
        let check = try CommandRunner.run(["check", "."], in: folder, environment: ["NO_COLOR": nil, "TERM": "xterm-256color"])
        #expect(check.status == 1)
        #expect(!check.stderr.contains(Self.escape) && !check.stdout.contains(Self.escape))
        #expect(!check.stderr.contains("checking 1/3"))
        #expect(check.stderr.contains("log-1.md:10:1: error: "))
        let draft = try CommandRunner.run(
            ["draft", "log-1.md", "log-2.md", "--no-config"], in: folder, environment: ["NO_COLOR": nil, "TERM": "xterm-256color"])
        #expect(!draft.stderr.contains(Self.escape) && !draft.stdout.contains(Self.escape))
        #expect(!draft.stderr.contains("reading 1/2"))
    }

    /// Under a pseudo-terminal (`script`), diagnostics are coloured and progress shows,
    /// unless NO_COLOR is set.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aTerminalGetsColourAndProgress() throws {
        let folder = try CommandRunner.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        for index in 1...3 {
            try CheckCommandTests.blamingLog.write(to: folder.appendingPathComponent("log-\(index).md"), atomically: true, encoding: .utf8)
        }
        func underTerminal(_ environment: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            let command = "\(environment) '\(CommandRunner.executable.path)' check . 2>&1 >/dev/null"
            process.arguments = ["-qec", command, "/dev/null"]
            process.currentDirectoryURL = folder
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let coloured = try underTerminal("env -u NO_COLOR TERM=xterm")
        #expect(coloured.contains("\u{1B}[1;31merror\u{1B}[0m"), "\(coloured.debugDescription)")
        #expect(coloured.contains("hindsight: checking 2/3 ./log-2.md"))
        let plain = try underTerminal("env NO_COLOR=1 TERM=xterm")
        #expect(!plain.contains("\u{1B}[1;31m"))
        #expect(plain.contains("log-1.md:10:1: error: "))
        let dumb = try underTerminal("env -u NO_COLOR TERM=dumb")
        #expect(!dumb.contains(Self.escape))
    }
}
