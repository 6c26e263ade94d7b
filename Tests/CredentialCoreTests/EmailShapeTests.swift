import CredentialCore
import Testing

@Suite("is_email shape")
struct EmailShapeTests {
    @Test(arguments: [
        ("jane@example.com", true),
        ("a@b.co", true),
        ("first.last+tag@sub.example.org", true),
        ("o'neil@example.ie", true),
        ("x@a-b.example", true),
        ("a@b.c", false),                  // 5 characters
        ("@example.com", false),
        ("jane.example.com", false),
        ("jane@localhost", false),         // one label
        ("jane@example..com", false),
        ("jane@.example.com", false),
        ("jane@example.com.", false),
        ("jane@-example.com", false),
        ("jane@example-.com", false),
        ("jane@exa_mple.com", false),
        ("ja ne@example.com", false),
        ("jane@ex@ample.com", false),
        ("j\u{f6}rg@example.com", false),
        ("admin", false),
    ])
    func shape(_ text: String, _ expected: Bool) {
        #expect(isEmailShaped(text) == expected)
    }
}
