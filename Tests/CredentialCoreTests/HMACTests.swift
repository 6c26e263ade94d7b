@testable import CredentialCore
import Foundation
import Testing

/// RFC 4231's HMAC-SHA256 test cases (keys shorter than, equal to and longer than the block), and a
/// cross-check against python3's `hmac` module, an independent implementation.
struct HMACTests {
    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    @Test(arguments: [
        // RFC 4231 §4.2, 4.3, 4.4, 4.7
        ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("4a656665", Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (String(repeating: "aa", count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ])
    func rfc4231(key: String, message: [UInt8], expected: String) {
        #expect(HMACSHA256.hex(key: Self.bytes(hex: key), message: message) == expected)
    }

    @Test func agreesWithPythonsHMAC() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 is a test dependency (.ci/run installs it)")
        let key = (0..<64).map { UInt8(($0 * 37 + 11) & 0xFF) }
        let message = Array("POST\n/wp-json/wp/v2/posts\n1765000000\nadmin\n1\nadministrator\nrest\nread-write".utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import hmac,hashlib,sys; print(hmac.new(bytes.fromhex(sys.argv[1]), sys.argv[2].encode(), hashlib.sha256).hexdigest())",
                             key.map { String(format: "%02x", $0) }.joined(), String(decoding: message, as: UTF8.self)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let expected = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(expected.count == 64)
        #expect(HMACSHA256.hex(key: key, message: message) == expected)
    }
}
