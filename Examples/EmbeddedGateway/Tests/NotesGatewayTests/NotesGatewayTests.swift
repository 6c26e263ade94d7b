import CredentialCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Gateway
import NotesGateway
import RESTRoutes
import Testing
import XMLRPC

/// The example over real HTTP: the custom XML-RPC method (reading) and REST route (GET reading,
/// POST writing) obey dualgate's split — an XML-RPC-only read-only password may call the method
/// but not the POST, a REST-only password the reverse.
@Suite(.timeLimit(.minutes(3)))
struct NotesGatewayTests {
    struct Site {
        let server: DualgateServer
        let port: UInt16
        let xmlrpcReadOnly: String
        let restOnly: String
        let restReadOnly: String
    }

    func start() throws -> Site {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("notes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("notes.sqlite").path
        let store = try CredentialStore(path: path)
        let user = try store.addUser(login: "writer", role: .author)
        func password(_ request: PasswordRequest) throws -> String { try store.createPassword(request, for: user.id).plain.chunked }
        let xmlrpcReadOnly = try password(PasswordRequest(name: "desktop", enabledFor: [.xmlrpc], xmlRPCPermission: .read))
        let restOnly = try password(PasswordRequest(name: "deploy", enabledFor: [.rest]))
        let restReadOnly = try password(PasswordRequest(name: "dashboard", enabledFor: [.rest], restAPIPermission: .read))
        let notes = Notes()
        var options = DualgateServer.Options()
        options.port = 0
        let server = try DualgateServer(databasePath: path, methods: MethodRegistry.standard(enableValidator: false).adding(notes.xmlrpcMethods),
                                        routes: RESTRoute.standard + notes.restRoutes, options: options)
        let port = try server.start()
        return Site(server: server, port: port, xmlrpcReadOnly: xmlrpcReadOnly, restOnly: restOnly, restReadOnly: restReadOnly)
    }

    func send(_ method: String, _ path: String, port: UInt16, password: String, body: Data? = nil,
              contentType: String = "application/json") async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.setValue("Basic " + Data("writer:\(password)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = body
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    func listNotes(_ site: Site, password: String) async throws -> String {
        let call = """
            <?xml version="1.0"?><methodCall><methodName>notes.list</methodName><params>\
            <param><value><string>writer</string></value></param><param><value><string>\(password)</string></value></param>\
            </params></methodCall>
            """
        return try await send("POST", "/xmlrpc.php", port: site.port, password: "", body: Data(call.utf8), contentType: "text/xml").body
    }

    @Test func theSplitHoldsForTheExamplesOwnMethodAndRoute() async throws {
        let site = try start()
        defer { site.server.stop(); try? site.server.wait() }
        // REST-only password: may POST a note, may not call the XML-RPC method.
        let created = try await send("POST", "/wp-json/example/v1/notes", port: site.port, password: site.restOnly,
                                     body: Data(#"{"text":"ship it"}"#.utf8))
        #expect(created.status == 201 && created.body.contains(#""author":"writer""#), "\(created)")
        #expect(try await listNotes(site, password: site.restOnly).contains("<name>faultCode</name><value><int>403</int>"))
        // XML-RPC-only, read-only password: may call the (reading) method, may not POST.
        let listed = try await listNotes(site, password: site.xmlrpcReadOnly)
        #expect(listed.contains("<string>ship it</string>") && !listed.contains("faultCode"), "\(listed)")
        let refused = try await send("POST", "/wp-json/example/v1/notes", port: site.port, password: site.xmlrpcReadOnly,
                                     body: Data(#"{"text":"nope"}"#.utf8))
        #expect(refused.status == 401 && refused.body.contains("invalid_api_type"), "\(refused)")
        // A read-only REST password: GET yes, POST no (the route says POST writes).
        #expect(try await send("GET", "/wp-json/example/v1/notes", port: site.port, password: site.restReadOnly).status == 200)
        let readOnly = try await send("POST", "/wp-json/example/v1/notes", port: site.port, password: site.restReadOnly,
                                      body: Data(#"{"text":"nope"}"#.utf8))
        #expect(readOnly.status == 403 && readOnly.body.contains("unsupported_http_method"), "\(readOnly)")
        // The argument schema answers as WordPress: missing, then invalid.
        let missing = try await send("POST", "/wp-json/example/v1/notes", port: site.port, password: site.restOnly, body: Data("{}".utf8))
        #expect(missing.status == 400 && missing.body.contains("rest_missing_callback_param"), "\(missing)")
        let empty = try await send("POST", "/wp-json/example/v1/notes", port: site.port, password: site.restOnly,
                                   body: Data(#"{"text":""}"#.utf8))
        #expect(empty.status == 400 && empty.body.contains("text must not be empty."), "\(empty)")
        // dualgate's own routes are there too.
        #expect(try await send("GET", "/wp-json/wp/v2/users/me", port: site.port, password: site.restOnly).status == 200)
    }
}
