import Glibc

/// One TLS connection over a non-blocking socket (`SSL*`), used by one loop thread. Reads and writes keep
/// `recv`/`send`'s contract (bytes, 0 at the end, -1 with `errno`, EAGAIN when OpenSSL wants the socket), so
/// the callers' epoll logic stays as it is for plain sockets.
final class TLSSession {
    enum Step { case done, wantRead, wantWrite, failed }

    private let library: LibSSL
    private let handle: OpaquePointer
    private(set) var isEstablished = false
    private var sentCloseNotify = false

    /// Takes ownership of `handle` (from `SSL_new`), bound to `fd` on the given side.
    init?(library: LibSSL, handle: OpaquePointer, fd: Int32, isServer: Bool) {
        self.library = library
        self.handle = handle
        guard library.setFD(handle, fd) == 1 else {
            library.errorClear()
            library.sessionFree(handle)
            return nil
        }
        if isServer { library.setAcceptState(handle) } else { library.setConnectState(handle) }
    }

    deinit { library.sessionFree(handle) }   // the socket is not ours: SSL_set_fd does not close it

    /// One step of the handshake; call again when the socket is ready for what it asked.
    func handshake() -> Step {
        let result = library.doHandshake(handle)
        if result == 1 {
            isEstablished = true
            return .done
        }
        switch library.getError(handle, result) {
        case TLSConstant.errorWantRead: return .wantRead
        case TLSConstant.errorWantWrite: return .wantWrite
        default:
            // A failed handshake leaves errors on this thread's queue; the next SSL call must not see them.
            library.errorClear()
            return .failed
        }
    }

    /// Like `recv`: plaintext bytes, 0 when the peer closed, -1 with `errno` (EAGAIN: try after the next event).
    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        let result = library.read(handle, buffer, Int32(clamping: count))
        return result > 0 ? Int(result) : failure(result)
    }

    /// Like `send`: bytes taken (maybe fewer than offered), or -1 with `errno`.
    func write(_ bytes: UnsafeRawPointer?, count: Int) -> Int {
        guard count > 0 else { return 0 }
        let result = library.write(handle, bytes, Int32(clamping: count))
        return result > 0 ? Int(result) : failure(result)
    }

    /// Plaintext already decrypted inside OpenSSL: epoll cannot announce it, so readers take it at once.
    var pending: Int { Int(library.pending(handle)) }

    /// Whether OpenSSL holds anything read from the socket and not yet returned, decrypted or not. With
    /// read-ahead (the server's contexts) whole records can wait there unprocessed, where `pending` is 0
    /// and epoll says nothing: a reader that stopped at `pending` would stall on a pipelined request.
    var hasPending: Bool { library.hasPending(handle) == 1 }

    /// Sends close_notify once, without waiting for the peer's; a full socket buffer just drops it.
    func closeNotify() {
        guard isEstablished, !sentCloseNotify else { return }
        sentCloseNotify = true
        if library.shutdown(handle) < 0 { library.errorClear() }
    }

    private func failure(_ result: Int32) -> Int {
        let savedErrno = errno
        switch library.getError(handle, result) {
        case TLSConstant.errorWantRead, TLSConstant.errorWantWrite:
            // With renegotiation off a read never needs to write first (nor a write to read) in practice;
            // the caller waits for the event it already waits for.
            errno = EAGAIN
            return -1
        case TLSConstant.errorZeroReturn:
            return 0   // close_notify, or (SSL_OP_IGNORE_UNEXPECTED_EOF) a plain EOF
        case TLSConstant.errorSyscall:
            library.errorClear()
            errno = savedErrno == 0 || savedErrno == EAGAIN ? ECONNRESET : savedErrno
            return -1
        default:
            library.errorClear()
            errno = EPROTO
            return -1
        }
    }
}

@available(*, unavailable) extension TLSSession: Sendable {}
