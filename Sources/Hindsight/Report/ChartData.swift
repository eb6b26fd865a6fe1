import Foundation

/// Everything the incident-at-a-glance timeline draws, reduced to plain values: instants
/// as whole seconds since 1970 (UTC), short plain-text labels, and the report zone's name
/// and UTC offset at the start of the incident for local-time axis labels.
///
/// The Markdown report carries it as an invisible HTML comment
/// (`<!-- hindsight:chart {json} -->`, see ``markdownComment()``) so that rendering an
/// edited report can redraw the chart without the original log.
public struct ChartData: Codable, Hashable, Sendable {
    /// The format of the embedded comment; a report with another version gets no chart.
    public static let currentVersion = 1

    /// A stretch of time, `start` ≤ `end`.
    public struct Span: Codable, Hashable, Sendable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }
    }

    /// A milestone: its ``MilestoneKind`` key (`detected`), when, and how it is known
    /// (a ``MilestoneConfidence`` raw value).
    public struct Moment: Codable, Hashable, Sendable {
        public var kind: String
        public var at: Int
        public var confidence: String
        public var approximate: Bool

        public init(kind: String, at: Int, confidence: String, approximate: Bool = false) {
            self.kind = kind
            self.at = at
            self.confidence = confidence
            self.approximate = approximate
        }
    }

    /// A lifecycle phase between two consecutive milestones, named after the stage of
    /// incident response it covers (`diagnose`: from declaration or acknowledgement to the
    /// cause being identified).
    public struct Phase: Codable, Hashable, Sendable {
        /// Lowercase ASCII key, also the CSS class suffix (`hs-phase-diagnose`).
        public var key: String
        public var title: String
        public var start: Int
        public var end: Int

        public init(key: String, title: String, start: Int, end: Int) {
            self.key = key
            self.title = title
            self.start = start
            self.end = end
        }
    }

    /// Someone paged or pulled in after the first responder.
    public struct EscalationMark: Codable, Hashable, Sendable {
        public var at: Int
        public var level: Int
        /// `functional` or `hierarchical`.
        public var direction: String
        public var target: String

        public init(at: Int, level: Int, direction: String, target: String) {
            self.at = at
            self.level = level
            self.direction = direction
            self.target = target
        }
    }

    /// A change of command or of the shift on duty.
    public struct HandoffMark: Codable, Hashable, Sendable {
        public var at: Int
        /// `command` or `shift`.
        public var kind: String
        public var to: String?

        public init(at: Int, kind: String, to: String? = nil) {
            self.at = at
            self.kind = kind
            self.to = to
        }
    }

    /// A remediation attempt that did not help.
    public struct FailedAttempt: Codable, Hashable, Sendable {
        public var at: Int
        public var label: String

        public init(at: Int, label: String) {
            self.at = at
            self.label = label
        }
    }

    public var version: Int
    /// The incident's title, for the chart's accessible name.
    public var title: String
    /// The report zone's name (`Europe/Berlin`) and its offset from UTC in seconds at the
    /// start of the incident; axis labels use this one offset throughout.
    public var zone: String
    public var utcOffset: Int
    /// From the start of impact to mitigation, or else resolution; `end` is nil when
    /// the log does not say when the impact ended.
    public var impactStart: Int?
    public var impactEnd: Int?
    /// Known milestones, in lifecycle order.
    public var milestones: [Moment]
    public var phases: [Phase]
    public var escalations: [EscalationMark]
    public var handoffs: [HandoffMark]
    /// Stakeholder updates, and the stretches without one for longer than the cadence.
    public var updates: [Int]
    public var communicationGaps: [Span]
    public var failedAttempts: [FailedAttempt]
    /// When the SLA's resolution target passed without resolution.
    public var slaBreach: Int?

    public init(
        title: String, zone: String, utcOffset: Int, impactStart: Int? = nil, impactEnd: Int? = nil,
        milestones: [Moment], phases: [Phase] = [], escalations: [EscalationMark] = [], handoffs: [HandoffMark] = [],
        updates: [Int] = [], communicationGaps: [Span] = [], failedAttempts: [FailedAttempt] = [], slaBreach: Int? = nil
    ) {
        self.version = Self.currentVersion
        self.title = title
        self.zone = zone
        self.utcOffset = utcOffset
        self.impactStart = impactStart
        self.impactEnd = impactEnd
        self.milestones = milestones
        self.phases = phases
        self.escalations = escalations
        self.handoffs = handoffs
        self.updates = updates
        self.communicationGaps = communicationGaps
        self.failedAttempts = failedAttempts
        self.slaBreach = slaBreach
    }
}

