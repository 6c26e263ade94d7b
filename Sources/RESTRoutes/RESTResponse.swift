/// A REST answer: status, content type, extra headers (not Content-Type, Date, Content-Length), body.
public struct RESTResponse {
    /// WordPress's, on every REST answer.
    public static let jsonContentType = "application/json; charset=UTF-8"

    public var status: Int
    public var contentType: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, contentType: String = RESTResponse.jsonContentType, headers: [(name: String, value: String)] = [], body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }
}
