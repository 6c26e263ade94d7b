import Testing
@testable import RESTRoutes

@Suite struct JSONReaderTests {
    private func parse(_ text: String) throws(JSONReadError) -> JSON { try JSONReader.parse(Array(text.utf8)) }

    @Test func parsesAllValueKinds() throws {
        let value = try parse(#" {"name":"x","n":-12,"f":1.5e2,"t":true,"f2":false,"z":null,"a":["rest-api",{}],"s":"\u00e9\ud83d\ude00\/\n"} "#)
        #expect(value == .object([("name", "x"), ("n", -12), ("f", .double(150)), ("t", true), ("f2", false), ("z", nil),
                                  ("a", ["rest-api", .emptyObject]), ("s", "é😀/\n")]))
    }

    @Test func duplicateKeysKeepTheLastValueInTheFirstPlace() throws {
        #expect(try parse(#"{"a":1,"b":2,"a":3}"#) == .object([("a", 3), ("b", 2)]))
    }

    @Test func hugeIntegersBecomeDoubles() throws {
        #expect(try parse("123456789012345678901234567890") == .double(Double("123456789012345678901234567890")!))
    }

    @Test(arguments: ["", "{", "{\"a\"}", "[1,]", "{\"a\":1,}", "01", "1.", "-", "tru", "\"abc", "{'a':1}", "[1] x", "\"\\x\""])
    func syntaxErrors(_ text: String) {
        #expect(throws: JSONReadError.syntax) { try parse(text) }
    }

    @Test func controlCharacterInString() {
        #expect(throws: JSONReadError.controlCharacter) { try parse("\"a\u{01}b\"") }
    }

    @Test func malformedUTF8() {
        for bytes: [UInt8] in [[0x22, 0xC3, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xFF, 0x22]] {
            #expect(throws: JSONReadError.utf8) { try JSONReader.parse(bytes) }
        }
    }

    @Test func unpairedSurrogates() {
        #expect(throws: JSONReadError.utf16) { try parse(#""\ud800""#) }
        #expect(throws: JSONReadError.utf16) { try parse(#""\udc00""#) }
        #expect(throws: JSONReadError.utf16) { try parse(#""\ud800\u0041""#) }
    }

    @Test func depthIsCapped() throws {
        let ok = String(repeating: "[", count: JSONReader.maximumDepth) + String(repeating: "]", count: JSONReader.maximumDepth)
        _ = try parse(ok)
        let deep = String(repeating: "[", count: JSONReader.maximumDepth + 1) + String(repeating: "]", count: JSONReader.maximumDepth + 1)
        #expect(throws: JSONReadError.depth) { try parse(deep) }
        #expect(throws: JSONReadError.depth) { try parse(String(repeating: "[", count: 100_000)) }
    }

    @Test func writerOutputReadsBack() throws {
        let value = JSON.object([("s", "a/b \"c\" é 😀 \u{01}"), ("l", [1, nil, false]), ("o", .object([("k", "v")]))])
        #expect(try JSONReader.parse(JSONWriter.bytes(value)) == value)
    }
}
