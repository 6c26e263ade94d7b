import CredentialCore
import Testing

@Suite("sanitize_text_field for names")
struct NameSanitizerTests {
    @Test(arguments: [
        ("My App", "My App"),
        ("  padded  ", "padded"),
        ("many   inner \t\r\n spaces", "many inner spaces"),
        ("<b>Bold</b> client", "Bold client"),
        ("<a href=\"x>y\">link</a>", "link"),                       // a quoted '>' does not end the tag
        ("<script>alert(1)</script>Phone", "Phone"),
        ("<SCRIPT type=\"text/javascript\">x()</Script>Phone", "Phone"),
        ("<style>p{}</style>Tablet", "Tablet"),
        ("before<!-- note -->after", "beforeafter"),
        ("a < b", "a &lt; b"),                                      // a lone '<' is escaped, not dropped
        ("x <y", "x &lt;y"),
        ("1 > 0", "1 > 0"),
        ("Tom & Jerry", "Tom & Jerry"),                             // no '<': left alone
        ("50%25 off", "50 off"),
        ("%41%42name", "name"),
        ("%%4141x", "x"),                                           // removed until none is left
        ("100%", "100%"),
        ("caf\u{e9} \u{2603}", "caf\u{e9} \u{2603}"),
        ("<script>only</script>", ""),
        ("   ", ""),
        ("%20", ""),
    ])
    func sanitises(_ input: String, _ expected: String) {
        #expect(NameSanitizer.sanitize(input) == expected)
    }
}
