import Testing
@testable import RESTRoutes

@Suite struct RESTRequestHeaderTests {
    private let request = RESTRequest(method: "GET", route: "/", query: [],
                                      headers: [("content-TYPE", "first"), ("Content-Type", "second"), ("X-Ab", "x")],
                                      body: [], clientAddress: "127.0.0.1", siteURL: "http://example.test")

    @Test func theFirstFieldOfTheNameWinsWhateverItsCase() {
        #expect(request.header("Content-Type") == "first")
        #expect(request.header("CONTENT-type") == "first")
        #expect(request.header("x-ab") == "x")
    }

    @Test func onlyTheWholeNameMatches() {
        #expect(request.header("Content-Typ") == nil)
        #expect(request.header("Content-Types") == nil)
        #expect(request.header("X-Ac") == nil)
        #expect(request.header("") == nil)
    }
}
