import CredentialCore

/// One event loop's counters (issue 17), at fixed places in one `MetricCells` block. Written only by that
/// loop's thread, read by the scrape, which sums every loop's block: requests take no lock and share no
/// written cache line.
final class LoopMetrics: Sendable {
    /// Statuses 100…599 are counted exactly; anything else is not a status we write.
    static let statusRange = 100..<600
    static let statusCount = 500
    private static let protocols = RequestProtocol.allCases.count
    private static let outcomes = AuthOutcome.allCases.count

    // The layout: where each family starts.
    /// [protocol][status - 100]
    static let requests = 0
    /// [protocol] histograms
    static let durations = requests + protocols * statusCount
    /// [api (rest, xmlrpc)][outcome]
    static let authentications = durations + protocols * HistogramLayout.width
    /// login, address
    static let lockouts = authentications + 2 * outcomes
    /// hit, miss
    static let verificationCache = lockouts + 2
    static let connectionsOpened = verificationCache + 2
    static let connectionsClosed = connectionsOpened + 1
    /// [status - 100], then one cell for "no answer" (refused, reset, timed out)
    static let upstreamRequests = connectionsClosed + 1
    static let upstreamDurations = upstreamRequests + statusCount + 1
    static let storeErrors = upstreamDurations + HistogramLayout.width
    /// Access-log lines dropped because the writer's queue was full.
    static let accessLogDropped = storeErrors + 1
    static let cellCount = accessLogDropped + 1

    let cells = MetricCells(count: LoopMetrics.cellCount)

    static func requestCell(_ kind: RequestProtocol, status: Int) -> Int { requests + kind.rawValue * statusCount + status - 100 }
    static func durationCells(_ kind: RequestProtocol) -> Int { durations + kind.rawValue * HistogramLayout.width }
    static func authenticationCell(api index: Int, _ outcome: AuthOutcome) -> Int { authentications + index * outcomes + outcome.rawValue }

    func request(_ kind: RequestProtocol, status: Int, micros: UInt64) {
        if status >= 100 && status < 600 { cells.add(Self.requestCell(kind, status: status)) }
        HistogramLayout.observe(micros, at: Self.durationCells(kind), in: cells)
    }

    func authentication(_ api: APIType, _ outcome: AuthOutcome) {
        cells.add(Self.authenticationCell(api: api == .rest ? 0 : 1, outcome))
    }

    func upstream(status: Int?, micros: UInt64) {
        if let status, status >= 100 && status < 600 {
            cells.add(Self.upstreamRequests + status - 100)
        } else {
            cells.add(Self.upstreamRequests + Self.statusCount)
        }
        HistogramLayout.observe(micros, at: Self.upstreamDurations, in: cells)
    }

    func add(_ cell: Int, _ amount: UInt64 = 1) { cells.add(cell, amount) }
}
