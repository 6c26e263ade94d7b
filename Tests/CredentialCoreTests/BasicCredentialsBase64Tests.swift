import Foundation
import Testing
@testable import CredentialCore
import WireFormat

/// The hand-written decoder of canonical base64 in `BasicCredentials` against Foundation's, which
/// it stands in for: every short payload over an alphabet that hits padding and spare bits, and
/// random canonical ones, must give the same credentials as Foundation's decoding did.
@Suite struct BasicCredentialsBase64Tests {
    /// What `BasicCredentials` answered when it decoded with Foundation alone.
    static func expected(_ payload: String) -> BasicCredentials? {
        let bytes = Array(payload.utf8)
        var padding = 0
        for byte in bytes {
            if byte == UInt8(ascii: "=") { padding += 1; if padding > 2 { return nil } }
            else if padding > 0 { return nil }
        }
        guard let decoded = Data(base64Encoded: Data(bytes))
                ?? Data(base64Encoded: Data(bytes) + Data(repeating: UInt8(ascii: "="), count: (4 - bytes.count % 4) % 4)),
              let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        return BasicCredentials(login: String(decoding: decoded[decoded.startIndex..<colon], as: UTF8.self),
                                password: String(decoding: decoded[decoded.index(after: colon)...], as: UTF8.self))
    }

    @Test func everyShortPayloadDecodesAsFoundationDecodesIt() {
        // `O` and `g` hold the colon's bits; `B`, `h`, `/` set spare bits; `=` pads.
        let alphabet = Array("OgBh/A=".utf8)
        var payloads: [[UInt8]] = [[]]
        for _ in 0..<6 {
            payloads = payloads.flatMap { prefix in alphabet.map { prefix + [$0] } }
            for payload in payloads {
                let text = String(decoding: payload, as: UTF8.self)
                #expect(BasicCredentials(authorizationHeader: "Basic " + text) == Self.expected(text), "\(text)")
            }
        }
    }

    @Test func randomCanonicalPayloadsDecodeAsFoundationDecodesThem() {
        var generator = SystemRandomNumberGenerator()
        for length in 1...80 {
            let login = (0..<(length % 7)).map { _ in UInt8.random(in: 0x21...0x7E, using: &generator) }.filter { $0 != UInt8(ascii: ":") }
            let password = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let payload = Data(login + [UInt8(ascii: ":")] + password).base64EncodedString()
            let parsed = BasicCredentials(authorizationHeader: "Basic " + payload)
            #expect(parsed != nil && parsed == Self.expected(payload), "\(payload)")
            let bytes = Array(payload.utf8)
            let decoded = bytes.withUnsafeBufferPointer { input in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: input.count / 4 * 3) { out in
                    Base64.decodeCanonical(input, into: out).map { Array(out[..<$0]) }
                }
            }
            #expect(decoded == Array(Data(base64Encoded: payload)!))
        }
    }
}
