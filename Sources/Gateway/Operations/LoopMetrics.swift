import CredentialCore

/// One event loop's counters (issue 17). Written only by that loop's thread (`Counter`), read by the
/// scrape, which sums every loop's block: requests take no lock and share no written cache line.
final class LoopMetrics: Sendable {
    /// Statuses 100…599 are counted exactly; anything else is not a status we write.
    static let statusRange = 100..<600

    /// [protocol][status - 100]
    let requests = Counter.cells(RequestProtocol.allCases.count * statusRange.count)
    let durations = RequestProtocol.allCases.map { _ in HistogramCells() }
    /// [api (rest, xmlrpc)][outcome]
    let authentications = Counter.cells(2 * AuthOutcome.allCases.count)
    /// login, address
    let lockouts = Counter.cells(2)
    /// hit, miss
    let verificationCache = Counter.cells(2)
    let connectionsOpened = Counter()
    let connectionsClosed = Counter()
    /// [status - 100], then one cell for "no answer" (refused, reset, timed out)
    let upstreamRequests = Counter.cells(statusRange.count + 1)
    let upstreamDurations = HistogramCells()
    let storeErrors = Counter()
    /// Access-log lines dropped because the writer's queue was full.
    let accessLogDropped = Counter()

    func request(_ kind: RequestProtocol, status: Int, micros: UInt64) {
        if Self.statusRange.contains(status) { requests[kind.rawValue * Self.statusRange.count + status - 100].add() }
        durations[kind.rawValue].observe(micros: micros)
    }

    func authentication(_ api: APIType, _ outcome: AuthOutcome) {
        authentications[(api == .rest ? 0 : 1) * AuthOutcome.allCases.count + outcome.rawValue].add()
    }

    func upstream(status: Int?, micros: UInt64) {
        if let status, Self.statusRange.contains(status) {
            upstreamRequests[status - 100].add()
        } else {
            upstreamRequests[Self.statusRange.count].add()
        }
        upstreamDurations.observe(micros: micros)
    }
}
