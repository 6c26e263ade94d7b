import Foundation
import Testing

/// Issue 11 item 2: a string parameter that is not valid UTF-8 — in a form body, a multipart
/// body or the query — is refused with `400 rest_invalid_param` naming it, and nothing is stored
/// (it used to be stored with U+FFFD in place of each bad byte).
@Suite(.timeLimit(.minutes(3)))
struct RESTInvalidUTF8Tests {
    private func expectRefusal(_ answer: RawClient.Response, naming name: String, _ site: RESTSite, before: [WireJSON]) throws {
        #expect(answer.status == 400 && answer.value["code"]?.string == "rest_invalid_param", "\(answer.text)")
        #expect(answer.value["data"]?["params"]?[name]?.string == "\(name) is not valid UTF-8.", "\(answer.text)")
        #expect(answer.value["data"]?["details"]?[name]?["code"]?.string == "rest_invalid_param", "\(answer.text)")
        #expect(try site.state("admin") == before, "nothing stored")
    }

    /// One request with raw bytes for a body, on a fresh connection.
    private func post(_ site: RESTSite, target: String, contentType: String, body: [UInt8]) throws -> RawClient.Response {
        let client = try RawClient(port: site.port)
        let credentials = Data("\(site.admin.login):\(site.admin.password)".utf8).base64EncodedString()
        try client.send(Array("""
            POST \(target) HTTP/1.1\r
            Host: 127.0.0.1:\(site.port)\r
            Connection: close\r
            Authorization: Basic \(credentials)\r
            Content-Type: \(contentType)\r
            Content-Length: \(body.count)\r
            \r

            """.utf8) + body)
        return try client.readResponse()
    }

    @Test func aFormBodyNameThatIsNotUTF8IsRefused() throws {
        let site = try RESTSite()
        let before = try site.state("admin")
        try expectRefusal(try site.send("POST", RESTSite.collection, as: site.admin, formBody: "name=%FF%FE%FD"), naming: "name", site, before: before)
        // Raw bytes, not escapes, the same; and a bad byte in a list item names the list.
        let raw = try post(site, target: "/wp-json" + RESTSite.collection, contentType: "application/x-www-form-urlencoded",
                           body: Array("name=ok&app_id=".utf8) + [0xC3, 0x28])
        try expectRefusal(raw, naming: "app_id", site, before: before)
        try expectRefusal(try site.send("POST", RESTSite.collection, as: site.admin, formBody: "name=x&enabled_for[]=rest-api%C0%AF"),
                          naming: "enabled_for", site, before: before)
        // Valid multi-byte UTF-8 still works.
        let fine = try site.send("POST", RESTSite.collection, as: site.admin, formBody: "name=Caf%C3%A9")
        #expect(fine.status == 201 && fine.value["name"]?.string == "Café", "\(fine.text)")
    }

    @Test func aMultipartFieldThatIsNotUTF8IsRefused() throws {
        let site = try RESTSite()
        let before = try site.state("admin")
        let body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n".utf8) + [0x41, 0xFF, 0x42]
            + Array("\r\n--XyZ--\r\n".utf8)
        let answer = try post(site, target: "/wp-json" + RESTSite.collection, contentType: "multipart/form-data; boundary=XyZ", body: body)
        try expectRefusal(answer, naming: "name", site, before: before)
    }

    @Test func aQueryParameterThatIsNotUTF8IsRefusedInBothRESTForms() throws {
        let site = try RESTSite()
        let before = try site.state("admin")
        for target in ["/wp-json\(RESTSite.collection)?name=%E2%82", "/?rest_route=\(RESTSite.collection)&name=%80abc"] {
            try expectRefusal(try post(site, target: target, contentType: "application/x-www-form-urlencoded", body: []),
                              naming: "name", site, before: before)
        }
        // `context` on a read is a string argument too.
        let read = try RawHTTP.request("GET", "/wp-json\(RESTSite.collection)?context=%FFedit", port: site.port,
                                       basic: (site.admin.login, site.admin.password))
        #expect(read.status == 400 && read.value["data"]?["params"]?["context"]?.string == "context is not valid UTF-8.", "\(read.text)")
    }
}
