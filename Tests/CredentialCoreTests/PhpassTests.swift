@testable import CredentialCore
import Testing

@Suite("phpass portable hashes and MD5")
struct PhpassTests {
    @Test("every phpass vector verifies as WordPress's wp_check_password decides")
    func vectors() {
        for vector in VectorFile.shared.phpass.vectors {
            let password = [UInt8](hex: vector.password_utf8_hex)
            #expect(Phpass.verify(password, stored: vector.hash) == vector.expected, "\(vector.note)")
            if vector.hash.hasPrefix("$P$") {
                #expect(Phpass.hash(password, setting: vector.hash) == vector.hash, "\(vector.note)")
                #expect(vector.hash.dropFirst(4).prefix(8) == Substring(vector.salt))
            }
        }
    }

    @Test("wrong candidates are refused")
    func verifyCases() {
        for check in VectorFile.shared.phpass.verify {
            #expect(Phpass.verify(Array(check.candidate.utf8), stored: check.stored) == check.expected, "\(check.note)")
        }
    }

    @Test("cost characters outside 7…30 and malformed settings never verify")
    func costBounds() {
        let good = "$P$BXk3.9vQa76qpeXvTI7AjibGcXtXh7/"
        #expect(Phpass.verify(Array("password".utf8), stored: good))
        #expect(Phpass.hash(Array("password".utf8), setting: "$P$4Xk3.9vQa") == nil)   // index 6
        #expect(Phpass.hash(Array("password".utf8), setting: "$P$TXk3.9vQa") == nil)   // index 31
        #expect(Phpass.hash(Array("password".utf8), setting: "$P$5Xk3.9vQa") != nil)   // index 7, the cheapest allowed
        #expect(!Phpass.verify(Array("password".utf8), stored: String(good.dropLast())))
        #expect(!Phpass.verify([UInt8](repeating: 0x61, count: 4097), stored: good))
    }

    @Test("MD5 matches RFC 1321's test suite and the md5_legacy vectors")
    func md5() {
        #expect(MD5.hex([]) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(MD5.hex(Array("abc".utf8)) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(MD5.hex(Array("12345678901234567890123456789012345678901234567890123456789012345678901234567890".utf8))
                == "57edf4a22be3c955ac49da2e2107b67a")
        for vector in VectorFile.shared.md5_legacy.vectors {
            #expect((MD5.hex(Array(vector.candidate.utf8)) == vector.stored) == vector.expected)
        }
    }
}
