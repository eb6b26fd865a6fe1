import ArgumentParser
import Foundation
import Hindsight

#if canImport(Glibc)
import Glibc
#endif

/// `hindsight draft`: logs in, a retrospective report out.
struct Draft: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Draft a blameless retrospective (Markdown, and HTML with --html) from incident logs.",
        discussion: """
            Several inputs (for example a PagerDuty export, a Slack export folder and your notes) are merged into one \
            timeline. Without -o the Markdown report goes to standard output.
            """)

    @OptionGroup var reading: ReadingArguments
    @OptionGroup var template: TemplateArguments

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the Markdown report to this file.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Also write the report as a standalone HTML page.", valueName: "file"))
    var html: String?

    @Flag(help: "Draft every incident of an input that holds several; files are numbered (report-1.md, report-2.md, …).")
    var each = false

    @Flag(help: "Overwrite a report that reviewers have edited, keeping the old one as FILE.bak.")
    var force = false

    @Flag(help: "Regenerate the report given with -o, keeping reviewers' edits: edited blocks and all text outside the generated blocks stay as written.")
    var update = false

    @Option(help: ArgumentHelp("Print this time (ISO-8601) as the report's generation time. Without it the report has no clock time, so the same input gives the same bytes.", valueName: "instant"))
    var generatedAt: String?

    func validate() throws {
        if let generatedAt, Instants.parseISO8601(generatedAt, defaultZone: nil) == nil {
            throw ValidationError("'\(generatedAt)' is not an ISO-8601 instant with a zone, such as 2026-03-04T10:00:00Z")
        }
        if each && output == nil && html == nil {
            throw ValidationError("--each needs -o or --html to name the files to write")
        }
        if update && force {
            throw ValidationError("--update and --force cannot be used together: --update keeps reviewers' edits, --force overwrites them")
        }
        if update && output == nil {
            throw ValidationError("--update needs -o to name the report to update")
        }
    }

    func run() throws {
        let templates = try template.load()
        let configuration = try reading.loadConfiguration()
        // The logs are taken one at a time and each log and its reconstruction are
        // released once its Markdown exists, so a large incident's events are not held
        // while its HTML page is rendered (the peak of a long draft).
        var pending = try selectedLogs(configuration)
        // The inputs' parsed documents are gone, their memory scattered through the heap
        // between the strings the events keep: it is handed back before the
        // reconstruction allocates, or it would stay resident under the draft's peak.
        Memory.returnFreed()
        let count = pending.count
        pending.reverse()
        let options = RenderOptions(generatedAt: generatedAt.flatMap { Instants.parseISO8601($0, defaultZone: nil) }, templates: templates, treeFreed: Memory.returnFreed)
        /// The files to write, each as the parts its text is made of.
        var outputs: [(path: String, parts: [UTF8Text])] = []
        /// The HTML pages still to render, from their reports.
        var pages: [(path: String, markdown: UTF8Text)] = []
        var progress = ProgressCounter("drafting", total: count)
        defer { progress.finish() }
        var updated: Set<String> = []
        var notes: [String] = []
        var index = -1
        while !pending.isEmpty {
            index += 1
            var markdown = try draftMarkdown(pending.removeLast(), index: index, configuration: configuration, options: options, progress: &progress)
            // The log and its reconstruction are gone; what they held is not handed back
            // to the system here (the heap's free pages would be faulted in again, zeroed,
            // by the next stage): the pages' stages allocate from it, and the peak is the
            // same.
            let suffix = count > 1 ? "-\(index + 1)" : ""
            if let output {
                let path = Self.numbered(output, suffix)
                if update, let merge = try ReportUpdate.merge(markdown.string, into: path) {
                    markdown = UTF8Text(merge.text)
                    notes += merge.notes
                    updated.insert(path)
                }
                outputs.append((path, [markdown]))
            } else if !each {
                Console.output(markdown.string)
            }
            if let html {
                pages.append((Self.numbered(html, suffix), markdown))
            }
        }
        // A page whose name a report could have needs its text checked first.
        if pages.contains(where: { Self.isGuarded($0.path, output: output) }) {
            for page in pages {
                outputs.append((page.path, ReportRenderer.htmlParts(markdown: page.markdown, options: options)))
            }
            pages = []
        }
        // Check every target before writing any, so a refusal leaves nothing half done.
        for target in outputs where Self.isGuarded(target.path, output: output) && !updated.contains(target.path) {
            try ReportGuard.checkOverwrite(target.path, with: target.parts, force: force)
        }
        for note in notes {
            Console.error(note)
        }
        // The reports are written while the pages are rendered; the pages after them.
        let reports = outputs
        let written = BackgroundWork { () throws(CommandFailure) in
            for target in reports {
                try Files.write(parts: target.parts, to: target.path)
            }
        }
        let rendered = pages.map { (path: $0.path, parts: ReportRenderer.htmlParts(markdown: $0.markdown, options: options)) }
        try written.wait()
        for target in rendered {
            try Files.write(parts: target.parts, to: target.path)
        }
    }

    /// Whether a target is checked for reviewers' edits before it is overwritten.
    static func isGuarded(_ path: String, output: String?) -> Bool {
        path.hasSuffix(".md") || path == output
    }

    /// The logs to draft: all of them with `--each`, else the one chosen.
    private func selectedLogs(_ configuration: HindsightConfiguration) throws -> [IncidentLog] {
        let (logs, _) = try reading.readIncidents(configuration)
        return each ? logs : [try selectSingle(logs, inputs: reading.inputs)]
    }

    /// One log's Markdown report; the log and its reconstruction end with the call.
    private func draftMarkdown(
        _ log: consuming IncidentLog, index: Int, configuration: HindsightConfiguration, options: RenderOptions,
        progress: inout ProgressCounter
    ) throws -> UTF8Text {
        progress.step(log.metadata.id ?? log.metadata.title ?? "incident \(index + 1)")
        // The log is handed over: its events are not held beside the reconstruction's.
        let reconstructionOptions = reading.reconstructionOptions(for: log, configuration)
        // Reconstructed and written in one go (the timeline's rows are written while the
        // findings are analysed); the report is used only if the diagnostics allow it.
        let draft = ReportRenderer.draftUTF8(consume log, reconstruction: reconstructionOptions, options: options)
        try reading.check(draft.diagnostics)
        return draft.markdown
    }

    static func numbered(_ path: String, _ suffix: String) -> String {
        guard !suffix.isEmpty else { return path }
        let ns = path as NSString
        let ext = ns.pathExtension
        return ext.isEmpty ? path + suffix : ns.deletingPathExtension + suffix + "." + ext
    }
}

