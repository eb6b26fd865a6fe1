import Foundation

/// Reads Slack workspace exports: the export folder (`users.json`, `channels.json`,
/// `<channel>/<YYYY-MM-DD>.json`) or a single day file (an array of messages).
///
/// Decisions, so the timeline holds what people said and did:
/// - Membership and housekeeping notices (`channel_join`/`leave`, `group_join`/`leave`,
///   `bot_add`/`bot_remove`, pins, archive notices, hidden records) are skipped and
///   counted in one note: they say nothing about the incident.
/// - Bot messages are kept: alerts and deploy notices usually arrive as bots. A bot
///   message without text takes its text from its first attachment (pretext or
///   fallback); one with neither text nor attachments is skipped.
/// - Edits: an export already holds a message's latest text; `message_changed`
///   records replace the text of the message they edit and `message_deleted` removes it.
/// - Several channels: `--incident` picks a channel by name; without it all channels
///   are merged in time order (each event's origin names its channel) with a note,
///   because an incident often spills into neighbouring channels.
enum SlackImporter {
    static let skippedSubtypes: Set<String> = [
        "channel_join", "channel_leave", "group_join", "group_leave", "bot_add", "bot_remove",
        "pinned_item", "unpinned_item", "channel_archive", "channel_unarchive", "group_archive", "group_unarchive",
        "reminder_add", "reminder_delete",
    ]

    static let timeZoneNote = "UTC (Slack timestamps are UTC)"

    /// A day file: an array of objects with `ts` strings (type `message`).
    static func matchesDayFile(_ root: JSONCursor) -> Bool {
        guard let elements = root.elements, !elements.isEmpty else { return false }
        return elements.prefix(5).contains { $0["ts"].string != nil && ($0["type"].string == "message" || $0["text"].isPresent) }
    }

    // MARK: Folder

    static func readFolder(_ files: [String: Data], name: String, options: ReadingOptions) -> ReadResult {
        var diagnostics: [Diagnostic] = []
        var directory = SlackDirectory()
        var dayFiles: [(channel: String, path: String)] = []
        for path in files.keys.sorted() {
            let components = path.split(separator: "/").map(String.init)
            guard let last = components.last, last.hasSuffix(".json") else { continue }
            if components.count == 1 || !isDayFileName(last) {
                switch last {
                case "users.json", "channels.json", "groups.json", "mpims.json", "dms.json":
                    guard let data = files[path] else { continue }
                    let (document, problems) = JSONDocument.parse(data, file: "\(name)/\(path)")
                    diagnostics += problems
                    guard let document else { continue }
                    if last == "users.json" { directory.addUsers(document.root) } else { directory.addChannels(document.root) }
                default:
                    continue
                }
                continue
            }
            dayFiles.append((components[components.count - 2], path))
        }
        guard !dayFiles.isEmpty else {
            diagnostics.append(Diagnostic(.error, "no Slack channel messages found; expected <channel>/<YYYY-MM-DD>.json files in the export", at: SourceLocation(file: name)))
            return ReadResult(diagnostics: diagnostics)
        }
        var channelNames: [String] = []
        for file in dayFiles where !channelNames.contains(file.channel) { channelNames.append(file.channel) }

        var chosen = channelNames
        if let query = options.incident?.trimmingCharacters(in: .whitespaces), !query.isEmpty {
            let needle = (query.hasPrefix("#") ? String(query.dropFirst()) : query).lowercased()
            var matches = channelNames.filter { $0.lowercased() == needle }
            if matches.isEmpty { matches = channelNames.filter { $0.lowercased().contains(needle) } }
            guard !matches.isEmpty else {
                diagnostics.append(Diagnostic(
                    .error, "no Slack channel matches --incident \"\(query)\"; the export holds: \(channelNames.map { "#\($0)" }.joined(separator: ", "))",
                    at: SourceLocation(file: name)))
                return ReadResult(diagnostics: diagnostics)
            }
            chosen = matches
        } else if channelNames.count > 1 {
            diagnostics.append(Diagnostic(
                .note, "the export holds \(channelNames.count) channels (\(channelNames.map { "#\($0)" }.joined(separator: ", "))); their messages are merged in time order — pick one with --incident",
                at: SourceLocation(file: name)))
        }

        var collector = MessageCollector(directory: directory)
        let read = dayFiles.filter { chosen.contains($0.channel) && files[$0.path] != nil }
        func parse(_ index: Int) -> (document: JSONDocument?, problems: [Diagnostic]) {
            JSONDocument.parse(files[read[index].path] ?? Data(), file: "\(name)/\(read[index].path)")
        }
        // While one day's messages are collected, the next day's file is parsed on the
        // other core (two files' trees held at a time, not all of them).
        var next = read.isEmpty ? nil : parse(0)
        for index in read.indices {
            let (document, problems) = next ?? (nil, [])
            diagnostics += problems
            let report = JSONDiagnostics(file: "\(name)/\(read[index].path)")
            (next, _) = ParallelWork.both(
                { index + 1 < read.count ? parse(index + 1) : nil },
                { if let document { collector.add(document.root, channel: read[index].channel, report: report) } })
            diagnostics += report.items
        }
        var log = IncidentLog(sources: [name], timeZoneNote: timeZoneNote)
        log.events = collector.events()
        if let skipped = collector.skippedNote() {
            diagnostics.append(Diagnostic(.note, skipped, at: SourceLocation(file: name)))
        }
        return ReadResult(logs: [log], diagnostics: diagnostics)
    }