// MARK: - From a reconstruction

extension ChartData {
    /// The longest label kept, in characters; longer ones are cut at a word and get `…`.
    static let labelLimit = 40

    /// What the chart shows of a reconstruction. Events without a time are left out:
    /// they have no place on a time axis.
    public init(_ r: Reconstruction) {
        let milestones = r.milestones.compactMap { milestone -> Moment? in
            guard let at = Self.seconds(milestone.time.instant) else { return nil }
            return Moment(kind: milestone.kind.rawValue, at: at, confidence: milestone.confidence.rawValue, approximate: milestone.time.approximate)
        }
        func at(_ index: Int) -> Int? {
            guard r.events.indices.contains(index), let time = r.events[index].event.time else { return nil }
            return Self.seconds(time.instant)
        }
        let impactStart = r.milestone(.impactStarted).flatMap { Self.seconds($0.time.instant) }
        let impactEnd = impactStart == nil ? nil : (r.milestone(.mitigated) ?? r.milestone(.resolved)).flatMap { Self.seconds($0.time.instant) }
        let start = r.milestones.map(\.time.instant).min() ?? r.events.compactMap { $0.event.time?.instant }.min()

        self.init(
            title: Self.label(r.metadata.title ?? r.metadata.id.map { "Incident \($0)" } ?? "Incident", limit: 120),
            zone: r.reportZone.name,
            utcOffset: start.map { r.reportZone.zone.secondsFromGMT(for: $0) } ?? 0,
            impactStart: impactStart,
            impactEnd: impactEnd.flatMap { end in impactStart.map { end >= $0 } == true ? end : nil },
            milestones: milestones,
            phases: Self.phases(between: milestones),
            escalations: r.escalations.compactMap { escalation in
                at(escalation.evidence).map {
                    EscalationMark(at: $0, level: escalation.level, direction: escalation.direction.rawValue, target: Self.label(escalation.target))
                }
            },
            handoffs: r.handoffs.compactMap { handoff in
                at(handoff.evidence).map { HandoffMark(at: $0, kind: handoff.kind.rawValue, to: handoff.to.map { Self.label($0) }) }
            },
            // (Kinds read where the events lie: a copy of each event retains its strings.)
            updates: r.events.withUnsafeBufferPointer { events in
                events.indices.filter { events[$0].kinds.contains(.communication) }
            }.compactMap(at),
            communicationGaps: r.communicationGaps.compactMap { gap in
                guard let start = Self.seconds(gap.start), let end = Self.seconds(gap.end), end >= start else { return nil }
                return Span(start: start, end: end)
            },
            failedAttempts: r.failedRemediations.compactMap { index in
                at(index).map { FailedAttempt(at: $0, label: Self.label(r.events[index].event.text)) }
            },
            slaBreach: r.serviceLevels.slaBreachTime.flatMap(Self.seconds)
        )
    }

    /// The lifecycle phases between the milestones (see ``LifecyclePhase/phases(between:)``).
    static func phases(between milestones: [Moment]) -> [Phase] {
        let moments = milestones.compactMap { moment in
            MilestoneKind(rawValue: moment.kind).map { (kind: $0, at: Date(timeIntervalSince1970: Double(moment.at))) }
        }
        return LifecyclePhase.phases(between: moments).compactMap { phase in
            guard let start = seconds(phase.start), let end = seconds(phase.end) else { return nil }
            return Phase(key: phase.key, title: phase.title, start: start, end: end)
        }
    }

