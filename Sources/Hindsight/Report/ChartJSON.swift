import Foundation

/// Writes ``ChartData`` as the JSON of its Markdown comment: what `JSONEncoder` with
/// sorted keys writes, with ``ChartData/commentSafe(_:)``'s escapes already in the
/// strings. Field names are written in sorted order by hand; a field added to
/// ``ChartData`` must be added here too (the tests compare the two encodings on random
/// charts, so a missing field fails them).
struct ChartJSON {
    private var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    func string() -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    mutating func write(_ chart: ChartData) {
        object { json in
            json.objects("communicationGaps", chart.communicationGaps) { json, gap in
                json.field("end", gap.end)
                json.field("start", gap.start)
            }
            json.objects("escalations", chart.escalations) { json, mark in
                json.field("at", mark.at)
                json.field("direction", mark.direction)
                json.field("level", mark.level)
                json.field("target", mark.target)
            }
            json.objects("failedAttempts", chart.failedAttempts) { json, attempt in
                json.field("at", attempt.at)
                json.field("label", attempt.label)
            }
            json.objects("handoffs", chart.handoffs) { json, mark in
                json.field("at", mark.at)
                json.field("kind", mark.kind)
                if let to = mark.to { json.field("to", to) }
            }
            if let impactEnd = chart.impactEnd { json.field("impactEnd", impactEnd) }
            if let impactStart = chart.impactStart { json.field("impactStart", impactStart) }
            json.objects("milestones", chart.milestones) { json, moment in
                json.field("approximate") { $0.literal(moment.approximate ? "true" : "false") }
                json.field("at", moment.at)
                json.field("confidence", moment.confidence)
                json.field("kind", moment.kind)
            }
            json.objects("phases", chart.phases) { json, phase in
                json.field("end", phase.end)
                json.field("key", phase.key)
                json.field("start", phase.start)
                json.field("title", phase.title)
            }
            if let slaBreach = chart.slaBreach { json.field("slaBreach", slaBreach) }
            json.field("title", chart.title)
            json.field("updates") { json in json.array(chart.updates) { json, update in json.integer(update) } }
            json.field("utcOffset", chart.utcOffset)
            json.field("version", chart.version)
            json.field("zone", chart.zone)
        }
    }

    /// A field holding an array of objects, each written by `fields`.
    private mutating func objects<Element>(_ name: StaticString, _ elements: [Element], _ fields: (inout ChartJSON, Element) -> Void) {
        field(name) { json in
            json.array(elements) { json, element in json.object { fields(&$0, element) } }
        }
    }

    /// Whether the object being written has no field yet.
    private var objectIsEmpty = false

    /// `{`, the fields `body` writes (in sorted order), `}`.
    private mutating func object(_ body: (inout ChartJSON) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        objectIsEmpty = true
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        objectIsEmpty = false
    }

    /// A field's name, and its value as `value` writes it.
    private mutating func field(_ name: StaticString, _ value: (inout ChartJSON) -> Void) {
        if !objectIsEmpty { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        literal(name)
        literal("\":")
        objectIsEmpty = false
        value(&self)
        objectIsEmpty = false
    }

    private mutating func field(_ name: StaticString, _ value: Int) {
        field(name) { $0.integer(value) }
    }

    private mutating func field(_ name: StaticString, _ value: String) {
        field(name) { $0.string(value) }
    }

    private mutating func array<Element>(_ elements: [Element], _ body: (inout ChartJSON, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for index in elements.indices {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            body(&self, elements[index])
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func literal(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits, written from the end
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: buffer[start...])
        }
    }

    /// A JSON string as `JSONEncoder` writes it (`"`, `\` and `/` escaped, control
    /// characters as `\b`, `\f`, `\n`, `\r`, `\t` or `\u00xx`), with the escapes of
    /// ``ChartData/commentSafe(_:)`` for `-`, `<`, `>`, `&`, U+0085, U+2028 and U+2029.
    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "\""): literal("\\\"")
                case UInt8(ascii: "\\"): literal("\\\\")
                case UInt8(ascii: "/"): literal("\\/")
                case 0x08: literal("\\b")
                case 0x0C: literal("\\f")
                case 0x0A: literal("\\n")
                case 0x0D: literal("\\r")
                case 0x09: literal("\\t")
                case UInt8(ascii: "-"): literal("\\u002d")
                case UInt8(ascii: "<"): literal("\\u003c")
                case UInt8(ascii: ">"): literal("\\u003e")
                case UInt8(ascii: "&"): literal("\\u0026")
                case 0xC2 where index + 1 < utf8.count && utf8[index + 1] == 0x85:
                    literal("\\u0085")
                    index += 1
                case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    literal(utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    index += 2
                case ..<0x20:
                    literal("\\u00")
                    bytes.append(Self.hexDigit(byte >> 4))
                    bytes.append(Self.hexDigit(byte & 0xF))
                default:
                    bytes.append(byte)
                }
                index += 1
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}

/// The charts whose comments were written lately, by comment. Rendering a report just
/// drafted (in the same process, its comment unchanged) takes the chart from here
/// instead of decoding the JSON again: the chart decoded from a comment is the one it
/// was written from (integers, flags and strings come back from JSON exactly), so the
/// page is the same either way. A few are kept; a miss decodes.
final class ChartCommentMemo: @unchecked Sendable {
    static let shared = ChartCommentMemo()
    static let limit = 4

    private let lock = NSLock()
    /// Oldest first; guarded by `lock`.
    private var entries: [(comment: String, chart: ChartData)] = []

    func remember(_ chart: ChartData, as comment: String) {
        lock.withLock {
            entries.removeAll { Self.same($0.comment, comment[...]) }
            entries.append((comment, chart))
            if entries.count > Self.limit { entries.removeFirst(entries.count - Self.limit) }
        }
    }

    /// The chart written as exactly this comment line, if remembered.
    func data(for line: Substring) -> ChartData? {
        lock.withLock { entries.last { Self.same($0.comment, line) }?.chart }
    }

    func forget() {
        lock.withLock { entries.removeAll() }
    }

    /// Byte for byte (a comment is hundreds of kilobytes for a long incident).
    private static func same(_ comment: String, _ line: Substring) -> Bool {
        guard comment.utf8.count == line.utf8.count else { return false }
        var comment = comment
        var line = line
        return comment.withUTF8 { a in line.withUTF8 { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } }
    }
}
