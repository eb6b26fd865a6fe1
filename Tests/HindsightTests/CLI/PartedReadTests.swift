import Foundation
import Testing

@testable import HindsightCLI

/// A long input read in parts on every core gives the file's bytes, exactly as one read
/// of the whole file does; a short one is left to that one read.
@Suite struct PartedReadTests {
    @Test func aLongFileReadInPartsIsTheFile() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Not a multiple of the parts' count, and no byte where the next part starts
        // the same as the one before it.
        let size = Files.partedReadBytes + 7
        var bytes = [UInt8](repeating: 0, count: size)
        var state: UInt32 = 2_463_534_242
        for index in bytes.indices {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            bytes[index] = UInt8(truncatingIfNeeded: state)
        }
        let path = folder.appendingPathComponent("long.md").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let read = try #require(Files.readInParts(path, size: size))
        #expect(read == Data(bytes))
        #expect(try Files.read(path) == Data(bytes))
        // A size that is no longer the file's is not read in parts.
        #expect(Files.readInParts(path, size: size - 1) == nil)
        #expect(Files.readInParts(path, size: size + 1) == nil)
    }

    @Test func aShortFileIsReadWhole() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("short.md").path
        try Data("- 10:00 A short log.\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(Files.readInParts(path, size: 22) == nil)
        #expect(try Files.read(path) == Data("- 10:00 A short log.\n".utf8))
        #expect(Files.readInParts(folder.appendingPathComponent("missing.md").path, size: Files.partedReadBytes) == nil)
    }
}
