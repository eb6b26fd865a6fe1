import Foundation

/// Inputs nobody should hand Hindsight, and what each command must do with them: small
/// files committed in `Files/`, and large or binary ones generated here (deterministic,
/// never committed) into one temporary folder per test run.
enum BadInputCorpus {
    /// What a command must do with an entry: end with one of `statuses`, and say
    /// `message` (which names the file, with line and column where there is one).
    struct Outcome: Sendable {
        var statuses: Set<Int32>
        var message: String

        /// Refused: exit 1 (invalid input) with an error naming the place.
        static func invalid(_ message: String) -> Outcome { Outcome(statuses: [1], message: message) }
        /// Refused: exit 2 (unreadable file or usage error).
        static func unreadable(_ message: String) -> Outcome { Outcome(statuses: [2], message: message) }
        /// Read with warnings and a sensible result: exit 0, the warning naming the place.
        static func recovered(_ message: String) -> Outcome { Outcome(statuses: [0], message: message) }
        /// Read cleanly: exit 0.
        static let accepted = Outcome(statuses: [0], message: "")
        /// For `check`, `trends` and `publish`: any documented status; a failure names the file.
        static let generic = Outcome(statuses: [0, 1, 2], message: "", isGeneric: true)

        var isGeneric = false

        init(statuses: Set<Int32>, message: String, isGeneric: Bool = false) {
            self.statuses = statuses
            self.message = message
            self.isGeneric = isGeneric
        }
    }

    /// One bad input.
    struct Entry: Sendable, CustomStringConvertible {
        /// The path as given to the command, relative to the corpus folder.
        var path: String
        /// `draft` and `analyze`: reading it as an incident log.
        var read: Outcome
        /// `render`: publishing it as a Markdown report.
        var render: Outcome
        /// Extra arguments for the reading commands (`--from pagerduty`).
        var readArguments: [String] = []
        /// Creates the entry in the corpus folder; nil for committed files (copied) and
        /// for paths that must not exist.
        var make: (@Sendable (URL) throws -> Void)?

        var description: String { ([path] + readArguments).joined(separator: " ") }
    }

    /// The committed files, next to this source file.
    static let files = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Files")

    static func write(_ path: String, _ bytes: @escaping @Sendable () -> Data) -> @Sendable (URL) throws -> Void {
        { folder in try bytes().write(to: folder.appendingPathComponent(path)) }
    }

    static func text(_ path: String, _ text: @escaping @Sendable () -> String) -> @Sendable (URL) throws -> Void {
        write(path) { Data(text().utf8) }
    }

    static let frontMatter = "---\ntitle: Bad input\ndate: 2026-03-04\ntimezone: UTC\n---\n\n## Timeline\n\n"
    static let twentyMiB = 20 * 1_048_576

    static let entries: [Entry] = generated + committed

