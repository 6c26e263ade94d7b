import Synchronization

/// One metric cell with exactly one writer, its loop thread: a relaxed load and a relaxed store, no
/// read-modify-write, so no cache line bounces between loops. The scrape reads it from another thread
/// with a relaxed load (an atomic, so no data race; a scrape may miss the increment in flight).
final class Counter: Sendable {
    private let cell = Atomic<UInt64>(0)

    init() {}

    func add(_ amount: UInt64 = 1) {
        cell.store(cell.load(ordering: .relaxed) &+ amount, ordering: .relaxed)
    }

    var value: UInt64 { cell.load(ordering: .relaxed) }

    static func cells(_ count: Int) -> [Counter] { (0..<count).map { _ in Counter() } }
}

/// A Prometheus histogram's cells, per-bucket (not cumulative: the scrape sums them) plus sum and count.
struct HistogramCells: Sendable {
    /// Seconds; the same for request and upstream durations.
    static let bounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
    /// The bounds in µs, compared without floating point on the loop.
    private static let microBounds: [UInt64] = bounds.map { UInt64($0 * 1_000_000) }

    /// `bounds.count + 1` cells; the last is +Inf.
    let buckets = Counter.cells(HistogramCells.bounds.count + 1)
    let sumMicros = Counter()
    let count = Counter()

    func observe(micros: UInt64) {
        var index = 0
        while index < Self.microBounds.count && micros > Self.microBounds[index] { index += 1 }
        buckets[index].add()
        sumMicros.add(micros)
        count.add()
    }
}
