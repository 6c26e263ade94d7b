import Testing
@testable import RESTRoutes

@Suite struct FormDecoderTests {
    private func decode(_ text: String) -> JSON { FormDecoder.decode(Array(text.utf8)) }

    @Test func plusIsSpaceAndPercentEscapesDecode() {
        #expect(decode("name=My+App%21%20%C3%A9&app_id=") == .object([("name", "My App! é"), ("app_id", "")]))
    }

    @Test func malformedEscapesStayAsWritten() {
        #expect(decode("name=100%&x=%zz%4") == .object([("name", "100%"), ("x", "%zz%4")]))
    }

    @Test func bracketsBuildListsAndMaps() {
        #expect(decode("enabled_for[]=rest-api&enabled_for[]=xml-rpc&m[a]=1&m[b]=2")
                == .object([("enabled_for", ["rest-api", "xml-rpc"]), ("m", .object([("a", "1"), ("b", "2")]))]))
        #expect(decode("enabled_for%5B%5D=rest-api") == .object([("enabled_for", ["rest-api"])]))
    }

    @Test func repeatedPlainKeyKeepsTheLastValue() {
        #expect(decode("name=a&name=b&flag") == .object([("name", "b"), ("flag", "")]))
    }

    @Test func phpKeyMangling() {
        #expect(decode("a.b=1&c d=2&=skipped&&e[=3") == .object([("a_b", "1"), ("c_d", "2"), ("e_", "3")]))
    }
}

@Suite struct MultipartDecoderTests {
    private let body = Array(("--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nCurl App\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"enabled_for[]\"\r\n\r\nrest-api\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile\r\n"
        + "--XyZ--\r\n").utf8)

    @Test func textFieldsAreKeptAndFilesSkipped() {
        #expect(MultipartDecoder.boundary(of: "multipart/form-data; boundary=\"XyZ\"") == "XyZ")
        #expect(MultipartDecoder.boundary(of: "text/plain; boundary=XyZ") == nil)
        #expect(MultipartDecoder.decode(body, boundary: "XyZ") == .object([("name", "Curl App"), ("enabled_for", ["rest-api"])]))
    }

    @Test func truncatedBodiesKeepWhatCameBefore() {
        #expect(MultipartDecoder.decode(Array(body.prefix(80)), boundary: "XyZ") == .object([("name", "Curl App")]))
        #expect(MultipartDecoder.decode(Array("garbage".utf8), boundary: "XyZ") == .emptyObject)
    }
}