/// Protects reviewers' work: a report whose generated blocks were edited, or with text
/// the new draft does not contain, is not overwritten without `--force`.
enum ReportGuard {
    /// `parts` is the new text, in the pieces it is written from.
    static func checkOverwrite(_ path: String, with parts: [UTF8Text], force: Bool) throws(CommandFailure) {
        // Only a regular file can hold a reviewer's work (not `/dev/stdout` or a pipe).
        guard FileManager.default.fileExists(atPath: path), Files.isRegularFile(path) else { return }
        let newText = UTF8Text.joined(parts)
        let old = try Files.text(path)
        // An empty file (a shell's `> file` before the command ran) holds no one's words.
        guard old != newText, !old.allSatisfy(\.isWhitespace) else { return }
        let edits = ReportEdits.find(in: old, comparedTo: newText)
        guard !edits.isEmpty else { return }
        if force {
            let backup = path + ".bak"
            try Files.write(old, to: backup, permissionsFrom: path)
            Console.error("hindsight: note: \(path) had reviewer edits; the old report is kept as \(backup)")
            return
        }
        var message = "\(path): error: the report has been edited since it was drafted; not overwriting it"
        for edit in edits.prefix(5) {
            message += "\n\(path):\(edit.line): note: \(edit.description)"
        }
        message += "\nPass --update to regenerate it keeping the edits, or --force to overwrite it (the old report is kept as \(path).bak)."
        throw .invalid(message)
    }
}

/// `draft --update`: merges the new draft into the report on disk, so reviewers' edits
/// survive regeneration (see ``ReportMerge``).
enum ReportUpdate {
    /// The merged report and its notes, printed compiler-style; nil when there is no
    /// report at `path` yet (the draft is written as it is). Refuses a file that is not
    /// a report Hindsight drafted.
    static func merge(_ draft: String, into path: String) throws(CommandFailure) -> (text: String, notes: [String])? {
        guard FileManager.default.fileExists(atPath: path), Files.isRegularFile(path) else { return nil }
        let existing = try Files.text(path)
        let merge = ReportMerge.update(existing: existing, fresh: draft)
        if merge.notes.contains(where: { $0.kind == .notAReport }) {
            throw .invalid("""
                \(path): error: the file has no Hindsight markers (<!-- hindsight:begin … -->), so it is not a report Hindsight drafted; not updating it
                Write the draft to another file, or pass --force instead of --update to replace it (the old file is kept as \(path).bak).
                """)
        }
        return (merge.text, merge.notes.map { "\(path):\($0.line): note: \($0.message)" })
    }
}

/// Work run on another thread while the caller goes on; ``wait()`` returns when it is
/// done and throws what it threw.
final class BackgroundWork: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written by the work's thread before it signals, read after the wait.
    private var failure: CommandFailure?

    init(_ work: @escaping @Sendable () throws(CommandFailure) -> Void) {
        let thread = Thread { [self] in
            do throws(CommandFailure) {
                try work()
            } catch {
                failure = error
            }
            done.signal()
        }
        thread.start()
    }

    func wait() throws(CommandFailure) {
        done.wait()
        if let failure { throw failure }
    }
}

/// The process's heap. glibc keeps memory freed in the middle of its heap resident
/// for later allocations; a long draft frees tens of megabytes between stages, while
/// the next stage's large buffers are mapped anew, so both would count in its peak.
enum Memory {
    /// Returns the heap's free pages to the system (no effect where there is no glibc).
    static func returnFreed() {
        #if canImport(Glibc)
        // `malloc_trim` is not in Swift's Glibc module; it is looked up once (a null
        // handle is glibc's RTLD_DEFAULT).
        _ = trim?(0)
        #endif
    }

    /// Has every block of a megabyte or more mapped on its own and unmapped when freed.
    ///
    /// glibc otherwise raises that threshold to the size of the largest mapped block
    /// freed so far, so after the first large buffer of a long draft (the log's text)
    /// the next ones (rows, the report, the page) come from the heap, where what the
    /// other cores allocated meanwhile keeps their pages resident: a 100,000-event draft
    /// then peaks at 11x its input instead of 9.5x.
    static func mapLargeBlocks() {
        #if canImport(Glibc)
        _ = options?(mmapThreshold, 1 << 20)
        #endif
    }

    #if canImport(Glibc)
    private typealias Trim = @convention(c) (Int) -> Int32
    private static let trim: Trim? = dlsym(nil, "malloc_trim").map { unsafeBitCast($0, to: Trim.self) }
    private typealias Options = @convention(c) (Int32, Int32) -> Int32
    private static let options: Options? = dlsym(nil, "mallopt").map { unsafeBitCast($0, to: Options.self) }
    /// glibc's `M_MMAP_THRESHOLD`.
    private static let mmapThreshold: Int32 = -3
    #endif
}
