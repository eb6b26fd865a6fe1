/// Where bytes are written one after another: an array of their own, or a stretch of a
/// buffer several writers share (``BufferStretch``). Writers that take any sink are
/// specialised for each, so writing costs what the sink's own append costs.
protocol ByteSink {
    /// The bytes written so far.
    var count: Int { get }
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>)
    /// Drops what was written after the first `count` bytes.
    mutating func truncate(to count: Int)
}

extension ByteSink {
    /// Appends the bytes of an array.
    @inline(__always)
    mutating func append(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(bytes: $0) }
    }

    /// Appends the UTF-8 of a string.
    @inline(__always)
    mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append(bytes: $0) }
    }
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        append(contentsOf: bytes)
    }

    mutating func truncate(to count: Int) {
        removeSubrange(Swift.min(count, self.count)...)
    }
}

/// Bytes written into a stretch of memory that other writers do not touch (each its
/// own stretch of one buffer, written on its own core), as plain stores; once the
/// stretch is full, everything written moves to an array of its own and goes on there.
struct BufferStretch: ByteSink {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var written = 0
    /// Everything written, once it did not fit in the stretch.
    private(set) var overflow: [UInt8]?

    /// The `capacity` bytes at `base`, which must stay allocated while this is written.
    init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    var count: Int { overflow?.count ?? written }

    /// Whether everything written fit in the stretch (its first ``count`` bytes).
    var fits: Bool { overflow == nil }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        guard overflow == nil, written < capacity else { return spill(byte) }
        base[written] = byte
        written += 1
    }

    @inline(__always)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, overflow == nil, bytes.count <= capacity - written else { return spill(bytes) }
        (base + written).update(from: start, count: bytes.count)
        written += bytes.count
    }

    mutating func truncate(to count: Int) {
        if overflow != nil {
            overflow?.truncate(to: count)
        } else {
            written = min(written, max(count, 0))
        }
    }

    /// Appends to the array, made from the stretch's bytes first if need be.
    private mutating func spill(_ bytes: UnsafeBufferPointer<UInt8>) {
        var spilled = overflow ?? Array(UnsafeBufferPointer(start: base, count: written))
        overflow = nil  // the array is changed in place, not copied
        spilled.append(contentsOf: bytes)
        overflow = spilled
    }

    private mutating func spill(_ byte: UInt8) {
        withUnsafePointer(to: byte) { spill(UnsafeBufferPointer(start: $0, count: 1)) }
    }
}
