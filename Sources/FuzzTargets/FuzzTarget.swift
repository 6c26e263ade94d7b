/// The parsers that face untrusted bytes, each with a harness: `check` runs one input through the
/// parser and verifies a property, throwing `PropertyViolation` when it does not hold. A parser's
/// crash is not caught here: under libFuzzer (with address sanitizer) it is the finding.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// `RequestDecoder`: whole, split and byte-by-byte feeds agree; framing ends where the request ends.
    case http
    /// `ValueDecoder.methodCall`: decode → `ValueEncoder.call` → decode gives the same call.
    case xmlrpc
    /// `JSONReader`: decode → `JSONWriter` (plain and pretty) → decode gives the same value.
    case restJSON = "rest-json"
    /// `FormDecoder`: decode → form-encode → decode gives the same object.
    case restForm = "rest-form"
    /// `BasicCredentials`: a parsed header re-encodes to the same credentials; encode → parse round-trips.
    case basicAuth = "basic-auth"
    /// `WordPressExport.parse`: accepted, or refused with a field path and a message.
    case wordpressImport = "wordpress-import"

    package func check(_ bytes: UnsafeRawBufferPointer) throws(PropertyViolation) {
        switch self {
        case .http: try HTTPDecoderHarness.check(bytes)
        case .xmlrpc: try XMLRPCHarness.check(bytes)
        case .restJSON: try JSONBodyHarness.check(bytes)
        case .restForm: try FormBodyHarness.check(bytes)
        case .basicAuth: try BasicAuthHarness.check(bytes)
        case .wordpressImport: try WordPressImportHarness.check(bytes)
        }
    }

    package func check(_ bytes: [UInt8]) throws(PropertyViolation) {
        let result: Result<Void, PropertyViolation> = bytes.withUnsafeBytes { buffer in
            do throws(PropertyViolation) { try check(buffer) } catch { return .failure(error) }
            return .success(())
        }
        try result.get()
    }
}
