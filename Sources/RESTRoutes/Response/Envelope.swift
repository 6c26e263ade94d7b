/// `?_envelope` (`WP_REST_Server::envelope_response`): for clients that cannot read statuses or
/// headers, the answer becomes 200 with `{"body": …, "status": N, "headers": {…}}`. The content
/// type stays a real header (WordPress sends it separately, not in the envelope).
enum Envelope {
    static func wrap(_ reply: RESTReply) -> RESTReply {
        RESTReply(.object([
            ("body", reply.body),
            ("status", .int(Int64(reply.status))),
            ("headers", reply.headers.isEmpty ? .array([]) : .object(reply.headers.map { ($0.name, .string($0.value)) })),
        ]))
    }
}
