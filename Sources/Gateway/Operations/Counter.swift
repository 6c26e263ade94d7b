import Synchronization

/// One loop's metric cells, all in one allocation (issue 17). Each cell has exactly one writer, its loop
/// thread: a relaxed load and a relaxed store, no read-modify-write, so no cache line bounces between
/// loops. The scrape reads from another thread with relaxed loads (atomics, so no data race; a scrape may
/// miss the increment in flight, never tear one). A flat block, not one object per cell: the first version
/// (a class per cell in arrays, a histogram struct copied out of an array) paid bounds checks, retains
/// and releases on every count, ~2.4 % of a W1 request in all.
final class MetricCells: @unchecked Sendable {   // the pointer never changes; the cells are atomics
    private let base: UnsafeMutablePointer<Atomic<UInt64>>
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        for index in 0..<count { (base + index).initialize(to: Atomic(0)) }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// `cell` comes from `LoopMetrics`' layout, always in range.
    @inline(__always)
    func add(_ cell: Int, _ amount: UInt64 = 1) {
        let target = base + cell
        target.pointee.store(target.pointee.load(ordering: .relaxed) &+ amount, ordering: .relaxed)
    }

    func value(_ cell: Int) -> UInt64 {
        precondition(cell >= 0 && cell < count)
        return base[cell].load(ordering: .relaxed)
    }
}

/// A Prometheus histogram's cells inside a `MetricCells` block: per-bucket counts (not cumulative: the
/// scrape sums them), then +Inf, the sum in µs and the count.
enum HistogramLayout {
    /// Seconds; the same for request and upstream durations.
    static let bounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
    /// The bounds in µs, compared without floating point on the loop (a literal: no lazy initialiser to check).
    private static let microBounds: [UInt64] = [500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
                                                1_000_000, 2_500_000, 5_000_000, 10_000_000, 30_000_000]
    /// buckets (bounds + 1 for +Inf), sum, count
    static let width = 15 + 1 + 2
    static var sumOffset: Int { width - 2 }
    static var countOffset: Int { width - 1 }

    @inline(__always)
    static func observe(_ micros: UInt64, at start: Int, in cells: MetricCells) {
        var index = 0
        while index < 15 && micros > microBounds[index] { index += 1 }
        cells.add(start + index)
        cells.add(start + sumOffset, micros)
        cells.add(start + countOffset)
    }
}
