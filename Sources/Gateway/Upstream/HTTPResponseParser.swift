/// Reads a whole HTTP/1.1 answer for the CLI's blocking client: the head by `AnswerHeadParser` (the
/// gateway's own, strict), the body by `Content-Length`, `ChunkedDecoder`, or the end of the connection.
enum HTTPResponseParser {
    typealias Failure = BlockingHTTPClient.Failure

    /// `raw` is everything the server sent before it closed.
    static func parse(_ raw: [UInt8]) throws(Failure) -> BlockingHTTPClient.Response {
        guard let answer = try answer(raw, atEnd: true) else { throw Failure("the answer ended early") }
        return answer
    }

    /// Whether `raw` already holds a whole framed answer (so reading may stop before the close).
    static func isComplete(_ raw: [UInt8]) -> Bool {
        (try? answer(raw, atEnd: false)) != nil
    }

    /// nil: more is needed (never when `atEnd`).
    private static func answer(_ raw: [UInt8], atEnd: Bool) throws(Failure) -> BlockingHTTPClient.Response? {
        let outcome = raw.withUnsafeBytes { AnswerHeadParser.parse($0, requestMethod: "GET") }
        switch outcome {
        case .needMoreBytes:
            if atEnd { throw Failure("the answer ended inside its head") }
            return nil
        case .invalid:
            throw Failure("not a valid HTTP/1.1 answer")
        case .head(let head, let consumed):
            let headers = head.headers.map { (name: $0.name.lowercased(), value: $0.value) }
            let rest = Array(raw[consumed...])
            func answer(_ body: [UInt8]) -> BlockingHTTPClient.Response { .init(status: head.status, headers: headers, body: body) }
            switch head.framing {
            case .none:
                return answer([])
            case .length(let length):
                guard rest.count >= length else {
                    if atEnd { throw Failure("the answer ended \(length - rest.count) bytes short") }
                    return nil
                }
                return answer(Array(rest.prefix(length)))
            case .untilClose:
                return atEnd ? answer(rest) : nil
            case .chunked:
                var decoder = ChunkedDecoder(limits: HTTPLimits(maxHeaderBytes: AnswerHeadParser.maxHeadBytes, maxBodyBytes: Int.max / 2))
                var body: [UInt8] = []
                switch rest.withUnsafeBytes({ decoder.decode($0, into: &body) }) {
                case .done: return answer(body)
                case .reject: throw Failure("a malformed chunked body")
                case .needMoreBytes:
                    if atEnd { throw Failure("a truncated chunked body") }
                    return nil
                }
            }
        }
    }
}
