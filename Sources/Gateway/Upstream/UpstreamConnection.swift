import Glibc

/// One socket to the upstream, owned by one loop. It carries one exchange at a time; between exchanges
/// it waits in its pool's idle list, watched for the upstream closing it.
final class UpstreamConnection {
    enum Phase {
        case connecting
        /// `https://` upstream: connected, TLS handshake in progress.
        case handshaking
        case sending
        case awaitingHead
        case relaying
        case idle
    }

    let fd: Int32
    var phase: Phase
    /// `https://` upstream: the session over `fd`; nil for http://.
    let tls: TLSSession?
    let input = ByteBuffer(capacity: 16 * 1024)
    let output = ByteBuffer(capacity: 4096)
    /// The exchange in flight; nil while idle.
    var exchange: UpstreamExchange?
    /// It served an exchange before: a close before any answer byte may be the upstream's idle timeout,
    /// so the request is tried once more on a fresh connection.
    var hasServed = false
    var deadline = Int.max
    var interest: UInt32 = 0

    init(fd: Int32, phase: Phase, tls: TLSSession?) {
        self.fd = fd
        self.phase = phase
        self.tls = tls
    }

    /// A non-blocking connect to `origin` (with a TLS session to start once connected, when `tls` is given);
    /// nil when the socket cannot even be made (the caller answers 502).
    static func open(to origin: UpstreamOrigin, tls: TLSClientContext?) -> (UpstreamConnection, connected: Bool)? {
        let fd = socket(origin.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var session: TLSSession?
        if let tls {
            guard let made = tls.session(for: fd, host: origin.host) else {
                close(fd)
                return nil
            }
            session = made
        }
        let result = origin.address.withUnsafeBytes { bytes in
            connect(fd, bytes.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(bytes.count))
        }
        if result == 0 { return (UpstreamConnection(fd: fd, phase: .sending, tls: session), true) }
        guard errno == EINPROGRESS else {
            close(fd)
            return nil
        }
        return (UpstreamConnection(fd: fd, phase: .connecting, tls: session), false)
    }

    /// After the socket became writable while connecting: whether the connect succeeded.
    func connectSucceeded() -> Bool {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0
    }

    enum SendOutcome { case done, blocked, failed }

    func sendQueued() -> SendOutcome {
        while !output.isEmpty {
            let written = tls == nil ? send(fd, output.readable.baseAddress, output.readableCount, Int32(MSG_NOSIGNAL))
                                     : tls!.write(output.readable.baseAddress, count: output.readableCount)
            if written > 0 {
                output.consume(written)
            } else if written < 0 && errno == EINTR {
                continue
            } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return .blocked
            } else {
                return .failed
            }
        }
        return .done
    }

    enum ReceiveOutcome { case bytes, nothing, closed, failed }

    func receive() -> ReceiveOutcome {
        input.reserve(16 * 1024)
        let count = tls == nil ? recv(fd, input.writableStart, input.writableCount, 0)
                               : tls!.read(into: input.writableStart, count: input.writableCount)
        if count > 0 {
            input.commit(count)
            // Plaintext left inside OpenSSL gets no epoll event: take it now.
            while let tls, case let available = tls.pending, available > 0 {
                input.reserve(available)
                let more = tls.read(into: input.writableStart, count: input.writableCount)
                guard more > 0 else { break }
                input.commit(more)
            }
            return .bytes
        }
        if count == 0 { return .closed }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? .nothing : .failed
    }
}

@available(*, unavailable) extension UpstreamConnection: Sendable {}

/// One forwarded request and how far its answer got.
final class UpstreamExchange {
    let client: Connection
    let request: ForwardRequest
    /// The serialized request, kept for one retry on a fresh connection.
    let requestBytes: [UInt8]
    var head: AnswerHeadParser.Head?
    /// Set once the answer's head went to the client: from then on a failure can only cut the connection.
    var clientFraming: ClientFraming?
    var remaining = 0
    var chunks: ChunkedDecoder?
    var collected: [UInt8] = []
    var isPaused = false
    var hasRetried = false
    /// A streamed request body's last part was queued (always true for a buffered body).
    var bodyComplete: Bool

    init(client: Connection, request: ForwardRequest, requestBytes: [UInt8]) {
        self.client = client
        self.request = request
        self.requestBytes = requestBytes
        bodyComplete = request.streamedBody == nil
    }
}

@available(*, unavailable) extension UpstreamExchange: Sendable {}

/// How a forwarded answer's content is framed towards the client.
enum ClientFraming {
    case none
    case length
    /// Re-chunked: the upstream's length was not known in advance (chunked or until close).
    case chunked
    /// An HTTP/1.0 client and no known length: the content ends when the connection does.
    case close
}
