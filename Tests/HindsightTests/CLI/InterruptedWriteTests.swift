import Foundation
import Testing

/// Nothing lost: a report being replaced is, at every moment, either the old file or the
/// complete new one — even when the command is killed — and keeps its permissions.
@Suite(.serialized) struct InterruptedWriteTests {
    /// A log long enough that drafting it takes a noticeable time.
    static func largeLog(events: Int) -> String {
        var text = "---\ntitle: Replication lag on the orders database\nseverity: SEV2\ndate: 2026-03-04\ntimezone: UTC\n---\n\n## Timeline\n\n"
        for index in 0..<events {
            let minute = index % (24 * 60)
            let time = String(format: "%02d:%02d", minute / 60, minute % 60)
            let tag = index == 0 ? "[impact-started] " : index == 5 ? "[detected] " : index == events - 1 ? "[resolved] " : ""
            text += "- \(time) \(tag)Replica \(index % 7) reports lag of \(index % 90) seconds; the on-call engineer checks the queue.\n"
        }
        return text
    }

    /// Starts `hindsight draft large.md -o existing.md --force` in `folder`, output discarded.
    static func startForcedDraft(in folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["draft", "large.md", "-o", "existing.md", "--force"]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Kills `hindsight draft -o existing.md --force` after delays spread over a full run
    /// (most near its end, where the files are written), and checks after every attempt
    /// that `existing.md` and its backup are each either absent/old or complete.
    @Test func killedDraftLeavesOldOrNewReport() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.largeLog(events: 5_000).write(to: folder.appendingPathComponent("large.md"), atomically: true, encoding: .utf8)
        let old = "# Hand-written notes\n\nA reviewer's draft that must never be half overwritten.\n"

        // The complete new report, and how long a full run takes once the file and the
        // binary are in the cache (the first run can take several times as long).
        _ = try CommandRunner.run(["draft", "large.md", "-o", "fresh.md"], in: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("fresh.md"))
        let started = Date()
        let full = try CommandRunner.run(["draft", "large.md", "-o", "fresh.md"], in: folder)
        let duration = Date().timeIntervalSince(started)
        #expect(full.status == 0, "\(full.stderr)")
        let fresh = try String(contentsOf: folder.appendingPathComponent("fresh.md"), encoding: .utf8)
        #expect(fresh.count > 100_000)

        let report = folder.appendingPathComponent("existing.md")
        let backup = folder.appendingPathComponent("existing.md.bak")
        let fractions: [Double] = [0.2, 0.5, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1]
        var outcomes: [String] = []
        for fraction in fractions {
            try old.write(to: report, atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(at: backup)
            let process = try Self.startForcedDraft(in: folder)
            usleep(useconds_t(duration * fraction * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let now = try String(contentsOf: report, encoding: .utf8)
            #expect(now == old || now == fresh, "after a kill at \(fraction) of a run, existing.md is neither the old nor the new report (\(now.utf8.count) bytes)")
            if FileManager.default.fileExists(atPath: backup.path) {
                #expect(try String(contentsOf: backup, encoding: .utf8) == old, "the backup is not the complete old report")
            }
            outcomes.append(now == fresh ? "new" : "old")
            // A kill may leave the temporary file behind: hidden, beside the report, never the report itself.
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
            where !["large.md", "fresh.md", "existing.md", "existing.md.bak"].contains(name) {
                #expect(name.hasPrefix(".existing.md") && name.hasSuffix(".tmp"), "unexpected file \(name)")
                try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
        // The attempts covered both sides of the write (not a test of timing, but of coverage).
        #expect(outcomes.contains("old"), "\(outcomes)")

        // Kill the moment a temporary file appears beside the report: mid-write.
        var caughtWriting = 0
        for _ in 0..<4 {
            try old.write(to: report, atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(at: backup)
            let process = try Self.startForcedDraft(in: folder)
            while process.isRunning {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                if names.contains(where: { $0.hasPrefix(".existing.md.hindsight-") }) {
                    kill(process.processIdentifier, SIGKILL)
                    caughtWriting += 1
                    break
                }
                usleep(100)
            }
            process.waitUntilExit()
            let now = try String(contentsOf: report, encoding: .utf8)
            #expect(now == old || now == fresh, "killed while writing, existing.md is neither the old nor the new report (\(now.utf8.count) bytes)")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix(".") {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
        print("InterruptedWriteTests: killed \(caughtWriting) of 4 runs while a temporary file was being written")
    }

    /// Replacing a report keeps its mode; its backup gets the report's mode; a new report
    /// gets the usual 0666 less the umask.
    @Test func replacedReportKeepsItsPermissions() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CommandLineTests.log.write(to: folder.appendingPathComponent("incident.md"), atomically: true, encoding: .utf8)
        let report = folder.appendingPathComponent("retro.md")
        try "# Private notes\n".write(to: report, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: report.path)

        let result = try CommandRunner.run(["draft", "incident.md", "-o", "retro.md", "--html", "retro.html", "--force"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        func mode(_ name: String) throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.posixPermissions] as? Int)
        }
        #expect(try mode("retro.md") == 0o600)
        #expect(try mode("retro.md.bak") == 0o600)
        let mask = umask(0o022)
        umask(mask)
        #expect(try mode("retro.html") == 0o666 & ~Int(mask))
        // Only the outputs: no temporary file left behind.
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["incident.md", "retro.md", "retro.md.bak", "retro.html"])
    }

    /// A report whose generated blocks a reviewer changed is refused without `--force`,
    /// whichever output option names it, and nothing at all is written.
    @Test func editedReportRefusedBeforeAnythingIsWritten() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CommandLineTests.log.write(to: folder.appendingPathComponent("incident.md"), atomically: true, encoding: .utf8)
        #expect(try CommandRunner.run(["draft", "incident.md", "-o", "retro.md"], in: folder).status == 0)
        let report = folder.appendingPathComponent("retro.md")
        let edited = try String(contentsOf: report, encoding: .utf8).replacingOccurrences(of: "Queue depth alert fires", with: "The queue depth alert fired")
        try edited.write(to: report, atomically: true, encoding: .utf8)
        let refused = try CommandRunner.run(["draft", "incident.md", "-o", "retro.md", "--html", "retro.html"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("was edited"), "\(refused.stderr)")
        #expect(try String(contentsOf: report, encoding: .utf8) == edited)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("retro.html").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("retro.md.bak").path))
    }

    /// Outputs through symbolic links replace the file the link names and keep the link;
    /// devices and pipes are written into, never replaced (`-o /dev/null`, a FIFO); an
    /// empty file (what `> file` leaves) is no one's work; inputs may be links.
    @Test func linksDevicesPipesAndEmptyFiles() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        try CommandLineTests.log.write(to: folder.appendingPathComponent("incident.md"), atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("linked-input.md").path, withDestinationPath: "incident.md")
        try "# Notes\n".write(to: folder.appendingPathComponent("real.md"), atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("link.md").path, withDestinationPath: "real.md")

        let linked = try CommandRunner.run(["draft", "linked-input.md", "-o", "link.md", "--force"], in: folder, timeout: 20)
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(try manager.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("link.md").path) == "real.md")
        #expect(try String(contentsOf: folder.appendingPathComponent("real.md"), encoding: .utf8).contains("# Queue consumers stalled"))

        let discarded = try CommandRunner.run(["draft", "incident.md", "-o", "/dev/null", "--html", "/dev/null"], in: folder, timeout: 20)
        #expect(discarded.status == 0, "\(discarded.stderr)")
        #expect(try manager.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType == .typeCharacterSpecial)

        let pipe = folder.appendingPathComponent("pipe")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        nonisolated(unsafe) var received = Data()
        let reader = Thread {
            if let handle = FileHandle(forReadingAtPath: pipe.path) { received = handle.readDataToEndOfFile() }
        }
        reader.start()
        let piped = try CommandRunner.run(["draft", "incident.md", "-o", "pipe"], in: folder, timeout: 20)
        #expect(piped.status == 0, "\(piped.stderr)")
        for _ in 0..<100 where received.isEmpty { usleep(20_000) }
        #expect(String(decoding: received, as: UTF8.self).contains("# Queue consumers stalled"))
        #expect(try manager.attributesOfItem(atPath: pipe.path)[.type] as? FileAttributeType != .typeRegular, "the pipe was replaced by a file")

        try "".write(to: folder.appendingPathComponent("empty.md"), atomically: true, encoding: .utf8)
        let empty = try CommandRunner.run(["draft", "incident.md", "-o", "empty.md"], in: folder, timeout: 20)
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(!manager.fileExists(atPath: folder.appendingPathComponent("empty.md.bak").path))
    }
}
