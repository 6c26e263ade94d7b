/// `?_envelope` (`WP_REST_Server::envelope_response`): for clients that cannot read statuses or
/// headers, the answer becomes 200 with `{"body": …, "status": N, "headers": {…}}`.
enum Envelope {
    static func wrap(_ response: RESTResponse) -> RESTResponse {
        let body = (try? JSONReader.parse(response.body)) ?? .null
        // Content-Type stays a real header (WordPress sends it separately, not in the envelope).
        let headers = response.headers.filter { $0.name != RESTApplication.contentTypeHeader.name }
        let envelope = JSON.object([
            ("body", body),
            ("status", .int(Int64(response.status))),
            ("headers", headers.isEmpty ? .array([]) : .object(headers.map { ($0.name, .string($0.value)) })),
        ])
        return RESTResponse(status: 200, headers: [RESTApplication.contentTypeHeader], body: JSONWriter.bytes(envelope))
    }
}