    /// Whole seconds since 1970 for an instant, nil for one no chart can place (not
    /// finite, or beyond ±3,000 years).
    static func seconds(_ date: Date) -> Int? {
        let value = date.timeIntervalSince1970.rounded(.down)
        guard value.isFinite, abs(value) <= ChartData.instantLimit else { return nil }
        return Int(value)
    }

    /// The largest magnitude of instant the chart accepts, in seconds.
    static let instantLimit: Double = 1e11

    /// A short plain-text label: the first line of inline Markdown with emphasis,
    /// code and link syntax removed, cut at a word to `limit` characters.
    static func label(_ markdown: String, limit: Int = labelLimit) -> String {
        // Where every character is one scalar, scalars give the same answer for less.
        if let scalars = LabelScalars.standalone(markdown) {
            return LabelScalars.string(LabelScalars.truncated(LabelScalars.label(scalars), limit: limit))
        }
        return characterLabel(markdown, limit: limit)
    }

    /// ``label(_:limit:)`` character by character, as first written (the tests compare them).
    static func characterLabel(_ markdown: String, limit: Int = labelLimit) -> String {
        let characters = Array(markdown.split(whereSeparator: \.isNewline).joined(separator: " "))
        func at(_ index: Int) -> Character { characters.indices.contains(index) ? characters[index] : " " }
        var text = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "*", "`":
                break
            case "_" where at(index - 1) == " " || at(index + 1) == " " || at(index - 1).isPunctuation || at(index + 1).isPunctuation:
                break
            case "\\" where at(index + 1).isPunctuation || at(index + 1).isSymbol:
                index += 1
                text.append(characters[index])
            case "[":
                // `[text](destination)`: keep the text, drop the destination.
                if let close = characters[index...].firstIndex(of: "]"), at(close + 1) == "(",
                    let end = Self.closingParenthesis(in: characters, from: close + 1)
                {
                    text += String(characters[(index + 1)..<close]).filter { $0 != "*" && $0 != "`" }
                    index = end
                } else {
                    text.append(character)
                }
            default:
                text.append(character.isWhitespace ? " " : character)
            }
            index += 1
        }
        return characterTruncated(text, limit: limit)
    }

    /// Plain text on one line with runs of spaces collapsed, cut at a word to `limit`
    /// characters with `…` when longer.
    static func truncated(_ text: String, limit: Int) -> String {
        guard let scalars = LabelScalars.standalone(text) else { return characterTruncated(text, limit: limit) }
        let result = LabelScalars.truncated(scalars, limit: limit)
        return result == scalars ? text : LabelScalars.string(result)
    }

    /// ``truncated(_:limit:)`` character by character, as first written (the tests compare them).
    static func characterTruncated(_ text: String, limit: Int) -> String {
        let single = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard single.count > limit else { return single }
        let cut = single.prefix(max(1, limit - 1))
        var head = String(cut)
        let wholeWord = single.dropFirst(cut.count).first == " "
        if !wholeWord, let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            head = String(cut[..<space])
        }
        while let last = head.last, last == " " || last == "," || last == ";" || last == ":" || last == "." || last == "\u{2014}" || last == "-" {
            head.removeLast()
        }
        return head + "\u{2026}"
    }

    /// The index of the `)` that closes the `(` at `open`, counting nested pairs.
    static func closingParenthesis<Unit: Equatable & ExpressibleByUnicodeScalarLiteral>(
        in characters: [Unit], from open: Int
    ) -> Int? {
        var depth = 0
        for index in open..<characters.count {
            if characters[index] == "(" { depth += 1 }
            if characters[index] == ")" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }
}

