@testable import Gateway

/// The server fixture's handler: answers `METHOD TARGET body=N from=ADDRESS`, so tests can see what the server
/// framed. `/big` answers 100 KB so slow-reader and HEAD paths carry real content.
final class EchoHandler: HTTPRequestHandler {
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        if request.path == "/big" {
            return HTTPResponse(status: 200, contentType: "application/octet-stream", body: [UInt8](repeating: 0x61, count: 100_000))
        }
        let text = "\(request.method) \(request.target) body=\(request.body.count) from=\(request.remoteAddress)"
        return HTTPResponse(status: 200, contentType: "text/plain", headers: [("X-Echo", "1")], body: Array(text.utf8))
    }
}
