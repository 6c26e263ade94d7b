import CredentialCore
import Glibc

/// OpenSSL 3's libssl, opened with `dlopen` the first time TLS is asked for (`serve --tls-cert`, an
/// `https://` upstream), so that building and running dualgate without TLS needs neither `libssl-dev` nor
/// `libssl3`. The functions are looked up by name into C function pointers, as `SystemCalls` does for
/// epoll; OpenSSL's function-like macros are spelled as the calls they expand to (`TLSConstants`).
struct LibSSL: @unchecked Sendable {   // immutable C function pointers
    typealias Method = @convention(c) () -> OpaquePointer?
    typealias ContextNew = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias ContextFree = @convention(c) (OpaquePointer?) -> Void
    typealias ContextFile = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias ContextFileTyped = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32
    typealias ContextCheck = @convention(c) (OpaquePointer?) -> Int32
    typealias ContextControl = @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    typealias ContextOptions = @convention(c) (OpaquePointer?, UInt64) -> UInt64
    typealias ContextCipherList = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias ContextVerify = @convention(c) (OpaquePointer?, Int32, OpaquePointer?) -> Void
    typealias ContextVerifyLocations = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
    typealias ALPNSelect = @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, UnsafeMutablePointer<UInt8>?,
                                           UnsafePointer<UInt8>?, UInt32, UnsafeMutableRawPointer?) -> Int32
    typealias ContextALPNCallback = @convention(c) (OpaquePointer?, ALPNSelect?, UnsafeMutableRawPointer?) -> Void
    typealias ContextALPNProtocols = @convention(c) (OpaquePointer?, UnsafePointer<UInt8>?, UInt32) -> Int32
    typealias SessionFree = @convention(c) (OpaquePointer?) -> Void
    typealias SessionSetFD = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias SessionState = @convention(c) (OpaquePointer?) -> Void
    typealias SessionStep = @convention(c) (OpaquePointer?) -> Int32
    typealias SessionIO = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Int32
    typealias SessionWrite = @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int32) -> Int32
    typealias SessionError = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias SessionControl = @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    typealias SessionHost = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias ErrorGet = @convention(c) () -> UInt
    typealias ErrorString = @convention(c) (UInt, UnsafeMutablePointer<CChar>?, Int) -> Void
    typealias ErrorClear = @convention(c) () -> Void

    let serverMethod: Method
    let clientMethod: Method
    let contextNew: ContextNew
    let contextFree: ContextFree
    let useCertificateChainFile: ContextFile
    let usePrivateKeyFile: ContextFileTyped
    let checkPrivateKey: ContextCheck
    let contextControl: ContextControl
    let setOptions: ContextOptions
    let setCipherList: ContextCipherList
    let setVerify: ContextVerify
    let setDefaultVerifyPaths: ContextCheck
    let loadVerifyLocations: ContextVerifyLocations
    let setALPNSelectCallback: ContextALPNCallback
    let setALPNProtocols: ContextALPNProtocols
    let sessionNew: ContextNew
    let sessionFree: SessionFree
    let setFD: SessionSetFD
    let setAcceptState: SessionState
    let setConnectState: SessionState
    let doHandshake: SessionStep
    let read: SessionIO
    let write: SessionWrite
    let pending: SessionStep
    let hasPending: SessionStep
    let shutdown: SessionStep
    let getError: SessionError
    let sessionControl: SessionControl
    let setHost: SessionHost
    let errorGet: ErrorGet
    let errorString: ErrorString
    let errorClear: ErrorClear

    /// The library as loaded at first use; the failure when it is missing says what to install.
    static let loaded: Result<LibSSL, TLSError> = open()

    static func require() throws(TLSError) -> LibSSL { try loaded.get() }

    /// `DUALGATE_LIBSSL` names another file (tests use it to show the message for a missing library).
    private static func open() -> Result<LibSSL, TLSError> {
        let name = getenv("DUALGATE_LIBSSL").map { String(cString: $0) } ?? "libssl.so.3"
        let library: SystemLibrary
        switch SystemLibrary.open(name) {
        case .success(let opened): library = opened
        case .failure(let missing):
            return .failure(TLSError("TLS needs OpenSSL 3's libssl.so.3, which could not be loaded (\(missing.reason)); "
                                     + "install it with 'apt-get install libssl3' (Debian/Ubuntu; 'openssl-libs' on Fedora/RHEL)"))
        }
        do throws(TLSError) {
            func symbol<T>(_ symbolName: String, as type: T.Type) throws(TLSError) -> T {
                guard let function = library.function(symbolName, as: type) else {
                    throw TLSError("\(name) is not OpenSSL 3 (it has no \(symbolName)); install 'libssl3' (Debian/Ubuntu)")
                }
                return function
            }
            // ERR_* live in libcrypto, which libssl depends on: dlsym on libssl's handle searches it too.
            return .success(LibSSL(
                serverMethod: try symbol("TLS_server_method", as: Method.self), clientMethod: try symbol("TLS_client_method", as: Method.self),
                contextNew: try symbol("SSL_CTX_new", as: ContextNew.self), contextFree: try symbol("SSL_CTX_free", as: ContextFree.self),
                useCertificateChainFile: try symbol("SSL_CTX_use_certificate_chain_file", as: ContextFile.self),
                usePrivateKeyFile: try symbol("SSL_CTX_use_PrivateKey_file", as: ContextFileTyped.self),
                checkPrivateKey: try symbol("SSL_CTX_check_private_key", as: ContextCheck.self),
                contextControl: try symbol("SSL_CTX_ctrl", as: ContextControl.self),
                setOptions: try symbol("SSL_CTX_set_options", as: ContextOptions.self),
                setCipherList: try symbol("SSL_CTX_set_cipher_list", as: ContextCipherList.self),
                setVerify: try symbol("SSL_CTX_set_verify", as: ContextVerify.self),
                setDefaultVerifyPaths: try symbol("SSL_CTX_set_default_verify_paths", as: ContextCheck.self),
                loadVerifyLocations: try symbol("SSL_CTX_load_verify_locations", as: ContextVerifyLocations.self),
                setALPNSelectCallback: try symbol("SSL_CTX_set_alpn_select_cb", as: ContextALPNCallback.self),
                setALPNProtocols: try symbol("SSL_CTX_set_alpn_protos", as: ContextALPNProtocols.self),
                sessionNew: try symbol("SSL_new", as: ContextNew.self), sessionFree: try symbol("SSL_free", as: SessionFree.self),
                setFD: try symbol("SSL_set_fd", as: SessionSetFD.self),
                setAcceptState: try symbol("SSL_set_accept_state", as: SessionState.self),
                setConnectState: try symbol("SSL_set_connect_state", as: SessionState.self),
                doHandshake: try symbol("SSL_do_handshake", as: SessionStep.self), read: try symbol("SSL_read", as: SessionIO.self),
                write: try symbol("SSL_write", as: SessionWrite.self), pending: try symbol("SSL_pending", as: SessionStep.self),
                hasPending: try symbol("SSL_has_pending", as: SessionStep.self),
                shutdown: try symbol("SSL_shutdown", as: SessionStep.self), getError: try symbol("SSL_get_error", as: SessionError.self),
                sessionControl: try symbol("SSL_ctrl", as: SessionControl.self), setHost: try symbol("SSL_set1_host", as: SessionHost.self),
                errorGet: try symbol("ERR_get_error", as: ErrorGet.self), errorString: try symbol("ERR_error_string_n", as: ErrorString.self),
                errorClear: try symbol("ERR_clear_error", as: ErrorClear.self)))
        } catch {
            return .failure(error)
        }
    }

    /// Everything OpenSSL queued on this thread, as one line; the queue is left empty.
    func drainErrors() -> String {
        var lines: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while case let code = errorGet(), code != 0 {
            errorString(code, &buffer, buffer.count)
            lines.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return lines.isEmpty ? "no detail from OpenSSL" : lines.joined(separator: "; ")
    }
}

/// TLS could not be set up (library, certificate, key, CA file); the text is for the operator.
public struct TLSError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
