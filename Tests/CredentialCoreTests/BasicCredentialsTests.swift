import CredentialCore
import Testing

@Suite("HTTP Basic parsing")
struct BasicCredentialsTests {
    @Test("every basic_auth case", arguments: VectorFile.shared.basic_auth.cases.indices)
    func basicCase(_ index: Int) throws {
        let check = VectorFile.shared.basic_auth.cases[index]
        let parsed = try #require(BasicCredentials(authorizationHeader: check.header), "\(check.note)")
        #expect(parsed.login == check.decoded_user)
        #expect(parsed.password == check.decoded_password)
        #expect(parsed.login == check.login && parsed.password == check.password)
        #expect(PasswordFormat.normalise(parsed.password) == Array(check.normalised_password.utf8))
    }

    @Test("every parser case", arguments: VectorFile.shared.basic_auth.parser_cases.indices)
    func parserCase(_ index: Int) {
        let check = VectorFile.shared.basic_auth.parser_cases[index]
        #expect((BasicCredentials(authorizationHeader: check.header) != nil) == check.accepted, "\(check.reason)")
    }

    @Test("refused shapes", arguments: ["", "Basic", "Basic ", "Basic YWRtaW46eA== ", "Basic YWRt aW46eA==", "Basic YWRtaW46eA===",
                                        "Basic YW=RtaW46eA", "Basic YWRtaW46eA-_", "Basic\tYWRtaW46eA=="])
    func refused(_ header: String) {
        #expect(BasicCredentials(authorizationHeader: header) == nil)
    }

    @Test("the scheme case is ignored and the decoded value is split at the first colon")
    func decodesAsWordPress() throws {
        let parsed = try #require(BasicCredentials(authorizationHeader: "BASIC YWRtaW46eA=="))
        #expect(parsed == BasicCredentials(login: "admin", password: "x"))
        // Padding may be left off, as PHP's base64_decode allows.
        #expect(BasicCredentials(authorizationHeader: "Basic YWRtaW46eA") == BasicCredentials(login: "admin", password: "x"))
    }
}