    static let generated: [Entry] = [
        Entry(path: "missing.md", read: .unreadable("missing.md: no such file"), render: .unreadable("missing.md: no such file")),
        Entry(path: "plain.txt/inside.md", read: .unreadable("plain.txt/inside.md: no such file"),
              render: .unreadable("plain.txt/inside.md: no such file"), make: text("plain.txt") { "a file, not a folder\n" }),
        Entry(path: "folder.md", read: .invalid("folder.md: error: the folder holds no JSON files"),
              render: .unreadable("folder.md: is a folder"),
              make: { try FileManager.default.createDirectory(at: $0.appendingPathComponent("folder.md"), withIntermediateDirectories: true) }),
        Entry(path: "/dev/zero", read: .unreadable("/dev/zero: not a regular file"), render: .unreadable("/dev/zero: not a regular file")),
        Entry(path: "pipe.md", read: .unreadable("pipe.md: not a regular file"), render: .unreadable("pipe.md: not a regular file"),
              make: { folder in _ = mkfifo(folder.appendingPathComponent("pipe.md").path, 0o644) }),
        Entry(path: "empty.md", read: .invalid("empty.md: error: the file is empty"), render: .invalid("empty.md: error: the file is empty"),
              make: write("empty.md") { Data() }),
        Entry(path: "binary.bin", read: .invalid("binary.bin:1:1: error: the file holds binary data"),
              render: .invalid("binary.bin:1:1: error: the file holds binary data"),
              make: write("binary.bin") { Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) }) }),
        Entry(path: "invalid-utf8.md", read: .invalid("invalid-utf8.md:9:12: error: the file is not valid UTF-8"),
              render: .invalid("invalid-utf8.md:9:12: error: the file is not valid UTF-8"),
              make: write("invalid-utf8.md") { Data((frontMatter + "- 10:00 Caf").utf8) + Data([0xC3, 0x28]) + Data(" ok\n".utf8) }),
        Entry(path: "nul.md", read: .invalid("nul.md:9:10: error: the file holds binary data (a NUL byte)"),
              render: .invalid("nul.md:9:10: error: the file holds binary data (a NUL byte)"),
              make: text("nul.md") { frontMatter + "- 10:00 a\u{0}b\n" }),
        Entry(path: "deep-array.json", read: .invalid("deep-array.json:1:513: error: JSON is nested more than 512 levels"),
              render: .accepted, make: text("deep-array.json") { String(repeating: "[", count: 300_000) + String(repeating: "]", count: 300_000) }),
        Entry(path: "deep-object.json", read: .invalid("deep-object.json:1:2561: error: JSON is nested more than 512 levels"),
              render: .accepted,
              make: text("deep-object.json") { String(repeating: "{\"a\":", count: 300_000) + "1" + String(repeating: "}", count: 300_000) }),
        Entry(path: "deep-list.md", read: .accepted, render: .accepted,
              make: text("deep-list.md") { frontMatter + "- 10:00 [resolved] Fixed.\n" + String(repeating: "- ", count: 5_000) + "deep\n" }),
        Entry(path: "deep-ordered-list.md", read: .accepted, render: .accepted,
              make: text("deep-ordered-list.md") { frontMatter + "- 10:00 [resolved] Fixed.\n" + String(repeating: "1. ", count: 5_000) + "deep\n" }),
        Entry(path: "deep-quote.md", read: .accepted, render: .accepted,
              make: text("deep-quote.md") { frontMatter + "- 10:00 [resolved] Fixed.\n\n" + String(repeating: "> ", count: 5_000) + "deep\n" }),
        Entry(path: "deep-indented-list.md", read: .accepted, render: .accepted,
              make: text("deep-indented-list.md") {
                  frontMatter + (0..<1_000).map { String(repeating: "  ", count: $0) + "- 10:00 level \($0)\n" }.joined()
              }),
        Entry(path: "deep-emphasis.md", read: .accepted, render: .accepted,
              make: text("deep-emphasis.md") {
                  frontMatter + "- 10:00 " + String(repeating: "*_[", count: 30_000) + "x" + String(repeating: "](", count: 30_000) + "\n"
              }),
        Entry(path: "long-line.md", read: .invalid("long-line.md:9:1: error: line 9 is 20.0 MiB long"),
              render: .invalid("long-line.md:9:1: error: line 9 is 20.0 MiB long"),
              make: text("long-line.md") { frontMatter + "- 10:00 " + String(repeating: "word ", count: twentyMiB / 5) + "\n" }),
        Entry(path: "long-string.json", read: .invalid("long-string.json:1:62: error: a JSON string here is 20.0 MiB long"),
              render: .invalid("long-string.json:1:1: error: line 1 is 20.0 MiB long"),
              make: text("long-string.json") {
                  "{\"title\":\"x\",\"events\":[{\"time\":\"2026-03-04T10:00:00Z\",\"text\":\""
                      + String(repeating: "word ", count: twentyMiB / 5) + "\"}]}"
              }),
        Entry(path: "long-entry.md", read: .invalid("long-entry.md:9:3: error: this entry's text is 2.0 MiB long"),
              render: .accepted,
              make: text("long-entry.md") {
                  frontMatter + "- 10:00 A long entry.\n" + String(repeating: "  " + String(repeating: "word ", count: 200) + "\n", count: 2_100)
              }),
        Entry(path: "windows-line-endings.md", read: .accepted, render: .accepted,
              make: text("windows-line-endings.md") {
                  (frontMatter + "- 10:00 [detected] Alert fires.\n- 10:30 [resolved] Fixed.\n").replacingOccurrences(of: "\n", with: "\r\n")
              }),
        Entry(path: "byte-order-mark.json", read: .accepted, render: .accepted,
              make: write("byte-order-mark.json") {
                  Data([0xEF, 0xBB, 0xBF]) + Data(#"{"title": "x", "events": [{"time": "2026-03-04T10:00:00Z", "text": "Alert.", "tags": ["detected"]}]}"#.utf8)
              }),
        // 5,000 incidents: linear work takes a second or two; the quadratic paths fixed
        // here (trends hashing the whole document per incident) took minutes.
        Entry(path: "many-incidents.md", read: .unreadable("many-incidents.md holds 5000 incidents; choose one with --incident"),
              render: .accepted,
              make: text("many-incidents.md") { (0..<5_000).map { "## Incident \($0)\n### 2026-03-04\n- 10:00 Entry.\n" }.joined() }),
        Entry(path: "many-timelines.md", read: .accepted, render: .accepted,
              make: text("many-timelines.md") { "---\ndate: 2026-03-04\n---\n" + String(repeating: "## Timeline\n- 10:00 Entry.\n", count: 5_000) }),
        Entry(path: "deep-front-matter.md", read: .invalid("deep-front-matter.md:2:"), render: .accepted,
              make: text("deep-front-matter.md") { "---\ntitle: " + String(repeating: "[", count: 10_000) + "\n---\n## Timeline\n- 2026-03-04 10:00 a\n" }),
    ]

    static let committed: [Entry] = [
        Entry(path: "unclosed-front-matter.md", read: .invalid("unclosed-front-matter.md:1:1: error: the front matter that starts here is never closed"),
              render: .accepted),
        Entry(path: "billion-laughs.md", read: .invalid("billion-laughs.md:2:4: error: YAML anchors and aliases are not accepted"),
              render: .accepted),
        Entry(path: "yaml-tags.md", read: .recovered("yaml-tags.md:3:5: warning:"), render: .accepted),
        Entry(path: "impossible-dates.md", read: .invalid("impossible-dates.md:9:5: error: '2026-02-30' is not a day of the calendar"),
              render: .accepted),
        Entry(path: "unknown-zone.md", read: .invalid("unknown-zone.md:4:11: error: unknown time zone 'Mars/Olympus_Mons'"),
              render: .accepted),
        Entry(path: "truncated.json", read: .invalid("truncated.json:1:85: error: the JSON ends in the middle of a value"),
              render: .accepted),
        Entry(path: "wrong-types.json", read: .recovered("wrong-types.json:$.title: warning: title should be a string"), render: .accepted),
        Entry(path: "out-of-range.json", read: .recovered("out-of-range.json:1:52: warning: number 1e999 is out of range"), render: .accepted),
        Entry(path: "impossible-dates.json", read: .recovered("impossible-dates.json:$.events[0].time: warning: time \"2026-02-30T10:00:00Z\" is not a valid"),
              render: .accepted),
        Entry(path: "unknown-zone.json", read: .recovered("unknown-zone.json:$.timezone: warning: unknown time zone"), render: .accepted),
        Entry(path: "pagerduty-garbage.json", read: .recovered("pagerduty-garbage.json:$.log_entries[3]: warning:"), render: .accepted),
        Entry(path: "slack-garbage.json", read: .recovered("slack-garbage.json:$[0].ts: warning: message timestamp \"abc\""), render: .accepted),
        Entry(path: "opsgenie-garbage.json", read: .recovered("opsgenie-garbage.json:$.alert.createdAt: warning:"), render: .accepted),
        Entry(path: "statuspage-garbage.json", read: .invalid("statuspage-garbage.json:$: error: expected a Hindsight JSON incident log"),
              render: .accepted),
        Entry(path: "incidentio-garbage.json", read: .recovered("incidentio-garbage.json:$.incident.name: warning:"), render: .accepted),
        Entry(path: "slack-channel.json", read: .invalid("slack-channel.json:$: error: expected a PagerDuty export"), render: .accepted,
              readArguments: ["--from", "pagerduty"]),
        Entry(path: "slack-channel.json", read: .invalid("slack-channel.json:$: error: expected a Statuspage export"), render: .accepted,
              readArguments: ["--from", "statuspage"]),
    ]

    /// The corpus, built once per test run (about 45 MB). Corpora left by earlier runs
    /// whose process has ended are removed first.
    static let folder: URL = {
        let temporary = FileManager.default.temporaryDirectory
        let prefix = "hindsight-bad-input-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(prefix) {
            if let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0 {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
        let folder = temporary.appendingPathComponent(prefix + "\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: files.path) {
                try FileManager.default.copyItem(at: files.appendingPathComponent(file), to: folder.appendingPathComponent(file))
            }
            for entry in generated {
                try entry.make?(folder)
            }
        } catch {
            // The tests then fail on the missing files, naming them.
        }
        return folder
    }()
}
