import CredentialCore
import Foundation
import RESTRoutes
import Synchronization
import XMLRPC

/// A tiny notes service: kept in memory, shared by every event loop (so behind a lock).
public final class Notes: Sendable {
    public struct Note: Sendable {
        public let id: Int64
        public let text: String
        public let author: String
    }

    private let notes = Mutex<[Note]>([])

    public init() {}

    public var all: [Note] { notes.withLock { $0 } }

    func add(_ text: String, by author: String) -> Note {
        notes.withLock { notes in
            let note = Note(id: Int64(notes.count + 1), text: text, author: author)
            notes.append(note)
            return note
        }
    }

    /// `notes.list(username, password)`: reading, so a read-only XML-RPC password may call it.
    public var xmlrpcMethods: [MethodRegistry.Method] {
        [MethodRegistry.Method(
            "notes.list",
            help: "Returns every note as a struct {id, text, author}.",
            signatures: [["array", "string", "string"]],
            argumentStyle: .wordpress,
            minimumArguments: 2
        ) { [self] (call: inout Invocation) throws(Fault) -> Value in
            try call.authenticate(usernameAt: 0, passwordAt: 1)
            return .array(all.map { note in
                .struct(["id": .int(note.id), "text": .string(note.text), "author": .string(note.author)])
            })
        }]
    }

    /// `GET /example/v1/notes` (anyone logged in) and `POST /example/v1/notes` with `text` (writing:
    /// a read-only REST password gets 403 `unsupported_http_method`).
    public var restRoutes: [RESTRoute] {
        get throws {
            [try RESTRoute("/example/v1/notes", namespace: "example/v1", [
                RESTEndpoint(RESTEndpoint.readable, permission: Self.loggedIn) { [self] _ in
                    RESTReply(.array(all.map(Self.json)))
                },
                RESTEndpoint(RESTEndpoint.creatable,
                             arguments: [RESTArgument("text", type: .string, required: true, description: "The note.",
                                                      check: { $0.stringValue?.isEmpty == true ? "text must not be empty." : nil })],
                             permission: Self.loggedIn) { [self] context throws(RESTError) in
                    guard let caller = context.caller, let text = context.string("text") else { throw .notLoggedIn }
                    return RESTReply(status: 201, Self.json(add(text, by: caller.user.login)))
                },
            ])]
        }
    }

    @Sendable private static func loggedIn(_ context: RESTRouteContext) throws(RESTError) {
        guard context.caller != nil else { throw .notLoggedIn }
    }

    private static func json(_ note: Note) -> JSON {
        .object([("id", .int(note.id)), ("text", .string(note.text)), ("author", .string(note.author))])
    }
}