/// ``ChartData/label(_:limit:)`` and ``ChartData/truncated(_:limit:)`` on the scalars of
/// text where every character is a single scalar (``standalone(_:)``): there a scalar
/// answers every question the character code asks (whitespace, newline, punctuation
/// and symbol are its first scalar's properties), and removing or adding scalars
/// cannot join neighbours into one character, so the results are the same.
enum LabelScalars {
    static let space: Unicode.Scalar = " "

    /// The scalars of `text` when each is a character of its own (or the CR of a CR LF);
    /// nil otherwise. Only ASCII, Latin letters and general punctuation are accepted:
    /// none extends, joins or prepends to a neighbour, and none is canonically
    /// equivalent to another scalar the labels compare with.
    static func standalone(_ text: String) -> [Unicode.Scalar]? {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0..<0x80, 0xA0...0x24F, 0x1E00...0x1EFF, 0x2010...0x2027, 0x2030...0x205E: scalars.append(scalar)
            default: return nil
            }
        }
        return scalars
    }

    static func string(_ scalars: [Unicode.Scalar]) -> String {
        // Encoded into bytes first: appending to a string's scalars one at a time costs
        // hundreds of instructions a scalar.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count + scalars.count / 2)
        for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `Character.isWhitespace`: the White_Space property.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D) : scalar.properties.isWhitespace
    }

    /// `Character.isNewline`.
    static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// `Character.isPunctuation`: a punctuation general category.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            true
        default: false
        }
    }

    /// `Character.isSymbol`: a symbol general category.
    static func isSymbol(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: true
        default: false
        }
    }

    /// `split(whereSeparator: isSeparator).joined(separator: " ")` on scalars: runs of
    /// separators become one space, none at either end.
    static func joined(_ scalars: [Unicode.Scalar], splitAt isSeparator: (Unicode.Scalar) -> Bool) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        var pending = false
        for scalar in scalars {
            if isSeparator(scalar) {
                pending = pending || !result.isEmpty
            } else {
                if pending {
                    result.append(space)
                    pending = false
                }
                result.append(scalar)
            }
        }
        return result
    }

    /// ``ChartData/characterLabel(_:limit:)`` before the cut.
    static func label(_ markdown: [Unicode.Scalar]) -> [Unicode.Scalar] {
        // `split(whereSeparator: \.isNewline).joined(separator: " ")`
        let characters = joined(markdown, splitAt: isNewline)
        func at(_ index: Int) -> Unicode.Scalar { characters.indices.contains(index) ? characters[index] : space }
        var text: [Unicode.Scalar] = []
        text.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "*", "`":
                break
            case "_" where at(index - 1) == space || at(index + 1) == space || isPunctuation(at(index - 1)) || isPunctuation(at(index + 1)):
                break
            case "\\" where isPunctuation(at(index + 1)) || isSymbol(at(index + 1)):
                index += 1
                text.append(characters[index])
            case "[":
                // `[text](destination)`: keep the text, drop the destination.
                if let close = characters[index...].firstIndex(of: "]"), at(close + 1) == "(",
                    let end = ChartData.closingParenthesis(in: characters, from: close + 1)
                {
                    text += characters[(index + 1)..<close].filter { $0 != "*" && $0 != "`" }
                    index = end
                } else {
                    text.append(character)
                }
            default:
                text.append(isWhitespace(character) ? space : character)
            }
            index += 1
        }
        return text
    }


    /// ``ChartData/characterTruncated(_:limit:)``.
    static func truncated(_ text: [Unicode.Scalar], limit: Int) -> [Unicode.Scalar] {
        // `split(whereSeparator: \.isWhitespace).joined(separator: " ")`
        let single = joined(text, splitAt: isWhitespace)
        guard single.count > limit else { return single }
        let cut = single.prefix(max(1, limit - 1))
        var head = Array(cut)
        let wholeWord = cut.count < single.count && single[cut.count] == space
        if !wholeWord, let found = cut.lastIndex(of: space), found > limit / 2 {
            head = Array(cut[..<found])
        }
        while let last = head.last, last == " " || last == "," || last == ";" || last == ":" || last == "." || last == "\u{2014}" || last == "-" {
            head.removeLast()
        }
        return head + ["\u{2026}"]
    }
}

