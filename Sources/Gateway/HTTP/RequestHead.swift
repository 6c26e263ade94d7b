/// A parsed request line and header section, with the framing and connection semantics already decided.
package struct RequestHead: Equatable {
    package var method: String
    package var target: String
    package var minorVersion: Int
    package var headers: [(name: String, value: String)]
    package var framing: BodyFraming
    /// Whether the client allows the connection to stay open after this exchange (RFC 9112 §9.3).
    package var keepAlive: Bool
    /// `Expect: 100-continue` on an HTTP/1.1 request (RFC 9110 §10.1.1).
    package var expectsContinue: Bool

    package init(method: String, target: String, minorVersion: Int, headers: [(name: String, value: String)],
                 framing: BodyFraming, keepAlive: Bool, expectsContinue: Bool) {
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }

    package static func == (lhs: RequestHead, rhs: RequestHead) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.minorVersion == rhs.minorVersion
            && lhs.framing == rhs.framing && lhs.keepAlive == rhs.keepAlive && lhs.expectsContinue == rhs.expectsContinue
            && lhs.headers.count == rhs.headers.count
            && zip(lhs.headers, rhs.headers).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
