import Glibc
import Synchronization

/// Every loop's `LoopMetrics`, and the text a scrape gets. The lock guards only the list (taken when a
/// loop starts and by each scrape), never a count.
final class MetricsRegistry: Sendable {
    private let loops = Mutex<[LoopMetrics]>([])
    /// Unix seconds (fractional) when the process started, for `process_start_time_seconds`.
    let startTime: Double

    init() {
        startTime = ProcessStats.startTime()
    }

    /// A new loop's block, counted from now on.
    func register() -> LoopMetrics {
        let block = LoopMetrics()
        loops.withLock { $0.append(block) }
        return block
    }

    /// The Prometheus text exposition format 0.0.4: every loop summed at this moment.
    func render() -> String {
        MetricsExposition(loops: loops.withLock { $0 }, startTime: startTime).text
    }
}
