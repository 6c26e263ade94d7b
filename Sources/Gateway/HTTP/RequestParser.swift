import Glibc

/// Incremental HTTP/1.1 request-head parser (RFC 9112 §2-§5).
///
/// Callers pass every unconsumed byte since the start of the request each time more arrive; the parser
/// remembers how far it has scanned, so a head split across many reads is scanned once. Nothing is consumed
/// until the whole head is there, then `consumed` says where the body starts.
package struct RequestParser {
    package let limits: HTTPLimits
    /// Bytes already searched for line ends.
    private var scanned = 0
    /// Start of the line being scanned.
    private var lineStart = 0
    /// Start of the request line: empty lines before it are skipped (RFC 9112 §2.2).
    private var headStart = 0

    package init(limits: HTTPLimits) { self.limits = limits }

    /// Forget a finished head so the next request on the connection starts afresh.
    package mutating func reset() {
        scanned = 0
        lineStart = 0
        headStart = 0
    }

    package mutating func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult {
        guard let base = bytes.baseAddress else { return .needMoreBytes }
        let count = bytes.count
        while true {
            // Scan no further than the largest head allowed: beyond it the answer is 431 whatever the bytes
            // hold, however they were split into reads (a bare LF past the limit gave 400 when it came in
            // the same read, 431 in a later one: found by fuzz/ `http`).
            let end = Swift.min(count, headStart + limits.maxHeaderBytes + 1)
            guard scanned < end else { break }
            guard let found = memchr(base + scanned, Int32(ASCII.lf), end - scanned) else {
                scanned = end
                break
            }
            let lf = base.distance(to: UnsafeRawPointer(found))
            // A bare LF (or CR not followed by LF) is refused rather than guessed at (RFC 9112 §2.2).
            guard lf > lineStart, bytes[lf - 1] == ASCII.cr else { return .reject(.badRequest) }
            scanned = lf + 1
            if lf - 1 == lineStart {
                if lineStart == headStart {
                    guard lf + 1 <= limits.maxHeaderBytes else { return .reject(.requestHeaderFieldsTooLarge) }
                    headStart = lf + 1
                    lineStart = lf + 1
                    continue
                }
                guard lf + 1 <= limits.maxHeaderBytes + headStart else { return .reject(.requestHeaderFieldsTooLarge) }
                let head = UnsafeRawBufferPointer(rebasing: bytes[headStart..<lineStart])
                switch HeadReader.read(head, limits: limits) {
                case .success(let parsed): return .head(parsed, consumed: lf + 1)
                case .failure(let rejection): return .reject(rejection.status)
                }
            }
            lineStart = lf + 1
        }
        // Leading empty lines are skipped but not free: they are held unconsumed, so they count (2 bytes each)
        // against the same budget, or a stream of CRLFs would grow the buffer until the timeout.
        if count - headStart > limits.maxHeaderBytes || headStart > limits.maxHeaderBytes {
            return .reject(.requestHeaderFieldsTooLarge)
        }
        return .needMoreBytes
    }
}
