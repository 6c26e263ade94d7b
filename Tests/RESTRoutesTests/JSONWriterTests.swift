import Testing
@testable import RESTRoutes

/// Expected bytes are what PHP's `json_encode` (no flags, as `wp_json_encode` in the REST server) writes.
@Suite struct JSONWriterTests {
    @Test func objectsKeepMemberOrder() {
        let value = JSON.object([("uuid", "u"), ("app_id", ""), ("name", "n"), ("last_used", nil), ("count", 2), ("deleted", true)])
        #expect(JSONWriter.string(value) == #"{"uuid":"u","app_id":"","name":"n","last_used":null,"count":2,"deleted":true}"#)
    }

    @Test func emptyArrayAndEmptyObjectDiffer() {
        #expect(JSONWriter.string(.array([])) == "[]")
        #expect(JSONWriter.string(.emptyObject) == "{}")
    }

    @Test(arguments: [
        ("a/b", #""a\/b""#),
        ("quote\" back\\", #""quote\" back\\""#),
        ("\u{08}\u{0C}\n\r\t", #""\b\f\n\r\t""#),
        ("\u{01}\u{1F}", #""\u0001\u001f""#),
        ("é", #""\u00e9""#),
        ("€", #""\u20ac""#),
        ("😀", #""\ud83d\ude00""#),
        ("<strong>&'</strong>", #""<strong>&'<\/strong>""#),
        ("\u{7F}", "\"\u{7F}\""),
    ])
    func stringsAreEscapedAsPHPDoes(_ input: String, _ expected: String) {
        #expect(JSONWriter.string(.string(input)) == expected)
    }

    @Test func numbers() {
        #expect(JSONWriter.string([.int(-5), .int(0), .double(1.5), .double(2)]) == "[-5,0,1.5,2.0]")
    }

    @Test func settingAnExistingKeyReplacesItInPlace() {
        var object = JSON.object([("a", 1), ("b", 2)])
        object.set("a", 3)
        object.set("c", 4)
        #expect(JSONWriter.string(object) == #"{"a":3,"b":2,"c":4}"#)
    }
}

@Suite struct PrettyJSONTests {
    @Test func prettyPrintsAsPHP() {
        let value = JSON.object([("a", [1, 2]), ("b", .emptyObject), ("c", .array([])), ("d", .object([("e", "/")]))])
        #expect(JSONWriter.string(value, pretty: true) == "{\n    \"a\": [\n        1,\n        2\n    ],\n    \"b\": {},\n    \"c\": [],\n    \"d\": {\n        \"e\": \"\\/\"\n    }\n}")
    }
}
