/// OpenSSL 3.0's numbers for what its headers spell as macros (`/usr/include/openssl/ssl.h`, `prov_ssl.h`):
/// with `dlopen` there are no headers, so `SSL_CTX_set_min_proto_version(ctx, v)` is the
/// `SSL_CTX_ctrl(ctx, 123, v, NULL)` it expands to, and so on.
enum TLSConstant {
    static let tls12: Int = 0x0303
    static let tls13: Int = 0x0304
    static let controlSetMinimumVersion: Int32 = 123
    static let controlSetMaximumVersion: Int32 = 124
    static let controlMode: Int32 = 33
    static let controlSetReadAhead: Int32 = 41
    static let controlSetHostName: Int32 = 55   // SSL_set_tlsext_host_name (SNI)
    static let hostNameTypeDNS = 0               // TLSEXT_NAMETYPE_host_name
    /// SSL_write may write part of the buffer; a retry may pass a buffer that moved (our output buffer grows).
    static let modePartialWrite = 0x1
    static let modeMovingWriteBuffer = 0x2
    static let optionIgnoreUnexpectedEOF: UInt64 = 1 << 7
    static let optionNoCompression: UInt64 = 1 << 17
    static let optionNoRenegotiation: UInt64 = 1 << 30
    static let fileTypePEM: Int32 = 1
    static let verifyPeer: Int32 = 1
    static let errorSSL: Int32 = 1
    static let errorWantRead: Int32 = 2
    static let errorWantWrite: Int32 = 3
    static let errorSyscall: Int32 = 5
    static let errorZeroReturn: Int32 = 6
    static let alpnOK: Int32 = 0
    static let alpnAlertFatal: Int32 = 2
    /// Mozilla's "intermediate" TLS 1.2 suites (v5.7), ECDHE only: the DHE ones need DH parameters we do
    /// not configure. TLS 1.3 keeps OpenSSL's default suites, which are the intermediate ones.
    static let intermediateCiphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
}
