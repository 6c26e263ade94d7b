/// What every connection of one event loop shares: the handler, the date line, timeouts, the epoll set.
/// Confined to its loop thread.
final class LoopContext {
    let handler: any HTTPRequestHandler
    let epoll: EpollSet
    let dates = DateCache()
    let serializer: ResponseSerializer
    let limits: HTTPLimits
    let headerTimeout: Int
    let bodyTimeout: Int
    let idleTimeout: Int
    let linger: Int
    /// `serve --tls-cert`: where new connections get their TLS session; nil for plain HTTP.
    let tls: TLSServerContext?
    /// Gateway mode: this loop's upstream sockets (`serve --upstream`); nil otherwise.
    var upstream: UpstreamPool?
    /// Request ids, metrics and the access log (issue 17): the handler's, made on this thread.
    let observer: RequestObserver?
    /// Set once `stop()` reached this loop: answers say `Connection: close`, idle connections go.
    var isDraining = false
    /// Where lingering connections read unwanted input into.
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    /// A body slower than this on average (after its first `bodyTimeout` seconds) is cut off with 408.
    let minBodyBytesPerSecond = 500
    /// Output beyond this stops reading more pipelined requests until it is written (slow-reader defence).
    let outputHighWater = 1 << 20
    /// Each connection starts with buffers this big (a typical request and answer fit).
    let initialBufferBytes = 4096
    /// Free space guaranteed before reading a head, and before reading a body.
    let headReadChunk = 2048
    let bodyReadChunk = 64 * 1024

    init(handler: any HTTPRequestHandler, epoll: EpollSet, configuration: ServerConfiguration) {
        self.handler = handler
        observer = handler.observer
        self.epoll = epoll
        serializer = ResponseSerializer(dates: dates)
        limits = configuration.limits
        headerTimeout = max(configuration.headerTimeoutSeconds, 1)
        bodyTimeout = max(configuration.bodyTimeoutSeconds, 1)
        idleTimeout = max(configuration.idleTimeoutSeconds, 1)
        linger = max(configuration.lingerSeconds, 0)
        tls = configuration.tls
        upstream = configuration.upstream.map { UpstreamPool(settings: $0, epoll: epoll, clientHighWater: outputHighWater) }
    }

    deinit { scratch.deallocate() }
}

@available(*, unavailable) extension LoopContext: Sendable {}
