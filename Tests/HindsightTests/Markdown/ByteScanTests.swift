import ByteScan
import Testing
@testable import Hindsight

/// The byte loops of the Markdown writers and the table reader skip ordinary bytes
/// sixteen at a time: each scan finds exactly the first byte of its set (or a control
/// byte) from any offset, in the vector part, across its end, and in the tail.
@Suite struct ByteScanTests {
    typealias Scan = @Sendable (UnsafePointer<UInt8>, Int, Int) -> Int

    static let scans: [(name: String, set: Set<UInt8>, scan: Scan)] = [
        ("escape", Set("\\`*_[]<>#|!&~".utf8), { hindsight_scan_escape($0, $1, $2) }),
        ("inline", Set("`|<\\".utf8), { hindsight_scan_inline($0, $1, $2) }),
        ("table row", Set("*_[]<&!|`\\\">".utf8), { hindsight_scan_table_row($0, $1, $2) }),
    ]

    /// The first offset at or after `from` holding a control byte or one of `set`.
    static func expected(_ bytes: [UInt8], from: Int, set: Set<UInt8>) -> Int {
        bytes.indices.dropFirst(from).first { bytes[$0] < 0x20 || set.contains(bytes[$0]) } ?? bytes.count
    }

    @Test func everyScanFindsTheFirstByteOfItsSet() {
        // Ordinary text, bytes of other scripts, DEL, and every byte the scans look for.
        let pool = Array("abcXYZ019 .,;:-+=/()'{}?@$%^".utf8) + [0x7F, 0x80, 0xC3, 0xA9, 0xE2, 0xFF]
            + Array("\\`*_[]<>#|!&~\"".utf8) + [0x00, 0x09, 0x0A, 0x0D, 0x1F]
        var generator = RobustnessTests.SeededGenerator(state: 20_261_127)
        for length in [0, 1, 15, 16, 17, 31, 32, 33, 47, 64, 100, 257] {
            for _ in 0..<40 {
                // Mostly ordinary bytes, as a timeline's text is, with a special one now and then.
                let bytes = (0..<length).map { _ in
                    generator.next() % 8 == 0 ? pool[Int(generator.next() % UInt64(pool.count))] : UInt8(97 + generator.next() % 26)
                }
                // Exactly as long as the text (so reading past it is caught under the address
                // sanitizer), but never empty, so there is an address to pass.
                (length == 0 ? [UInt8(ascii: "|")] : bytes).withUnsafeBufferPointer { buffer in
                    guard let base = buffer.baseAddress else { return }
                    for (name, set, scan) in Self.scans {
                        for from in 0...length {
                            #expect(scan(base, from, length) == Self.expected(bytes, from: from, set: set), "\(name) \(bytes) from \(from)")
                        }
                    }
                }
            }
        }
    }

    /// Every byte the loops act on is one their scan stops at (the scans may stop at more).
    @Test func scansStopAtEveryByteTheirLoopsActOn() {
        for value in 0...255 {
            let byte = UInt8(value)
            [byte].withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                if MarkdownText.isMarked(byte, low: MarkdownText.escapeMarks.low, high: MarkdownText.escapeMarks.high) {
                    #expect(hindsight_scan_escape(base, 0, 1) == 0, "\(byte)")
                }
                if MarkdownText.isMarked(byte, low: MarkdownText.inlineMarks.low, high: MarkdownText.inlineMarks.high) {
                    #expect(hindsight_scan_inline(base, 0, 1) == 0, "\(byte)")
                }
                if ByteClass.of(byte) != ByteClass.ordinary {
                    #expect(hindsight_scan_table_row(base, 0, 1) == 0, "\(byte)")
                }
            }
        }
    }

    @Test func aLongOrdinaryStretchIsSkippedToItsEnd() {
        let bytes = Array(repeating: UInt8(ascii: "a"), count: 1000) + [UInt8(ascii: "|")]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for (_, _, scan) in Self.scans {
                #expect(scan(base, 0, 1000) == 1000)
                #expect(scan(base, 3, 1001) == 1000)
            }
        }
    }
}
