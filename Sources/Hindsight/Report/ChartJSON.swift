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
        literal("{\"communicationGaps\":")
        array(chart.communicationGaps) { json, gap in
            json.literal("{\"end\":")
            json.integer(gap.end)
            json.literal(",\"start\":")
            json.integer(gap.start)
            json.literal("}")
        }
        literal(",\"escalations\":")
        array(chart.escalations) { json, mark in
            json.literal("{\"at\":")
            json.integer(mark.at)
            json.literal(",\"direction\":")
            json.string(mark.direction)
            json.literal(",\"level\":")
            json.integer(mark.level)
            json.literal(",\"target\":")
            json.string(mark.target)
            json.literal("}")
        }
        literal(",\"failedAttempts\":")
        array(chart.failedAttempts) { json, attempt in
            json.literal("{\"at\":")
            json.integer(attempt.at)
            json.literal(",\"label\":")
            json.string(attempt.label)
            json.literal("}")
        }
        literal(",\"handoffs\":")
        array(chart.handoffs) { json, mark in
            json.literal("{\"at\":")
            json.integer(mark.at)
            json.literal(",\"kind\":")
            json.string(mark.kind)
            if let to = mark.to {
                json.literal(",\"to\":")
                json.string(to)
            }
            json.literal("}")
        }
        if let impactEnd = chart.impactEnd {
            literal(",\"impactEnd\":")
            integer(impactEnd)
        }
        if let impactStart = chart.impactStart {
            literal(",\"impactStart\":")
            integer(impactStart)
        }
        literal(",\"milestones\":")
        array(chart.milestones) { json, moment in
            json.literal("{\"approximate\":")
            json.literal(moment.approximate ? "true" : "false")
            json.literal(",\"at\":")
            json.integer(moment.at)
            json.literal(",\"confidence\":")
            json.string(moment.confidence)
            json.literal(",\"kind\":")
            json.string(moment.kind)
            json.literal("}")
        }
        literal(",\"phases\":")
        array(chart.phases) { json, phase in
            json.literal("{\"end\":")
            json.integer(phase.end)
            json.literal(",\"key\":")
            json.string(phase.key)
            json.literal(",\"start\":")
            json.integer(phase.start)
            json.literal(",\"title\":")
            json.string(phase.title)
            json.literal("}")
        }
        if let slaBreach = chart.slaBreach {
            literal(",\"slaBreach\":")
            integer(slaBreach)
        }
        literal(",\"title\":")
        string(chart.title)
        literal(",\"updates\":")
        array(chart.updates) { json, update in json.integer(update) }
        literal(",\"utcOffset\":")
        integer(chart.utcOffset)
        literal(",\"version\":")
        integer(chart.version)
        literal(",\"zone\":")
        string(chart.zone)
        literal("}")
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
