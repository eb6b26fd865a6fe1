import Foundation
import Hindsight

/// Reading inputs and writing outputs for the command: the only file I/O in Hindsight.
enum Files {
    /// Inputs larger than this are refused rather than read into memory.
    static let maximumInputBytes = 512 * 1024 * 1024

    /// Reads a file, or a folder of JSON files (a Slack export), as an input.
    static func input(_ path: String) throws(CommandFailure) -> InputDocument {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .usage("hindsight: error: \(path): no such file or folder")
        }
        if isDirectory.boolValue {
            guard let enumerator = manager.enumerator(atPath: path) else {
                throw .usage("hindsight: error: \(path): cannot list the folder")
            }
            var files: [String: Data] = [:]
            var total = 0
            for case let relative as String in enumerator where relative.hasSuffix(".json") {
                let data = try read((path as NSString).appendingPathComponent(relative))
                total += data.count
                guard total <= maximumInputBytes else {
                    throw .usage("hindsight: error: \(path): the folder holds more than \(maximumInputBytes / 1_048_576) MiB of JSON")
                }
                files[relative] = data
            }
            guard !files.isEmpty else {
                throw .invalid("\(path): error: the folder holds no JSON files; expected a Slack export (users.json, channels.json and one folder per channel)")
            }
            return InputDocument(name: path, content: .folder(files))
        }
        return InputDocument(name: path, content: .file(try read(path)))
    }

    static func read(_ path: String) throws(CommandFailure) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .usage("hindsight: error: \(path): no such file")
        }
        guard !isDirectory.boolValue else {
            throw .usage("hindsight: error: \(path): is a folder; expected a file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .usage("hindsight: error: \(path): permission denied")
        }
        // (stat follows symbolic links: a link to a log is read as the log.)
        var status = stat()
        if stat(path, &status) == 0 {
            if status.st_mode & S_IFMT != S_IFREG {
                throw .usage("hindsight: error: \(path): not a regular file (a device, pipe or socket); save the log to a file first")
            }
            if Int(status.st_size) > maximumInputBytes {
                throw .usage("hindsight: error: \(path): the file is larger than \(maximumInputBytes / 1_048_576) MiB")
            }
        }
        if let data = readInParts(path, size: Int(status.st_size)) {
            return data
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .usage("hindsight: error: \(path): cannot read: \(error.localizedDescription)")
        }
    }

    /// Files from this size on are read in parts, one for each core, at once.
    static let partedReadBytes = 8 << 20

    /// A long file read in parts on every core at once: most of a read's time is copying
    /// the page cache into memory the process has not touched yet, which each core does
    /// for its own part. Nil when the file is short, or cannot be read that way (it is
    /// not the size it had, a read fails); it is then read as usual.
    static func readInParts(_ path: String, size: Int) -> Data? {
        let parts = min(ProcessInfo.processInfo.activeProcessorCount, 4)
        guard size >= partedReadBytes, parts > 1 else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let read = PartedRead(size: size, parts: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            read.read(part: part, from: descriptor)
        }
        // Whole, and the file still that long (a byte more is a file that grew meanwhile).
        var status = stat()
        var extra: UInt8 = 0
        guard read.complete, fstat(descriptor, &status) == 0, Int(status.st_size) == size,
            pread(descriptor, &extra, 1, off_t(size)) == 0
        else {
            read.buffer.deallocate()
            return nil
        }
        return Data(bytesNoCopy: read.buffer, count: size, deallocator: .custom { pointer, _ in pointer.deallocate() })
    }

    static func text(_ path: String) throws(CommandFailure) -> String {
        let data = try read(path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalid("\(path): error: the file is not valid UTF-8 text")
        }
        return text
    }

    /// Writes through a temporary file in the same folder and a rename, so readers
    /// never see half a file and a failure (or a kill) leaves the old one intact.
    ///
    /// The temporary file is created private (0600) and only given its final mode once
    /// complete: the mode (and, where allowed, the owner) of `permissionsFrom` when given
    /// (a report's backup keeps the report's), else of the file it replaces, else 0666
    /// less the umask. It is flushed to disk before the rename.
    static func write(_ text: String, to requested: String, permissionsFrom model: String? = nil) throws(CommandFailure) {
        try write(parts: [UTF8Text(text)], to: requested, permissionsFrom: model)
    }

    /// ``write(_:to:permissionsFrom:)`` of the text the parts make in order, written one
    /// after the other (a page is written from its pieces, never joined in memory).
    static func write(parts: [UTF8Text], to requested: String, permissionsFrom model: String? = nil) throws(CommandFailure) {
        // A device or pipe (`-o /dev/stdout`, `/dev/null`) is written into, never replaced.
        var named = stat()
        if stat(requested, &named) == 0, named.st_mode & S_IFMT != S_IFREG, named.st_mode & S_IFMT != S_IFDIR {
            try writeInPlace(parts, to: requested)
            return
        }
        // Through a symbolic link, the file it names is replaced and the link kept.
        var link = stat()
        let path = lstat(requested, &link) == 0 && link.st_mode & S_IFMT == S_IFLNK
            ? URL(fileURLWithPath: requested).resolvingSymlinksInPath().path : requested
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .usage("hindsight: error: \(path): is a folder; give a file name")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .usage("hindsight: error: \(path): cannot create the folder \(folder.path)")
        }
        var existing = stat()
        let hasExisting = (model.map { stat($0, &existing) == 0 } ?? false) || stat(path, &existing) == 0
        let mode: mode_t
        if hasExisting {
            mode = existing.st_mode & 0o7777
        } else {
            let mask = umask(0o022)
            umask(mask)
            mode = 0o666 & ~mask
        }

        var temporary = ""
        var descriptor: Int32 = -1
        for _ in 0..<16 {
            // The name's first characters only, so a long (but valid) name still leaves room.
            temporary = folder.appendingPathComponent(".\(url.lastPathComponent.prefix(64)).hindsight-\(String(UInt64.random(in: 0...UInt64.max), radix: 36)).tmp").path
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else {
            throw .usage("hindsight: error: \(path): cannot write: \(String(cString: strerror(errno)))")
        }
        func fail(_ what: String) -> CommandFailure {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            unlink(temporary)
            return .usage("hindsight: error: \(path): cannot write (\(what)): \(reason)")
        }
        // Written from the strings' own storage: a page can be tens of megabytes. The
        // disk is set to work on each few megabytes as soon as they are written, so the
        // flush below waits only for the last ones.
        guard writeAll(parts, to: descriptor, flushingEarly: true) else { throw fail("writing") }
        if hasExisting {
            _ = fchown(descriptor, existing.st_uid, existing.st_gid)
        }
        guard fchmod(descriptor, mode) == 0 else { throw fail("setting permissions") }
        guard fsync(descriptor) == 0 else { throw fail("flushing") }
        guard close(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .usage("hindsight: error: \(path): cannot write: \(reason)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .usage("hindsight: error: \(path): cannot write: \(reason)")
        }
        // Make the rename itself durable; a failure here loses nothing already written.
        let directory = open(folder.path, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// Writes into an existing device or pipe as it is.
    private static func writeInPlace(_ parts: [UTF8Text], to path: String) throws(CommandFailure) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .usage("hindsight: error: \(path): cannot write: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard writeAll(parts, to: descriptor) else {
            throw .usage("hindsight: error: \(path): cannot write: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes every byte of the parts to `descriptor`, in order, retrying interrupted
    /// writes; false on an error, with `errno` set. The bytes are read in place, not copied.
    ///
    /// `flushingEarly`, the file's data is handed to the disk every ``flushBytes`` as it
    /// is written (`sync_file_range`, where there is one), not all at the `fsync`.
    private static func writeAll(_ parts: [UTF8Text], to descriptor: Int32, flushingEarly: Bool = false) -> Bool {
        var offset = 0
        var flushed = 0
        for part in parts {
            let done = part.withBytes { buffer -> Bool in
                guard let base = buffer.baseAddress else { return true }
                var written = 0
                while written < buffer.count {
                    let chunk = flushingEarly ? min(buffer.count - written, flushBytes) : buffer.count - written
                    let result = Foundation.write(descriptor, base + written, chunk)
                    if result < 0 {
                        if errno == EINTR { continue }
                        return false
                    }
                    written += result
                    offset += result
                    if flushingEarly, offset - flushed >= flushBytes {
                        startWriteback(descriptor, from: flushed, count: offset - flushed)
                        flushed = offset
                    }
                }
                return true
            }
            guard done else { return false }
        }
        return true
    }

    /// How much of a file is written before the disk is set to work on it.
    static let flushBytes = 4 << 20

    /// Starts writing a range of the file to disk without waiting for it (Linux's
    /// `sync_file_range` with `SYNC_FILE_RANGE_WRITE`; nothing elsewhere). Errors are
    /// left to the `fsync` that follows.
    private static func startWriteback(_ descriptor: Int32, from offset: Int, count: Int) {
        #if os(Linux)
        _ = syncFileRange?(descriptor, Int64(offset), Int64(count), 2)
        #endif
    }

    #if os(Linux)
    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    /// Not in Swift's Glibc module; looked up once (a null handle is RTLD_DEFAULT).
    private static let syncFileRange: SyncFileRange? = dlsym(nil, "sync_file_range").map { unsafeBitCast($0, to: SyncFileRange.self) }
    #endif

    /// Whether `path` names a regular file (following symbolic links).
    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }
}

/// The buffer of ``Files/readInParts(_:size:)`` and whether each part was read whole;
/// each part is written by one thread only.
private final class PartedRead: @unchecked Sendable {
    let buffer: UnsafeMutableRawPointer
    private let size: Int
    private let parts: Int
    /// One flag a part, each set only by the thread reading that part.
    private let failed: UnsafeMutableBufferPointer<Bool>

    init(size: Int, parts: Int) {
        self.size = size
        self.parts = parts
        buffer = .allocate(byteCount: size, alignment: 16)
        failed = .allocate(capacity: parts)
        failed.initialize(repeating: false)
    }

    deinit { failed.deallocate() }

    /// Reads bytes `size * part / parts ..< size * (part + 1) / parts` of the file.
    func read(part: Int, from descriptor: Int32) {
        var offset = size * part / parts
        let end = size * (part + 1) / parts
        while offset < end {
            let count = pread(descriptor, buffer + offset, end - offset, off_t(offset))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                failed[part] = true
                return
            }
            offset += count
        }
    }

    /// Whether every part was read whole (asked once every part is done).
    var complete: Bool { !failed.contains(true) }
}
