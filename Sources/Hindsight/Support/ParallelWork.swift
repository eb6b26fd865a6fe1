import Dispatch
import Foundation

/// Runs independent pieces of work on every core and returns their results in the
/// order of the inputs, so concurrency never changes what is produced.
enum ParallelWork {
    /// `items.map(transform)`, with the calls spread over the machine's cores.
    static func map<Item: Sendable, Result: Sendable>(_ items: [Item], _ transform: @Sendable (Item) -> Result) -> [Result] {
        guard items.count > 1 else { return items.map(transform) }
        let slots = ResultSlots<Result>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots.set(transform(items[index]), at: index)
        }
        return slots.values()
    }
}

extension ParallelWork {
    /// `items.map(transform)` for many small items: contiguous chunks of `chunk` items
    /// are mapped on every core and joined in order.
    static func chunkedMap<Item: Sendable, Result: Sendable>(
        _ items: [Item], chunk: Int = 2048, _ transform: @escaping @Sendable (Item) -> Result
    ) -> [Result] {
        guard items.count > chunk else { return items.map(transform) }
        let ranges = stride(from: 0, to: items.count, by: chunk).map { $0..<min($0 + chunk, items.count) }
        var pieces = map(ranges) { range in items[range].map(transform) }
        var result: [Result] = []
        result.reserveCapacity(items.count)
        pieces.reverse()
        while var piece = pieces.popLast() { result.append(moving: &piece) }
        return result
    }
}

extension ParallelWork {
    /// Lets go of `value` on another thread while the caller goes on: destroying a long
    /// log's arrays, element by element, is work nothing after waits for.
    static func letGoElsewhere<Value>(_ value: consuming Value) {
        let held = Held(value)
        DispatchQueue.global(qos: .userInitiated).async { held.letGo() }
    }
}

/// A value handed to another thread only to be let go of there (by the one task that
/// calls ``letGo()``).
final class Held<Value>: @unchecked Sendable {
    private var value: Value?

    init(_ value: consuming Value) {
        self.value = value
    }

    func letGo() {
        value = nil
    }
}

extension ParallelWork {
    /// Runs `first` and `second` at the same time (on two cores where there are two)
    /// and returns both results. The closures must not touch the same mutable state.
    static func both<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let pair = Pair(first: first, second: second)
                DispatchQueue.concurrentPerform(iterations: 2) { index in
                    if index == 0 { pair.runFirst() } else { pair.runSecond() }
                }
                // `concurrentPerform` returns after both have finished.
                return (pair.firstResult!, pair.secondResult!)
            }
        }
    }

    /// `range` cut into `count` contiguous pieces of about equal length (one per core
    /// unless given), fewer when they would be shorter than `minimum`.
    static func pieces(
        of range: Range<Int>, minimum: Int, count: Int = max(ProcessInfo.processInfo.activeProcessorCount, 1)
    ) -> [Range<Int>] {
        let count = max(min(count, range.count / max(minimum, 1)), 1)
        let size = (range.count + count - 1) / count
        return stride(from: range.lowerBound, to: range.upperBound, by: max(size, 1)).map {
            $0..<min($0 + size, range.upperBound)
        }
    }
}

/// The two closures of ``ParallelWork/both(_:_:)`` and their results; each result is
/// written by one worker and read only after both have finished.
private final class Pair<A, B>: @unchecked Sendable {
    let first: () -> A
    let second: () -> B
    var firstResult: A?
    var secondResult: B?

    init(first: @escaping () -> A, second: @escaping () -> B) {
        self.first = first
        self.second = second
    }

    func runFirst() { firstResult = first() }
    func runSecond() { secondResult = second() }
}

/// Results written by concurrent workers, one slot each, behind a lock.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ value: Value, at index: Int) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
