import Testing
import CredentialCore
@testable import RESTRoutes

@Suite struct GMTDateTests {
    @Test(arguments: [(Int64(0), "1970-01-01T00:00:00"), (951_782_400, "2000-02-29T00:00:00"), (1_764_697_150, "2025-12-02T17:39:10"),
                      (4_102_444_799, "2099-12-31T23:59:59"), (-1, "1969-12-31T23:59:59")])
    func formatsAsGmdate(_ seconds: Int64, _ expected: String) {
        #expect(GMTDate.wordpress(seconds) == expected)
        #expect(GMTDate.iso8601(seconds) == expected + "+00:00")
    }
}

@Suite struct SHA256Tests {
    @Test func knownDigests() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func avatarHashesTheTrimmedLowerCasedEmail() {
        #expect(Avatar.make(email: " A@B.example ") == Avatar.make(email: "a@b.example"))
        #expect(Avatar.make(email: "x")["96"]?.stringValue?.hasSuffix("?s=96&d=mm&r=g") == true)
    }
}

@Suite struct FieldsFilterTests {
    @Test func keepsNamedAndNestedMembers() throws {
        let filter = try #require(FieldsFilter(.string("name, _links.self,missing")))
        let item = JSON.object([("uuid", "u"), ("name", "n"), ("_links", .object([("self", ["x"]), ("other", ["y"])]))])
        #expect(filter.apply(.array([item])) == .array([.object([("name", "n"), ("_links", .object([("self", ["x"])]))])]))
    }

    @Test func absentOrEmptyMeansNoFilter() {
        #expect(FieldsFilter(nil) == nil)
        #expect(FieldsFilter(.string(" , ")) == nil)
    }
}

@Suite struct ArgumentTests {
    private func problem(_ argument: RESTArgument, _ value: JSON) -> String? { argument.problem(with: value)?.message }

    @Test func nameNeedsANonSpace() {
        let name = RESTArgument("name", .name, required: true)
        #expect(problem(name, "") == "name must be at least 1 character long.")
        #expect(problem(name, " \t\n") == "name does not match pattern .*\\S.*.")
        #expect(problem(name, 5) == "name is not of type string.")
        #expect(problem(name, "\u{A0}") == nil)                  // NBSP is \S without PCRE's Unicode mode
    }

    @Test func appIDIsAUUIDOrEmpty() {
        let appID = RESTArgument("app_id", .appID)
        #expect(problem(appID, "") == nil)
        #expect(problem(appID, "6f1c7f3e-aaaa-4bbb-8ccc-0123456789ab") == nil)
        #expect(problem(appID, "6F1C7F3E-AAAA-4BBB-8CCC-0123456789AB") == "app_id is not a valid UUID.")   // wp_is_uuid: lower case only
        #expect(problem(appID, "not-a-uuid") == "app_id is not a valid UUID.")
    }

    @Test func apiTypesAndPermissions() {
        let types = RESTArgument("enabled_for", .apiTypes)
        #expect(problem(types, []) == "enabled_for must contain at least 1 item.")
        #expect(problem(types, ["rest-api", "soap"]) == "enabled_for[1] is not one of rest-api and xml-rpc.")
        #expect(problem(types, "rest-api,xml-rpc") == nil)
        #expect(problem(RESTArgument("rest_api_permissions", .permission), "admin") == "rest_api_permissions is not one of read and write.")
        #expect(problem(RESTArgument.context, "full") == "context is not one of view, embed, and edit.")
    }

    @Test func missingRequiredComesFirst() {
        #expect(throws: RESTError.missingParameters(["name"])) {
            try RESTArgument.validate([RESTArgument("app_id", .appID), RESTArgument("name", .name, required: true)], Parameters())
        }
    }
}
