/// The method WordPress dispatches on (`WP_REST_Server::serve_request`): the `_method` query
/// parameter if present, else the `X-HTTP-Method-Override` header, else the request method;
/// upper-cased. iThemes' read-only check uses the same rule, so a GET carrying
/// `?_method=DELETE` counts as a DELETE.
enum EffectiveMethod {
    static func of(_ request: RESTRequest) -> String {
        if let override = request.query.last(where: { $0.name == "_method" })?.value { return override.uppercased() }
        if let override = request.header("X-HTTP-Method-Override") { return override.uppercased() }
        return upper(request.method)
    }

    /// `uppercased()`, skipped for the usual method already in ASCII capitals.
    private static func upper(_ method: String) -> String {
        method.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) ? method : method.uppercased()
    }

    /// The methods a read-only password may use (iThemes `Application_Passwords_Core`).
    static func isReading(_ method: String) -> Bool { method == "GET" || method == "HEAD" || method == "OPTIONS" }
}
