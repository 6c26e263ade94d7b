import Glibc

/// The upstream side (`--upstream https://…`): certificates verified against the system's trust store,
/// plus `--upstream-ca FILE`, with SNI and host-name checking. Shared by every loop, never reloaded.
package final class TLSClientContext: Sendable {
    private let library: LibSSL
    private let context: ContextHandle

    package init(extraCAFile: String?) throws(TLSError) {
        let library = try LibSSL.require()
        self.library = library
        context = try Self.makeContext(library, extraCAFile: extraCAFile)
    }

    private static func makeContext(_ library: LibSSL, extraCAFile: String?) throws(TLSError) -> ContextHandle {
        guard let context = library.contextNew(library.clientMethod()) else {
            throw TLSError("OpenSSL could not make a TLS client context: \(library.drainErrors())")
        }
        var keep = false
        defer { if !keep { library.contextFree(context) } }
        try TLSPolicy.apply(library, to: context)
        library.setVerify(context, TLSConstant.verifyPeer, nil)
        guard library.setDefaultVerifyPaths(context) == 1 else {
            throw TLSError("OpenSSL could not find the system's trust store: \(library.drainErrors())")
        }
        if let extraCAFile {
            guard library.loadVerifyLocations(context, extraCAFile, nil) == 1 else {
                throw TLSError("cannot load the CA certificate(s) from \(extraCAFile): \(library.drainErrors())")
            }
        }
        // SSL_CTX_set_alpn_protos returns 0 on success, unlike most of OpenSSL.
        guard ALPN.clientOffer.withUnsafeBufferPointer({ library.setALPNProtocols(context, $0.baseAddress, UInt32($0.count)) }) == 0 else {
            throw TLSError("OpenSSL refused the ALPN offer: \(library.drainErrors())")
        }
        keep = true
        return ContextHandle(pointer: context)
    }

    deinit { library.contextFree(context.pointer) }

    /// A client session on a connecting socket that checks the certificate names `host`; nil if OpenSSL fails.
    func session(for fd: Int32, host: String) -> TLSSession? {
        guard let handle = library.sessionNew(context.pointer) else {
            library.errorClear()
            return nil
        }
        // SSL_set1_host takes an IP literal as an address to match against IP SANs (OpenSSL 3.0); SNI
        // carries names only (RFC 6066 §3).
        let isAddress = host.contains(":") || host.allSatisfy { $0 == "." || $0.isNumber }
        let configured = host.withCString { name in
            library.setHost(handle, name) == 1
                && (isAddress || library.sessionControl(handle, TLSConstant.controlSetHostName, TLSConstant.hostNameTypeDNS,
                                                        UnsafeMutableRawPointer(mutating: name)) == 1)
        }
        guard configured else {
            library.errorClear()
            library.sessionFree(handle)
            return nil
        }
        return TLSSession(library: library, handle: handle, fd: fd, isServer: false)
    }
}
