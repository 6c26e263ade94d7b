import CredentialCore

/// Builds the scrape's text (Prometheus text format 0.0.4) from every loop's counters, summed now.
struct MetricsExposition {
    let loops: [LoopMetrics]
    let startTime: Double
    private var out = ""

    init(loops: [LoopMetrics], startTime: Double) {
        self.loops = loops
        self.startTime = startTime
        build()
    }

    var text: String { out }

    /// One cell (`LoopMetrics`' layout) summed over every loop.
    private func sum(_ cell: Int) -> UInt64 { loops.reduce(0) { $0 &+ $1.cells.value(cell) } }

    private mutating func family(_ name: String, _ type: String, _ help: String) {
        out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    private mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: String) {
        out += name
        if !labels.isEmpty { out += "{" + labels.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",") + "}" }
        out += " " + value + "\n"
    }

    private mutating func histogram(_ name: String, _ labels: [(String, String)], at start: Int) {
        var cumulative: UInt64 = 0
        for (index, bound) in HistogramLayout.bounds.enumerated() {
            cumulative &+= sum(start + index)
            sample(name + "_bucket", labels + [("le", Self.number(bound))], String(cumulative))
        }
        cumulative &+= sum(start + HistogramLayout.bounds.count)
        sample(name + "_bucket", labels + [("le", "+Inf")], String(cumulative))
        sample(name + "_sum", labels, Self.number(Double(sum(start + HistogramLayout.sumOffset)) / 1_000_000))
        sample(name + "_count", labels, String(sum(start + HistogramLayout.countOffset)))
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private mutating func build() {
        let statuses = LoopMetrics.statusRange
        family("dualgate_requests_total", "counter", "Requests answered, by protocol (unparsed: refused while framing, before any handler) and HTTP status.")
        for kind in RequestProtocol.allCases {
            for status in statuses {
                let count = sum(LoopMetrics.requestCell(kind, status: status))
                if count > 0 { sample("dualgate_requests_total", [("protocol", kind.label), ("status", String(status))], String(count)) }
            }
        }
        family("dualgate_request_duration_seconds", "histogram", "Time from a complete request to its answer queued, by protocol.")
        for kind in RequestProtocol.allCases {
            histogram("dualgate_request_duration_seconds", [("protocol", kind.label)], at: LoopMetrics.durationCells(kind))
        }
        family("dualgate_authentications_total", "counter", "Application-password verifications, by API and outcome (ok or the refusal reason).")
        for (apiIndex, api) in ["rest", "xmlrpc"].enumerated() {
            for outcome in AuthOutcome.allCases {
                let count = sum(LoopMetrics.authenticationCell(api: apiIndex, outcome))
                sample("dualgate_authentications_total", [("api", api), ("outcome", outcome.label)], String(count))
            }
        }
        family("dualgate_lockouts_total", "counter", "Lockouts started, by scope.")
        for (index, scope) in ["login", "address"].enumerated() {
            sample("dualgate_lockouts_total", [("scope", scope)], String(sum(LoopMetrics.lockouts + index)))
        }
        family("dualgate_verification_cache_total", "counter", "Verification cache look-ups, by result.")
        for (index, result) in ["hit", "miss"].enumerated() {
            sample("dualgate_verification_cache_total", [("result", result)], String(sum(LoopMetrics.verificationCache + index)))
        }
        family("dualgate_connections_open", "gauge", "Client connections open now.")
        let opened = sum(LoopMetrics.connectionsOpened), closed = sum(LoopMetrics.connectionsClosed)
        sample("dualgate_connections_open", [], String(opened >= closed ? opened - closed : 0))
        family("dualgate_upstream_requests_total", "counter", "Requests forwarded upstream, by the upstream's status (none: no answer).")
        for status in statuses {
            let count = sum(LoopMetrics.upstreamRequests + status - 100)
            if count > 0 { sample("dualgate_upstream_requests_total", [("status", String(status))], String(count)) }
        }
        sample("dualgate_upstream_requests_total", [("status", "none")], String(sum(LoopMetrics.upstreamRequests + LoopMetrics.statusCount)))
        family("dualgate_upstream_duration_seconds", "histogram", "Time from forwarding a request to the upstream's answer head (or its failure).")
        histogram("dualgate_upstream_duration_seconds", [], at: LoopMetrics.upstreamDurations)
        family("dualgate_store_errors_total", "counter", "Failed reads of the credential store during verification.")
        sample("dualgate_store_errors_total", [], String(sum(LoopMetrics.storeErrors)))
        family("dualgate_access_log_dropped_total", "counter", "Access-log lines dropped because the writer fell behind.")
        sample("dualgate_access_log_dropped_total", [], String(sum(LoopMetrics.accessLogDropped)))
        family("dualgate_build_info", "gauge", "Always 1; the version is the label.")
        sample("dualgate_build_info", [("version", Version.string)], "1")
        let process = ProcessStats.read()
        family("process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds.")
        sample("process_cpu_seconds_total", [], String(process.cpuSeconds))
        family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.")
        sample("process_resident_memory_bytes", [], String(process.residentBytes))
        family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.")
        sample("process_virtual_memory_bytes", [], String(process.virtualBytes))
        family("process_open_fds", "gauge", "Open file descriptors.")
        sample("process_open_fds", [], String(process.openDescriptors))
        family("process_max_fds", "gauge", "The open-files limit.")
        sample("process_max_fds", [], String(process.maxDescriptors))
        family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch, in seconds.")
        sample("process_start_time_seconds", [], String(startTime))
    }
}