    private static func isDayFileName(_ file: String) -> Bool {
        let stem = file.dropLast(5)
        return stem.count == 10 && CalendarDate(String(stem)) != nil
    }

    // MARK: Single day file

    static func readDayFile(_ root: JSONCursor, name: String, report: JSONDiagnostics) -> [IncidentLog]? {
        guard root.elements != nil else { return nil }
        var collector = MessageCollector(directory: SlackDirectory())
        let channel = channelName(fromPath: name)
        collector.add(root, channel: channel, report: report)
        var log = IncidentLog(sources: [name], timeZoneNote: timeZoneNote)
        log.events = collector.events()
        if let skipped = collector.skippedNote() { report.note(skipped, at: nil) }
        return [log]
    }

    /// `export/incident-42/2026-03-04.json` → `incident-42`.
    private static func channelName(fromPath path: String) -> String? {
        let components = path.split(separator: "/")
        guard components.count >= 2, let last = components.last, isDayFileName(String(last)) else { return nil }
        return String(components[components.count - 2])
    }

    // MARK: Messages

    /// Slack's `"1452845865.000008"`: whole seconds and microseconds, kept as integers
    /// so ordering is exact.
    static func parseTimestamp(_ ts: String) -> (seconds: Int, micros: Int)? {
        let parts = ts.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let seconds = Int(parts[0]), seconds > 0, seconds < 32_503_680_000 else { return nil }
        var micros = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            // The first six digits, as many zeros after them as make six.
            for digit in digits.utf8.prefix(6) { micros = micros * 10 + Int(digit - 48) }
            for _ in digits.utf8.count..<max(digits.utf8.count, 6) { micros *= 10 }
        }
        return (seconds, micros)
    }

    /// Gathers messages from day files, applies edits and deletions, and orders them.
    struct MessageCollector {
        let directory: SlackDirectory
        private var items: [(key: Int64, order: Int, event: TimelineEvent)] = []
        private var indexByTimestamp: [String: Int] = [:]
        private var skipped: [String: Int] = [:]
        private var authorCache: [String: String] = [:]

        init(directory: SlackDirectory) {
            self.directory = directory
        }

        mutating func add(_ root: JSONCursor, channel: String?, report: JSONDiagnostics) {
            guard let messages = root.elements else {
                report.warning("a Slack day file should be an array of messages, found \(root.kindDescription)", at: root.path)
                return
            }
            for message in messages {
                guard message.isObject else {
                    report.warning("expected a message object, found \(message.kindDescription); skipped", at: message.path)
                    continue
                }
                add(message: message, channel: channel, report: report)
            }
        }

        private mutating func add(message: JSONCursor, channel: String?, report: JSONDiagnostics) {
            let subtype = message["subtype"].string
            if let subtype, SlackImporter.skippedSubtypes.contains(subtype) {
                skipped[subtype, default: 0] += 1
                return
            }
            let channelKey = channel ?? ""
            if subtype == "message_deleted" {
                if let ts = message["deleted_ts"].string, let index = indexByTimestamp[channelKey + "/" + ts] {
                    items[index].key = Int64.min
                }
                skipped["message_deleted", default: 0] += 1
                return
            }
            if subtype == "message_changed" {
                let edited = message["message"]
                if let ts = edited["ts"].string, let index = indexByTimestamp[channelKey + "/" + ts],
                    let replacement = makeEvent(edited, channel: channel, report: report)
                {
                    items[index].event.text = replacement.text
                    items[index].event.details = replacement.details
                    return
                }
                if edited.isObject { add(message: edited, channel: channel, report: report) }
                return
            }
            if message["hidden"].bool == true {
                skipped["hidden", default: 0] += 1
                return
            }
            guard let ts = message["ts"].string else {
                report.warning("message has no \"ts\" timestamp; skipped", at: message.path)
                return
            }
            guard let stamp = SlackImporter.parseTimestamp(ts) else {
                report.warning("message timestamp \"\(ts.prefix(40))\" is not a Slack ts like \"1452845865.000008\"; skipped", at: message["ts"].path)
                return
            }
            guard let event = makeEvent(message, channel: channel, report: report) else {
                skipped["empty", default: 0] += 1
                return
            }
            indexByTimestamp[channelKey + "/" + ts] = items.count
            items.append((Int64(stamp.seconds) * 1_000_000 + Int64(stamp.micros), items.count, event))
        }

        private mutating func makeEvent(_ message: JSONCursor, channel: String?, report: JSONDiagnostics) -> TimelineEvent? {
            let subtype = message["subtype"].string
            var body = report.string(message["text"], "text").map { SlackMarkup.markdown($0, directory: directory) } ?? ""
            var details: [String] = []
            let attachments = message["attachments"].elements ?? []
            if body.isEmpty, let first = attachments.first {
                let lead = first["pretext"].text ?? first["fallback"].text ?? first["title"].text ?? first["text"].text ?? ""
                body = SlackMarkup.markdown(lead, directory: directory)
                if let attachmentText = first["text"].text, attachmentText != lead {
                    details.append(SlackMarkup.markdown(attachmentText, directory: directory))
                }
            }
            if body.isEmpty, let file = message["files"][0].isPresent ? message["files"][0] : (message["file"].isPresent ? message["file"] : nil) {
                body = "Shared a file: \(file["title"].text ?? file["name"].text ?? "untitled")"
            }
            // Blank when every scalar is white space (as `.whitespacesAndNewlines` has it),
            // told from the first scalar for nearly every message instead of a trimmed copy.
            guard !body.unicodeScalars.allSatisfy(\.properties.isWhitespace) else { return nil }

            let author = authorName(message)
            var time: EventTime?
            if let ts = message["ts"].string, let stamp = SlackImporter.parseTimestamp(ts) {
                time = EventTime(
                    instant: Date(timeIntervalSince1970: Double(stamp.seconds) + Double(stamp.micros) / 1_000_000),
                    precision: .second, zone: "UTC")
            }
            var origin = "Slack"
            if let channel { origin += " #\(channel)" }
            if let subtype { origin += " \(subtype)" }
            if let thread = message["thread_ts"].string, thread != message["ts"].string { origin += " (thread reply)" }
            return ImportedTimeline.event(
                time, body, details: details, author: author, origin: origin, source: report.location(message.path),
                writtenTime: message["ts"].string)
        }

        private mutating func authorName(_ message: JSONCursor) -> String? {
            if let user = message["user"].text {
                if let cached = authorCache[user] { return cached }
                let name = directory.users[user] ?? message["user_profile"]["real_name"].text
                    ?? message["user_profile"]["display_name"].text ?? message["user_name"].text ?? message["username"].text ?? user
                authorCache[user] = name
                return name
            }
            if let name = message["username"].text ?? message["bot_profile"]["name"].text { return name }
            if let bot = message["bot_id"].text { return "bot \(bot)" }
            return nil
        }

        /// The kept messages oldest first; same-instant messages keep file order.
        func events() -> [TimelineEvent] {
            items.filter { $0.key != Int64.min }
                .sorted { $0.key != $1.key ? $0.key < $1.key : $0.order < $1.order }
                .map(\.event)
        }

        /// "skipped 11 messages without incident content (bot_add: 3, channel_join: 8)".
        func skippedNote() -> String? {
            let total = skipped.values.reduce(0, +)
            guard total > 0 else { return nil }
            let parts = skipped.keys.sorted().map { "\($0): \(skipped[$0] ?? 0)" }
            return "skipped \(total) Slack message\(total == 1 ? "" : "s") without incident content (\(parts.joined(separator: ", ")))"
        }
    }
}