// MARK: - The Markdown comment

extension ChartData {
    static let commentPrefix = "<!-- hindsight:chart "

    /// The one-line HTML comment that carries the chart in a Markdown report:
    /// `<!-- hindsight:chart {json} -->`. The JSON has sorted keys; inside its strings
    /// `-`, `<`, `>` and `&` are written as `\u002d`, `\u003c`, `\u003e`, `\u0026`, and
    /// line and paragraph separators as escapes too, so no label can end the comment,
    /// open a tag, or break the line. The JSON stays readable and diffable in review.
    ///
    /// Written field by field, as `JSONEncoder` with sorted keys writes it followed by
    /// the escapes above (the tests compare the two): a long incident's chart has tens
    /// of thousands of marks, which the encoder takes tens of milliseconds over. The
    /// data is remembered with its comment for a while, so rendering the report just
    /// drafted does not decode it.
    public func markdownComment() -> String {
        var json = ChartJSON(capacity: 64 + 24 * (updates.count + 2 * communicationGaps.count) + 96 * (escalations.count + handoffs.count + failedAttempts.count))
        json.write(self)
        let comment = Self.commentPrefix + json.string() + " -->"
        ChartCommentMemo.shared.remember(self, as: comment)
        return comment
    }

    /// ``markdownComment()`` through `JSONEncoder` and ``commentSafe(_:)``, as first
    /// written (the tests compare the two).
    func encodedMarkdownComment() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return "" }
        return Self.commentPrefix + Self.commentSafe(String(decoding: data, as: UTF8.self)) + " -->"
    }

    /// The chart of a Markdown report: the first `hindsight:chart` comment on a line of
    /// its own, decoded; nil when there is none or it cannot be read.
    public static func parse(fromMarkdown markdown: String) -> ChartData? {
        var copy = markdown
        return copy.withUTF8 { parse(fromMarkdown: $0) }
    }

    /// ``parse(fromMarkdown:)-(String)`` of a report's UTF-8 bytes.
    static func parse(fromMarkdown bytes: UnsafeBufferPointer<UInt8>) -> ChartData? {
        var found: Substring?
        forEachCandidateLine(bytes) { range in
            let trimmed = Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)).trimmedWhitespace()
            guard trimmed.hasPrefix(commentPrefix), trimmed.hasSuffix("-->") else { return true }
            found = trimmed
            return false
        }
        guard let trimmed = found else { return nil }
        if let known = ChartCommentMemo.shared.data(for: trimmed) {
            return known.version == currentVersion && known.isPlausible ? known : nil
        }
        return decoded(fromComment: trimmed)
    }

    /// The chart in a comment line (trimmed), decoded from its JSON; nil when it cannot
    /// be read.
    static func decoded(fromComment trimmed: Substring) -> ChartData? {
        let json = String(trimmed.dropFirst(commentPrefix.count).dropLast(3).trimmedWhitespace())
        guard let decoded = try? JSONDecoder().decode(ChartData.self, from: Data(json.utf8)),
            decoded.version == currentVersion, decoded.isPlausible
        else { return nil }
        return decoded
    }

    /// The lines (split at `\n`, `\r` and `\r\n`) that hold the comment prefix's bytes,
    /// in order: only they can start with it.
    static func candidateLines(_ markdown: String) -> [Substring] {
        var lines: [Substring] = []
        var copy = markdown
        let utf8 = markdown.utf8
        copy.withUTF8 { bytes in
            forEachCandidateLine(bytes) { range in
                lines.append(markdown[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)])
                return true
            }
        }
        return lines
    }

    /// Calls `body` with the byte range of each of ``candidateLines(_:)`` in order, while
    /// it returns true: the document is searched only as far as needed.
    static func forEachCandidateLine(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Bool) {
        guard let base = bytes.baseAddress else { return }
        let prefix = Array(commentPrefix.utf8)
        var from = 0
        // memchr finds each `<`; the rest of the prefix is compared there.
        while from < bytes.count, let hit = memchr(base + from, Int32(prefix[0]), bytes.count - from) {
            let found = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            guard found + prefix.count <= bytes.count else { return }
            guard bytes[found..<(found + prefix.count)].elementsEqual(prefix) else {
                from = found + 1
                continue
            }
            var start = found
            while start > 0, bytes[start - 1] != 10, bytes[start - 1] != 13 { start -= 1 }
            var end = found
            while end < bytes.count, bytes[end] != 10, bytes[end] != 13 { end += 1 }
            guard body(start..<end) else { return }
            from = end
        }
    }

    /// Whether every instant and the offset are in a range the chart can draw.
    var isPlausible: Bool {
        var instants = milestones.map(\.at) + updates + escalations.map(\.at) + handoffs.map(\.at) + failedAttempts.map(\.at)
        instants += phases.flatMap { [$0.start, $0.end] } + communicationGaps.flatMap { [$0.start, $0.end] }
        instants += [impactStart, impactEnd, slaBreach].compactMap { $0 }
        let limit = Int(Self.instantLimit)
        return abs(utcOffset) <= 86_400 && instants.allSatisfy { $0 >= -limit && $0 <= limit }
    }

    /// Escapes, inside JSON strings, the characters that could end or confuse an HTML
    /// comment or a Markdown line. Outside strings only numbers can hold a `-`, and a
    /// single minus sign before a digit cannot form `--`.
    static func commentSafe(_ json: String) -> String {
        // Scalar by scalar on the UTF-8 bytes: every scalar that matters is ASCII but for
        // U+0085 (C2 85), U+2028 (E2 80 A8) and U+2029 (E2 80 A9).
        var copy = json
        return copy.withUTF8 { bytes -> String in
            let result = UTF8Output(capacity: bytes.count + 16)
            var inString = false
            var escaped = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                let end = min(index + length, bytes.count)
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    } else {
                        var replacement: StaticString?
                        switch byte {
                        case UInt8(ascii: "-"): replacement = "\\u002d"
                        case UInt8(ascii: "<"): replacement = "\\u003c"
                        case UInt8(ascii: ">"): replacement = "\\u003e"
                        case UInt8(ascii: "&"): replacement = "\\u0026"
                        case 0xC2 where end - index == 2 && bytes[index + 1] == 0x85: replacement = "\\u0085"
                        case 0xE2 where end - index == 3 && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA8: replacement = "\\u2028"
                        case 0xE2 where end - index == 3 && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA9: replacement = "\\u2029"
                        default: break
                        }
                        if let replacement {
                            result.appendLiteral(replacement)
                            index = end
                            continue
                        }
                    }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                }
                result.append(UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
            }
            return result.string()
        }
    }

    /// ``commentSafe(_:)`` scalar by scalar, as first written (the tests compare them).
    static func scalarCommentSafe(_ json: String) -> String {
        var result = ""
        result.reserveCapacity(json.utf8.count + 16)
        var inString = false
        var escaped = false
        for scalar in json.unicodeScalars {
            if inString {
                if escaped {
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else if scalar == "\"" {
                    inString = false
                } else {
                    switch scalar {
                    case "-": result += "\\u002d"; continue
                    case "<": result += "\\u003c"; continue
                    case ">": result += "\\u003e"; continue
                    case "&": result += "\\u0026"; continue
                    case "\u{85}": result += "\\u0085"; continue
                    case "\u{2028}": result += "\\u2028"; continue
                    case "\u{2029}": result += "\\u2029"; continue
                    default: break
                    }
                }
            } else if scalar == "\"" {
                inString = true
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
