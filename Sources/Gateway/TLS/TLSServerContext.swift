import Glibc
import Synchronization

/// The listener's certificate and key as an `SSL_CTX`, shared by every loop. `reload()` (SIGHUP) builds a
/// new one and swaps it in: connections accepted from then on use it, open ones keep theirs (each `SSL`
/// holds a reference on the context it was made from, so the old one lives until they end).
package final class TLSServerContext: Sendable {
    package let certificatePath: String
    package let keyPath: String
    private let library: LibSSL
    private let current: Mutex<ContextHandle>

    /// Loads libssl, checks the key file's mode, loads certificate and key; any failure says why.
    package init(certificatePath: String, keyPath: String) throws(TLSError) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        library = try LibSSL.require()
        current = Mutex(try Self.makeContext(library, certificatePath: certificatePath, keyPath: keyPath))
    }

    /// The checks that need no certificate: the library is there and the key file is private.
    package static func preflight(keyPath: String) throws(TLSError) {
        _ = try LibSSL.require()
        if let problem = KeyFileMode.problem(keyPath, what: "TLS key file") { throw TLSError(problem) }
    }

    deinit { current.withLock { library.contextFree($0.pointer) } }

    /// Reads the files again into a new context; on failure the old one stays and the error says why.
    package func reload() throws(TLSError) {
        let fresh = try Self.makeContext(library, certificatePath: certificatePath, keyPath: keyPath)
        let old = current.withLock { handle in
            let old = handle
            handle = fresh
            return old
        }
        library.contextFree(old.pointer)   // drops our reference only; open connections hold theirs
    }

    /// A server session for an accepted socket, on the current certificate; nil if OpenSSL cannot make one.
    func session(for fd: Int32) -> TLSSession? {
        // SSL_new takes its own reference on the context, under the lock so a reload cannot free it first.
        let handle = current.withLock { library.sessionNew($0.pointer) }
        guard let handle else {
            library.errorClear()
            return nil
        }
        return TLSSession(library: library, handle: handle, fd: fd, isServer: true)
    }

    private static func makeContext(_ library: LibSSL, certificatePath: String, keyPath: String) throws(TLSError) -> ContextHandle {
        if let problem = KeyFileMode.problem(keyPath, what: "TLS key file") { throw TLSError(problem) }
        guard let context = library.contextNew(library.serverMethod()) else {
            throw TLSError("OpenSSL could not make a TLS context: \(library.drainErrors())")
        }
        var keep = false
        defer { if !keep { library.contextFree(context) } }
        try TLSPolicy.apply(library, to: context)
        // Read-ahead: OpenSSL reads what the socket holds, not a record header and then its body, so a
        // request costs one read(2) instead of two (nginx sets it too; strace of W1 over TLS). The
        // connection drains what it buffers with `TLSSession.hasPending`.
        _ = library.contextControl(context, TLSConstant.controlSetReadAhead, 1, nil)
        // Chosen by the issue: http/1.1 only, and a client that offers ALPN without it is refused (RFC 7301 §3.2).
        library.setALPNSelectCallback(context, { _, selected, selectedLength, offered, offeredLength, _ in
            guard let offered, let index = ALPN.http11(in: UnsafeRawBufferPointer(start: offered, count: Int(offeredLength))) else {
                return TLSConstant.alpnAlertFatal
            }
            selected?.pointee = offered + index
            selectedLength?.pointee = UInt8(ALPN.http11Name.count)
            return TLSConstant.alpnOK
        }, nil)
        guard library.useCertificateChainFile(context, certificatePath) == 1 else {
            throw TLSError("cannot load the TLS certificate (chain) from \(certificatePath): \(library.drainErrors())")
        }
        guard library.usePrivateKeyFile(context, keyPath, TLSConstant.fileTypePEM) == 1 else {
            throw TLSError("cannot load the TLS key from \(keyPath) (PEM, unencrypted): \(library.drainErrors())")
        }
        guard library.checkPrivateKey(context) == 1 else {
            throw TLSError("the TLS key \(keyPath) does not match the certificate \(certificatePath): \(library.drainErrors())")
        }
        keep = true
        return ContextHandle(pointer: context)
    }
}

/// An `SSL_CTX*`: OpenSSL makes sessions from one context on several threads at once.
struct ContextHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// What both sides of dualgate's TLS share: TLS 1.2 and 1.3 only, no renegotiation, no compression.
enum TLSPolicy {
    static func apply(_ library: LibSSL, to context: OpaquePointer) throws(TLSError) {
        guard library.contextControl(context, TLSConstant.controlSetMinimumVersion, TLSConstant.tls12, nil) == 1,
              library.contextControl(context, TLSConstant.controlSetMaximumVersion, TLSConstant.tls13, nil) == 1,
              library.setCipherList(context, TLSConstant.intermediateCiphers) == 1 else {
            throw TLSError("OpenSSL refused the TLS version range or cipher list: \(library.drainErrors())")
        }
        // Unexpected EOF: HTTP frames its own messages, and many clients close without close_notify.
        _ = library.setOptions(context, TLSConstant.optionNoRenegotiation | TLSConstant.optionNoCompression
                               | TLSConstant.optionIgnoreUnexpectedEOF)
        _ = library.contextControl(context, TLSConstant.controlMode, TLSConstant.modePartialWrite | TLSConstant.modeMovingWriteBuffer, nil)
    }
}

/// The one application protocol spoken: HTTP/1.1 (RFC 7301).
enum ALPN {
    static let http11Name: [UInt8] = Array("http/1.1".utf8)
    /// The wire form of our offer as a client: length-prefixed names.
    static let clientOffer: [UInt8] = [UInt8(http11Name.count)] + http11Name

    /// Where `http/1.1` starts in a client's length-prefixed list, or nil.
    static func http11(in list: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        while index < list.count {
            let length = Int(list[index])
            let start = index + 1
            guard start + length <= list.count else { return nil }
            if length == http11Name.count && list[start..<start + length].elementsEqual(http11Name) { return start }
            index = start + length
        }
        return nil
    }
}
